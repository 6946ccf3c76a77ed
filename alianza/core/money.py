"""Currency conversion with dated exchange rates between any pair of currencies, in Decimal.

A rate says how many units of `quote` one unit of `base` buys over a span of dates. An
amount converts with the rate of its pair (direct), of the opposite pair (inverse: divided
by it), or through other currencies (triangulated: EUR → USD → CLP), always on one date and
by the fewest steps; the path is kept so that pages can show it. A pair without a path is a
`MissingRate` naming the pair and the date, never a silent zero.

The rates are records of the finance app, which registers their loader at start-up
(`register_rate_loader`), so that the apps below it (initiatives, the systematization)
convert their amounts without importing it:

    table = RateTable.load()
    table.convert(Decimal("1000"), "EUR", "CLP", on=date(2021, 3, 1))
    table.conversion(Decimal("1000"), "EUR", "CLP", on=date(2021, 3, 1)).path_display
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
#: Currencies tried first when a path goes through another currency.
HUBS = ("USD", "EUR")

#: (base, quote, valid_from, valid_to, rate) rows: what a rate loader returns.
RateRow = tuple[str, str, date, date, Decimal]
_loader: list[Callable[[], Iterable[RateRow]]] = []


def register_rate_loader(loader: Callable[[], Iterable[RateRow]]) -> None:
    """The finance app's exchange rates (one loader; a second replaces the first)."""
    _loader[:] = [loader]


class MissingRate(LookupError):
    """No rate, direct, inverse or through other currencies, converts the pair on that date."""

    def __init__(self, source: str, target: str, on: date):
        self.source, self.target, self.on = source, target, on
        # The old single-currency attribute, for callers that name one currency.
        self.currency = source if source != "USD" else target
        super().__init__(
            _(
                "There is no exchange rate from %(source)s to %(target)s for %(date)s "
                "(direct, inverse or through another currency)."
            )
            % {"source": source, "target": target, "date": on.isoformat()}
        )


@dataclass(frozen=True)
class Step:
    """One conversion: from `source` to `target` with `rate` (quoted base→quote), inverted
    when the rate is quoted the other way."""

    source: str
    target: str
    rate: Decimal
    inverse: bool

    def apply(self, amount: Decimal) -> Decimal:
        return amount / self.rate if self.inverse else amount * self.rate


@dataclass(frozen=True)
class Conversion:
    amount: Decimal
    source: str
    target: str
    on: date
    steps: tuple[Step, ...] = ()

    @property
    def path(self) -> list[str]:
        return [self.source] + [step.target for step in self.steps]

    @property
    def path_display(self) -> str:
        """ "EUR → USD → CLP, rates of 2021-03-01" ("" when nothing converts)."""
        if not self.steps:
            return ""
        return _("%(path)s, rates of %(date)s") % {
            "path": " → ".join(self.path),
            "date": self.on.isoformat(),
        }


@dataclass
class RateTable:
    """Rates by (base, quote) pair, each pair's spans sorted by start date."""

    spans: dict[tuple[str, str], list[tuple[date, date, Decimal]]] = field(default_factory=dict)
    _pending: bool = False

    @classmethod
    def from_rows(cls, rows: Iterable[RateRow]) -> RateTable:
        table = cls()
        for base, quote, start, end, rate in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
            table.spans.setdefault((base, quote), []).append((start, end, rate))
        return table

    @classmethod
    def load(cls) -> RateTable:
        """Every rate (one query); no rate at all when no app registered a loader."""
        return cls.from_rows(_loader[0]() if _loader else [])

    @classmethod
    def lazy(cls) -> RateTable:
        """A table that loads the rates only when an amount needs converting."""
        return cls(_pending=True)

    def _ensure(self) -> None:
        if self._pending:
            self.spans = RateTable.load().spans
            self._pending = False

    def rate(self, base: str, quote: str, on: date) -> Decimal | None:
        """The rate quoted for the pair on `on`, or None."""
        spans = self.spans.get((base, quote), [])
        index = bisect.bisect_right([s[0] for s in spans], on) - 1
        if index >= 0 and spans[index][0] <= on <= spans[index][1]:
            return spans[index][2]
        return None

    def _edges(self, on: date) -> dict[str, list[Step]]:
        edges: dict[str, list[Step]] = {}
        for base, quote in self.spans:
            rate = self.rate(base, quote, on)
            if rate is None or rate <= 0:
                continue
            edges.setdefault(base, []).append(Step(base, quote, rate, inverse=False))
            edges.setdefault(quote, []).append(Step(quote, base, rate, inverse=True))

        def order(step: Step) -> tuple:
            hub = HUBS.index(step.target) if step.target in HUBS else len(HUBS)
            return (step.inverse, hub, step.target)

        for steps in edges.values():
            steps.sort(key=order)
        return edges

    def path(self, source: str, target: str, on: date) -> tuple[Step, ...]:
        """The fewest steps from `source` to `target` on `on`: a direct rate before an
        inverse one, and through USD, then EUR, before other currencies."""
        if source == target:
            return ()
        self._ensure()
        edges = self._edges(on)
        previous: dict[str, Step | None] = {source: None}
        queue = deque([source])
        while queue:
            current = queue.popleft()
            for step in edges.get(current, []):
                if step.target in previous:
                    continue
                previous[step.target] = step
                if step.target == target:
                    steps = []
                    node = target
                    while (back := previous[node]) is not None:
                        steps.append(back)
                        node = back.source
                    return tuple(reversed(steps))
                queue.append(step.target)
        raise MissingRate(source, target, on)

    def has_rate(self, source: str, target: str, on: date) -> bool:
        try:
            self.path(source, target, on)
        except MissingRate:
            return False
        return True

    def conversion(self, amount: Decimal, source: str, target: str, *, on: date) -> Conversion:
        steps = self.path(source, target, on)
        value = amount
        for step in steps:
            value = step.apply(value)
        if steps:
            value = value.quantize(CENT, rounding=ROUND_HALF_UP)
        return Conversion(value, source, target, on, steps)

    def convert(self, amount: Decimal, source: str, target: str, *, on: date) -> Decimal:
        return self.conversion(amount, source, target, on=on).amount
