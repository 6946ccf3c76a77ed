"""Reads shared by the budget pages, the dashboard, the report and the API."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypedDict

from django.db.models import QuerySet

from alianza.codelists.currencies import is_currency
from alianza.finance.choices import TransactionType
from alianza.finance.models import BudgetLine, Transaction
from alianza.finance.rates import Conversion, MissingRate, RateTable
from alianza.programs.models import GeneralRevision, Program

ZERO = Decimal("0.00")


def report_currency(program: Program, requested: str | None) -> str:
    """The currency a page reports in: the one asked for when it is an ISO 4217 code, else
    the program's own."""
    requested = (requested or "").strip().upper()
    return requested if requested and is_currency(requested) else program.currency


def report_currencies(program: Program, current: str = "") -> list[str]:
    """The currencies a program's pages offer to report in: the program's own first, then
    those of its amounts and of the exchange rates (any of them may convert), and the one
    shown."""
    from alianza.finance.models import ExchangeRate

    codes = set(ExchangeRate.objects.values_list("base_currency", flat=True))
    codes |= set(ExchangeRate.objects.values_list("currency", flat=True))
    codes |= set(BudgetLine.objects.filter(program=program).values_list("currency", flat=True))
    codes |= set(
        Transaction.objects.filter(initiative__program=program).values_list("currency", flat=True)
    )
    codes |= {current} if current else set()
    codes.discard(program.currency)
    return [program.currency, *sorted(codes)]


def _remember(missing: list[str], exc: MissingRate) -> None:
    if str(exc) not in missing:
        missing.append(str(exc))


# --- The ledger of general revisions ---------------------------------------------------------


@dataclass
class LedgerRow:
    revision: GeneralRevision
    resulting_award: Decimal | None
    award_is_stated: bool
    extends_to: date | None


def revision_ledger(program: Program) -> list[LedgerRow]:
    """The general revisions in order, with the award each one leaves.

    The resulting award is the revision's stated total when the source gives it, and
    otherwise the previous award plus the revision's change; None until some revision
    states a total. The project's end is the latest extension so far.
    """
    rows, award, extends = [], None, None
    revisions = program.general_revisions.prefetch_related("amounts__source").order_by("number")
    for revision in revisions:
        stated = revision.total_award is not None
        if stated:
            award = revision.total_award
        elif award is not None and revision.award_change is not None:
            award = award + revision.award_change
        if revision.extends_to:
            extends = revision.extends_to
        rows.append(LedgerRow(revision, award, stated, extends))
    return rows


# --- Budget per year -----------------------------------------------------------------------


@dataclass
class BudgetYear:
    year: int
    original: Decimal = ZERO
    revised: Decimal = ZERO
    lines: list[BudgetLine] = field(default_factory=list)
    unconverted: int = 0
    #: Which rates are missing (pair and date), one message each.
    missing: list[str] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        return self.revised - self.original


def budget_by_year(
    lines: Iterable[BudgetLine], *, currency: str, table: RateTable | None = None
) -> list[BudgetYear]:
    """Original versus revised (current) budget per year, in `currency`."""
    table = table or RateTable.load()
    years: dict[int, BudgetYear] = {}
    for line in lines:
        row = years.setdefault(line.year, BudgetYear(line.year))
        row.lines.append(line)
        try:
            row.original += table.convert(
                line.original_amount, line.currency, currency, on=line.value_date
            )
            row.revised += table.convert(
                line.current_amount, line.currency, currency, on=line.value_date
            )
        except MissingRate as exc:
            row.unconverted += 1
            _remember(row.missing, exc)
    return [years[y] for y in sorted(years)]


def program_budget_lines(program: Program) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(program=program).select_related(
        "component", "initiative", "funding_source", "revision"
    )


# --- Spending -------------------------------------------------------------------------------


def program_transactions(program: Program) -> QuerySet[Transaction]:
    return (
        Transaction.objects.filter(initiative__program=program)
        .select_related("initiative", "funding_source")
        .order_by("date", "id")
    )


@dataclass
class Converted:
    total: Decimal = ZERO
    unconverted: int = 0
    #: Which rates are missing (pair and date), one message each.
    missing: list[str] = field(default_factory=list)
    #: How amounts in other currencies were converted ("EUR → USD, rates of 2019-03-01").
    paths: list[str] = field(default_factory=list)


def total_in(items: Iterable[Transaction], *, currency: str, table: RateTable) -> Converted:
    result = Converted()
    for item in items:
        try:
            conversion = table.conversion(
                item.amount, item.currency, currency, on=item.effective_value_date
            )
            result.total += conversion.amount
            if conversion.path_display and conversion.path_display not in result.paths:
                result.paths.append(conversion.path_display)
        except MissingRate as exc:
            result.unconverted += 1
            _remember(result.missing, exc)
    return result


