"""The spending-pace rule: is an initiative spending ahead of its time, its products or its
peers, or has it stalled?

For each initiative, as of a date, in the program's currency:

* spent: its disbursements and expenditures so far; their span runs from the first day
  any of them covers to the last one's date; the monthly rate is spent / months of span.
* rate signal (needs no budget): the program's median monthly rate over the initiatives
  that spent (at least `pace_min_initiatives` of them). An initiative whose rate is at
  least `pace_rate_ratio` times that median, sustained over at least `pace_min_months`
  months, runs ahead. This is the report's own comparison (section 5.6: PDI support spent
  in four months 97% of what the virtual training spent in three years); the minimum span
  keeps one-off events (a three-day consultation) from being flagged for spending at once.
* budget signals (when the initiative has budget lines): share of budget spent against
  share of its execution time elapsed; ahead when it leads by `pace_ahead_margin`, stalled
  when time leads by `pace_behind_margin`.
* deliverable signal (when its consultancies expect products by then): share of budget
  spent against the share of expected products accepted by all partners; ahead when
  spending leads by `pace_ahead_margin`.

Ahead wins over stalled; an initiative with no signal to evaluate has no status (None).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from alianza.finance.choices import SPENDING_TYPES
from alianza.finance.models import BudgetLine, Transaction
from alianza.finance.rates import MissingRate, RateTable
from alianza.monitoring.choices import PaceStatus
from alianza.monitoring.models import MonitoringSettings

ZERO = Decimal("0")


def months_between(first: date, last: date) -> int:
    """Calendar months a span touches, both ends included (Oct-Dec = 3)."""
    return max((last.year - first.year) * 12 + last.month - first.month + 1, 1)


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part / whole).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@dataclass
class Pace:
    initiative_id: int
    number: int
    title: str
    currency: str
    spent: Decimal = ZERO
    first: date | None = None
    last: date | None = None
    months: int = 0
    rate: Decimal | None = None
    ratio: Decimal | None = None
    budget: Decimal | None = None
    spent_share: Decimal | None = None
    time_share: Decimal | None = None
    expected_products: int = 0
    delivered_products: int = 0
    delivered_share: Decimal | None = None
    reconstructed: bool = False
    unconverted: int = 0
    status: str | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.status in (PaceStatus.AHEAD, PaceStatus.BEHIND)

    def get_status_display(self) -> str:
        return PaceStatus(self.status).label if self.status else _("Not enough data")

    def as_dict(self) -> dict:
        return {
            "initiative": self.number,
            "status": self.status,
            "spent": f"{self.spent:.2f}",
            "currency": self.currency,
            "months": self.months,
            "rate": f"{self.rate:.2f}" if self.rate is not None else None,
            "ratio": f"{self.ratio:.2f}" if self.ratio is not None else None,
            "spent_share": str(self.spent_share) if self.spent_share is not None else None,
            "time_share": str(self.time_share) if self.time_share is not None else None,
            "delivered_share": (
                str(self.delivered_share) if self.delivered_share is not None else None
            ),
            "reasons": list(self.reasons),
        }


@dataclass
class ProgramPace:
    program_id: int
    as_of: date
    median_rate: Decimal | None
    settings: MonitoringSettings
    items: dict[int, Pace]

    def ordered(self) -> list[Pace]:
        rank = {PaceStatus.AHEAD: 0, PaceStatus.BEHIND: 1}
        return sorted(
            self.items.values(), key=lambda p: (rank.get(p.status, 2), -(p.ratio or 0), p.number)
        )

    @property
    def flagged(self) -> list[Pace]:
        return [p for p in self.ordered() if p.flagged]

    @property
    def any_reconstructed(self) -> bool:
        """Whether a pace counts reconstructed transactions (the table then explains its "R")."""
        return any(p.reconstructed for p in self.items.values())


def _time_share(periods, as_of: date) -> Decimal | None:
    """Share of the execution time (first start to last end) elapsed on `as_of`."""
    if not periods or any(p.end_date is None for p in periods):
        return None
    start = min(p.start_date for p in periods)
    end = max(p.end_date for p in periods)
    if as_of < start:
        return Decimal("0")
    total = (end - start).days + 1
    elapsed = min((as_of - start).days + 1, total)
    return _share(Decimal(elapsed), Decimal(total))


def program_paces(programs, *, as_of: date) -> dict[int, ProgramPace]:
    """The pace of the initiatives of the given programs that have spending, a budget or
    expected products, in a fixed number of queries (four when no budget, contract or
    foreign currency is involved; at most eight)."""
    from alianza.contracts.models import Deliverable, DeliverableReview
    from alianza.initiatives.models import ExecutionPeriod
    from alianza.programs.models import Partnership

    programs = list(
        programs.select_related("monitoring_settings")
        if hasattr(programs, "select_related")
        else programs
    )
    if not programs:
        return {}
    ids = [p.pk for p in programs]
    table = RateTable.lazy()
    currency_of = {p.pk: p.currency for p in programs}
    paces: dict[int, Pace] = {}
    program_of: dict[int, int] = {}

    def pace_of(initiative) -> Pace:
        if initiative.pk not in paces:
            paces[initiative.pk] = Pace(
                initiative.pk,
                initiative.number,
                initiative.title,
                currency_of[initiative.program_id],
            )
            program_of[initiative.pk] = initiative.program_id
        return paces[initiative.pk]

    spending = Transaction.objects.filter(
        initiative__program_id__in=ids, kind__in=SPENDING_TYPES, date__lte=as_of
    ).select_related("initiative")
    for item in spending:
        pace = pace_of(item.initiative)
        try:
            pace.spent += table.convert(
                item.amount, item.currency, pace.currency, on=item.effective_value_date
            )
        except MissingRate:
            pace.unconverted += 1
            continue
        pace.first = min(filter(None, [pace.first, item.span_start]))
        pace.last = max(filter(None, [pace.last, item.date]))
        pace.reconstructed = pace.reconstructed or item.is_reconstructed

    budgets: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in BudgetLine.objects.filter(
        program_id__in=ids, initiative__isnull=False
    ).select_related("initiative"):
        pace = pace_of(line.initiative)
        try:
            budgets[line.initiative_id] += table.convert(
                line.current_amount, line.currency, pace.currency, on=line.value_date
            )
        except MissingRate:
            pace.unconverted += 1
    periods: dict[int, list] = defaultdict(list)
    if budgets:
        for period in ExecutionPeriod.objects.filter(initiative_id__in=list(budgets)):
            periods[period.initiative_id].append(period)

    deliverables = list(
        Deliverable.objects.filter(
            contract__initiative__program_id__in=ids, planned_date__lte=as_of
        )
        .select_related("contract__initiative")
        .prefetch_related(
            Prefetch("reviews", queryset=DeliverableReview.objects.filter(reviewed_on__lte=as_of))
        )
    )
    if deliverables:
        partners = defaultdict(list)
        for program_id, institution_id in Partnership.objects.filter(
            program_id__in=ids
        ).values_list("program_id", "institution_id"):
            partners[program_id].append(institution_id)
        for deliverable in deliverables:
            pace = pace_of(deliverable.contract.initiative)
            pace.expected_products += 1
            deliverable._partner_ids = partners[deliverable.contract.program_id]
            if deliverable.is_accepted:
                pace.delivered_products += 1

    result: dict[int, ProgramPace] = {}
    for program in programs:
        try:
            settings = program.monitoring_settings
        except MonitoringSettings.DoesNotExist:
            settings = MonitoringSettings(program=program)
        items = {pk: p for pk, p in paces.items() if program_of[pk] == program.pk}
        for pace in items.values():
            if pace.spent and pace.first and pace.last:
                pace.months = months_between(pace.first, pace.last)
                pace.rate = (pace.spent / pace.months).quantize(Decimal("0.01"))
        rates = [p.rate for p in items.values() if p.rate]
        median = (
            Decimal(statistics.median(rates)).quantize(Decimal("0.01"))
            if len(rates) >= settings.pace_min_initiatives
            else None
        )
        for pk, pace in items.items():
            _judge(pace, settings, median, budgets.get(pk), periods.get(pk, []), as_of)
        result[program.pk] = ProgramPace(program.pk, as_of, median, settings, items)
    return result


def _judge(pace: Pace, settings, median, budget, periods, as_of: date) -> None:
    ahead, behind, evaluated = [], [], False
    if median and pace.rate is not None:
        evaluated = True
        pace.ratio = (pace.rate / median).quantize(Decimal("0.01"))
        if pace.months >= settings.pace_min_months and pace.ratio >= settings.pace_rate_ratio:
            ahead.append(
                _("spends %(ratio)s times the program's median monthly rate over %(months)s months")
                % {"ratio": pace.ratio, "months": pace.months}
            )
    if budget:
        pace.budget = budget
        pace.spent_share = _share(pace.spent, budget)
        pace.time_share = _time_share(periods, as_of)
        if pace.time_share is not None:
            evaluated = True
            gap = pace.spent_share - pace.time_share
            if gap >= settings.pace_ahead_margin:
                ahead.append(
                    _("has spent %(spent)s%% of its budget in %(time)s%% of its time")
                    % {"spent": round(pace.spent_share * 100), "time": round(pace.time_share * 100)}
                )
            elif -gap >= settings.pace_behind_margin:
                behind.append(
                    _("has spent %(spent)s%% of its budget in %(time)s%% of its time")
                    % {"spent": round(pace.spent_share * 100), "time": round(pace.time_share * 100)}
                )
    if pace.expected_products:
        pace.delivered_share = _share(
            Decimal(pace.delivered_products), Decimal(pace.expected_products)
        )
        if pace.spent_share is not None:
            evaluated = True
            if pace.spent_share - pace.delivered_share >= settings.pace_ahead_margin:
                ahead.append(
                    _(
                        "has spent %(spent)s%% of its budget with %(done)s of %(expected)s "
                        "expected "
                        "products accepted"
                    )
                    % {
                        "spent": round(pace.spent_share * 100),
                        "done": pace.delivered_products,
                        "expected": pace.expected_products,
                    }
                )
    if ahead:
        pace.status, pace.reasons = PaceStatus.AHEAD, ahead
    elif behind:
        pace.status, pace.reasons = PaceStatus.BEHIND, behind
    elif evaluated:
        pace.status = PaceStatus.ON_TRACK


def program_pace(program, *, as_of: date) -> ProgramPace:
    from alianza.programs.models import Program

    return program_paces(Program.objects.filter(pk=program.pk), as_of=as_of)[program.pk]
