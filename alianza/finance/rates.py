"""Currency conversion with dated exchange rates, in Decimal.

A RateTable loads the rates once (one query) and converts any number of amounts:
    table = RateTable.load()
    table.convert(Decimal("1000"), "MXN", "USD", on=date(2019, 3, 1))
Amounts go through the US dollar: units / (units per USD) -> USD -> x (units per USD).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")


class MissingRate(LookupError):
    """No exchange rate covers the currency on that date."""

    def __init__(self, currency: str, on: date):
        self.currency, self.on = currency, on
        super().__init__(
            _("There is no %(currency)s exchange rate for %(date)s.")
            % {"currency": currency, "date": on.isoformat()}
        )


@dataclass
class RateTable:
    """Rates by currency, sorted by start date."""

    spans: dict[str, list[tuple[date, date, Decimal]]] = field(default_factory=dict)

    @classmethod
    def load(cls, currencies=None) -> RateTable:
        from alianza.finance.models import ExchangeRate

        rates = ExchangeRate.objects.order_by("currency", "valid_from")
        if currencies is not None:
            rates = rates.filter(currency__in=list(currencies))
        table = cls()
        for rate in rates.values_list("currency", "valid_from", "valid_to", "units_per_usd"):
            table.spans.setdefault(rate[0], []).append((rate[1], rate[2], rate[3]))
        return table

    @classmethod
    def lazy(cls) -> RateTable:
        """A table that loads the rates only when an amount needs converting."""
        table = cls()
        table._pending = True
        return table

    def units_per_usd(self, currency: str, on: date) -> Decimal:
        if currency == "USD":
            return Decimal(1)
        if getattr(self, "_pending", False):
            self.spans = RateTable.load().spans
            self._pending = False
        spans = self.spans.get(currency, [])
        index = bisect.bisect_right([s[0] for s in spans], on) - 1
        if index >= 0 and spans[index][0] <= on <= spans[index][1]:
            return spans[index][2]
        raise MissingRate(currency, on)

    def has_rate(self, currency: str, on: date) -> bool:
        try:
            self.units_per_usd(currency, on)
        except MissingRate:
            return False
        return True

    def convert(self, amount: Decimal, source: str, target: str, *, on: date) -> Decimal:
        if source == target:
            return amount
        usd = amount / self.units_per_usd(source, on)
        return (usd * self.units_per_usd(target, on)).quantize(CENT, rounding=ROUND_HALF_UP)


def require_rate(currency: str, on: date, *, field: str, record: str) -> None:
    """Refuse (ValidationError on `field`) an amount in a currency without a rate for `on`."""
    from django.core.exceptions import ValidationError

    if currency == "USD":
        return
    if not RateTable.load([currency]).has_rate(currency, on):
        raise ValidationError(
            {
                field: _(
                    "%(record)s: there is no %(currency)s exchange rate for %(date)s; add the "
                    "rate first."
                )
                % {"record": record, "currency": currency, "date": on.isoformat()}
            }
        )