@dataclass
class Curve:
    """Planned versus actual cumulative spending, with SVG polylines to draw it."""

    points: list[tuple[date, Decimal, Decimal]]
    maximum: Decimal
    planned_svg: str = ""
    actual_svg: str = ""
    years: list[tuple[int, float]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.points

    @property
    def ticks(self) -> list[tuple[int, str]]:
        """Each year and its x coordinate, written for SVG (a decimal point in every
        language: never localise a coordinate)."""
        return [(year, f"{x:.1f}") for year, x in self.years]


def spending_curve(
    lines: Iterable[BudgetLine],
    transactions: Iterable[Transaction],
    *,
    currency: str,
    as_of: date,
    table: RateTable | None = None,
) -> Curve:
    """Cumulative planned (budget, by the end of each year) and actual (spending, by date)."""
    from alianza.finance.choices import SPENDING_TYPES

    table = table or RateTable.load()
    planned: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        try:
            planned[date(line.year, 12, 31)] += table.convert(
                line.current_amount, line.currency, currency, on=line.value_date
            )
        except MissingRate:
            continue
    actual: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for item in transactions:
        if item.kind not in SPENDING_TYPES or item.date > as_of:
            continue
        try:
            actual[item.date] += table.convert(
                item.amount, item.currency, currency, on=item.effective_value_date
            )
        except MissingRate:
            continue
    dates = sorted(set(planned) | set(actual))
    points, plan_total, actual_total = [], ZERO, ZERO
    for day in dates:
        plan_total += planned.get(day, ZERO)
        actual_total += actual.get(day, ZERO)
        points.append((day, plan_total, actual_total))
    curve = Curve(points=points, maximum=max([plan_total, actual_total, ZERO]))
    if len(points) < 1 or curve.maximum <= 0:
        return curve
    first = date(points[0][0].year, 1, 1)
    last = date(points[-1][0].year, 12, 31)
    span = max((last - first).days, 1)

    def xy(day: date, value: Decimal) -> str:
        x = 600 * (day - first).days / span
        y = 200 - float(200 * value / curve.maximum)
        return f"{x:.1f},{y:.1f}"

    def line_of(totals: list[tuple[date, Decimal]]) -> str:
        coords, previous = ["0,200"], ZERO
        for day, total in totals:
            coords.append(xy(day, previous))  # steps: the total changes on the date
            coords.append(xy(day, total))
            previous = total
        coords.append(xy(last, previous))
        return " ".join(coords)

    if any(planned.values()):
        curve.planned_svg = line_of([(day, total) for day, total, _actual in points])
    if any(actual.values()):
        curve.actual_svg = line_of([(day, total) for day, _planned, total in points])
    curve.years = [
        (year, 600 * (date(year, 1, 1) - first).days / span)
        for year in range(first.year, last.year + 1)
    ]
    return curve


# --- The budget page ---------------------------------------------------------------------


class BudgetOverview(TypedDict):
    """What the budget page shows, every amount converted to one currency."""

    ledger: list[LedgerRow]
    years: list[BudgetYear]
    transactions: list[Transaction]
    total: Converted
    curve: Curve


def budget_overview(program: Program, *, currency: str, as_of: date) -> BudgetOverview:
    """The revision ledger, the budget per year, the transactions with the total disbursed
    and spent (commitments are promises, not money out), and the cumulative curve."""
    table = RateTable.load()
    lines = list(program_budget_lines(program))
    transactions = list(program_transactions(program))
    paid_out = [t for t in transactions if t.kind != TransactionType.COMMITMENT]
    return {
        "ledger": revision_ledger(program),
        "years": budget_by_year(lines, currency=currency, table=table),
        "transactions": transactions,
        "total": total_in(paid_out, currency=currency, table=table),
        "curve": spending_curve(lines, transactions, currency=currency, as_of=as_of, table=table),
    }


# --- Converting an amount on request -------------------------------------------------------


@dataclass
class ConversionRequest:
    """An amount to convert, as a page or the API asks it, and the answer: the converted
    amount with its path, or the message naming the missing rate (or the bad input)."""

    amount: Decimal | None
    source: str
    target: str
    on: date | None
    result: Conversion | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def asked(self) -> bool:
        return self.amount is not None or bool(self.errors)


def conversion_request(params: Mapping[str, str], *, default_target: str) -> ConversionRequest:
    """Read `amount`, `from`, `to` and `on` (ISO date) and convert, naming the field of any
    bad value and the pair and date of a missing rate."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    raw_amount = (params.get("amount") or "").strip()
    source = (params.get("from") or "").strip().upper()
    target = (params.get("to") or default_target).strip().upper()
    raw_on = (params.get("on") or "").strip()
    asked = ConversionRequest(None, source, target, None)
    if not raw_amount:
        return asked
    try:
        asked.amount = Decimal(raw_amount)
        if not asked.amount.is_finite():
            raise ArithmeticError
    except ArithmeticError:
        asked.amount = None
        asked.errors["amount"] = _("Amount: “%(value)s” is not a number.") % {"value": raw_amount}
    for name, code in (("from", source), ("to", target)):
        if not is_currency(code):
            asked.errors[name] = _("%(field)s: “%(code)s” is not an ISO 4217 currency code.") % {
                "field": name,
                "code": code,
            }
    try:
        asked.on = date.fromisoformat(raw_on) if raw_on else timezone.localdate()
    except ValueError:
        asked.errors["on"] = _("Date: “%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw_on}
    if asked.errors or asked.amount is None or asked.on is None:
        return asked
    try:
        asked.result = RateTable.load().conversion(asked.amount, source, target, on=asked.on)
    except MissingRate as exc:
        asked.errors["rate"] = str(exc)
    return asked
