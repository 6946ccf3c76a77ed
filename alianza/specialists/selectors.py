"""Reads shared by the pages, the API and the exports: the headcount and cost by year
(from the program's yearly figures and its contracts), headcount by area and function,
contracts ending soon, and the rows of the lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from alianza.core.money import CENT, MissingRate, RateTable
from alianza.finance.selectors import budget_by_year, program_budget_lines
from alianza.programs.models import Program
from alianza.specialists.choices import PRIORITY_ORDER
from alianza.specialists.models import (
    HeadcountRecord,
    Notice,
    NoticeReceipt,
    PersonalData,
    PersonalDataRead,
    Position,
    ServiceContract,
    Specialist,
)

#: The horizons of "contracts ending in the next N days".
ENDING_HORIZONS = (30, 60, 90)


def year_end(year: int, today: date) -> date:
    """The day a year's headcount is counted on: its last day, or today in the current year."""
    return today if year == today.year else date(year, 12, 31)


@dataclass
class YearRow:
    """One year of a program's specialists. `headcount` is the figure the program
    recorded for the year when there is one (`source` "record"), otherwise the people
    under contract on the year's last day (`source` "contracts")."""

    year: int
    headcount: int | None
    source: str
    counted: int
    authorized_places: int | None = None
    staff_share: Decimal | None = None
    budget_share: Decimal | None = None
    #: "record": the share the program recorded; "budget": the contracts' cost over the
    #: year's revised budget (finance's budget lines); "" unknown.
    budget_share_source: str = ""
    cost: Decimal = Decimal(0)
    unconverted: list[str] = field(default_factory=list)
    note: str = ""
    source_note: str = ""
    #: The program recorded figures for the year (a `HeadcountRecord`).
    has_record: bool = False
    # Drawing (set by `headcount_chart`): never localised.
    x: int = 0
    y: int = 0
    height: int = 0


def _contracts(program: Program) -> list[ServiceContract]:
    return list(
        ServiceContract.objects.filter(program=program)
        .select_related("position")
        .order_by("start_date", "id")
    )


def headcount_by_year(
    program: Program, *, today: date, table: RateTable | None = None
) -> list[YearRow]:
    """Every year the program has figures or contracts for, oldest first."""
    records = {r.year: r for r in HeadcountRecord.objects.filter(program=program)}
    contracts = _contracts(program)
    years = set(records)
    for contract in contracts:
        years |= set(range(contract.start_date.year, contract.end_date.year + 1))
    table = table or RateTable.lazy()
    budgets = {
        b.year: b
        for b in budget_by_year(
            program_budget_lines(program), currency=program.currency, table=table
        )
        if not b.unconverted
    }
    rows = []
    for year in sorted(years):
        day = year_end(year, today)
        people = {c.specialist_id for c in contracts if c.start_date <= day <= c.end_date}
        cost, unconverted = Decimal(0), set()
        for contract in contracts:
            months = contract.months_in(date(year, 1, 1), date(year, 12, 31))
            if not months:
                continue
            amount = contract.monthly_cost * months
            if contract.currency != program.currency:
                try:
                    amount = table.convert(
                        amount, contract.currency, program.currency, on=date(year, 7, 1)
                    )
                except MissingRate:
                    unconverted.add(contract.currency)
                    continue
            cost += amount
        record = records.get(year)
        recorded = record.headcount if record else None
        share, share_source = record.budget_share if record else None, "record"
        budget = budgets.get(year)
        if share is None and budget and budget.revised and cost and not unconverted:
            share, share_source = ((cost / budget.revised) * 100).quantize(CENT), "budget"
        rows.append(
            YearRow(
                year=year,
                headcount=recorded if recorded is not None else (len(people) or None),
                source="record" if recorded is not None else "contracts",
                counted=len(people),
                authorized_places=record.authorized_places if record else None,
                staff_share=record.staff_share if record else None,
                budget_share=share,
                budget_share_source=share_source if share is not None else "",
                cost=cost.quantize(CENT),
                unconverted=sorted(unconverted),
                note=record.note if record else "",
                source_note=record.source_note if record else "",
                has_record=record is not None,
            )
        )
    return rows


#: The chart's drawing area (SVG user units).
CHART_WIDTH, CHART_HEIGHT = 600, 200


def headcount_chart(rows: list[YearRow]) -> dict:
    """Bars of the headcount by year, and the highest authorized places as a line."""
    values = [r.headcount or 0 for r in rows] + [r.authorized_places or 0 for r in rows]
    top = max(values, default=0)
    if not rows or not top:
        return {"rows": rows, "top": 0}
    step = CHART_WIDTH // max(len(rows), 1)
    for index, row in enumerate(rows):
        row.height = round((row.headcount or 0) * CHART_HEIGHT / top)
        row.x = index * step + step // 6
        row.y = CHART_HEIGHT - row.height
    places = max((r.authorized_places or 0 for r in rows), default=0)
    return {
        "rows": rows,
        "top": top,
        "bar_width": max(step * 2 // 3, 1),
        "places": places,
        "places_y": CHART_HEIGHT - round(places * CHART_HEIGHT / top) if places else None,
    }


@dataclass
class Breakdown:
    label: str
    headcount: int
    monthly_cost: Decimal


def headcount_breakdown(program: Program, *, on: date) -> dict[str, list[Breakdown]]:
    """The people under contract on `on`, by area and by function of their positions."""
    active = (
        ServiceContract.objects.filter(program=program).active_on(on).select_related("position")
    )
    groups: dict[str, dict[str, tuple[set, Decimal]]] = {"area": {}, "function": {}}
    for contract in active:
        for key, label in (
            ("area", contract.position.area),
            ("function", contract.position.function),
        ):
            people, cost = groups[key].get(label, (set(), Decimal(0)))
            people.add(contract.specialist_id)
            groups[key][label] = (people, cost + contract.monthly_cost)
    return {
        key: [
            Breakdown(label or "—", len(people), cost)
            for label, (people, cost) in sorted(values.items(), key=lambda i: (-len(i[1][0]), i[0]))
        ]
        for key, values in groups.items()
    }


def contracts_ending(program: Program, *, today: date, days: int = ENDING_HORIZONS[-1]) -> QuerySet:
    """Contracts ending between today and `days` from now that no later contract renews,
    soonest first."""
    return (
        ServiceContract.objects.filter(
            program=program, end_date__gte=today, end_date__lte=today + timedelta(days=days)
        )
        .annotate(renewed=Exists(ServiceContract.objects.filter(renews=OuterRef("pk"))))
        .filter(renewed=False)
        .select_related("specialist", "position", "holder")
        .order_by("end_date", "reference")
    )


def ending_summary(program: Program, *, today: date) -> list[tuple[int, int]]:
    """(days, contracts ending within them) for 30, 60 and 90 days."""
    ends = list(contracts_ending(program, today=today).values_list("end_date", flat=True))
    return [
        (d, sum(1 for end in ends if end <= today + timedelta(days=d))) for d in ENDING_HORIZONS
    ]


def undecided_ending(program: Program, *, today: date, days: int = 60) -> QuerySet:
    """Contracts ending within `days` without a renewal decision (monitoring alerts)."""
    return contracts_ending(program, today=today, days=days).filter(renewal_decision="")


def positions_for_list(program: Program) -> QuerySet:
    """Positions most needed first, with how many people hold each today."""
    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    today = timezone.localdate()
    rank = Case(
        *[When(priority=p, then=Value(i)) for i, p in enumerate(PRIORITY_ORDER)],
        output_field=IntegerField(),
    )
    return (
        Position.objects.filter(program=program)
        .select_related("program", "host_institution")
        .annotate(
            rank=rank,
            holders=Count(
                "contracts",
                filter=Q(contracts__start_date__lte=today, contracts__end_date__gte=today),
            ),
        )
        .order_by("rank", "code")
    )


def specialists_for_list(program: Program) -> QuerySet:
    return (
        Specialist.objects.filter(program=program)
        .select_related("program")
        .prefetch_related(
            Prefetch(
                "contracts",
                queryset=ServiceContract.objects.select_related("position", "holder").order_by(
                    "-start_date"
                ),
            )
        )
        .order_by("full_name", "id")
    )


def notices_for(program: Program, specialist: Specialist | None) -> QuerySet:
    """The program's notices with their read count, and whether `specialist` read each."""
    notices = (
        Notice.objects.filter(program=program)
        .select_related("program")
        .annotate(read_count=Count("receipts"))
    )
    if specialist is not None:
        notices = notices.annotate(
            read_by_me=Exists(
                NoticeReceipt.objects.filter(notice=OuterRef("pk"), specialist=specialist)
            )
        )
    return notices.order_by("-published_on", "-id")


def notice_readers(notice: Notice) -> tuple[list[NoticeReceipt], list[Specialist]]:
    """Who read the notice (with when), and the program's specialists with an account who
    have not yet."""
    receipts = list(notice.receipts.select_related("specialist").order_by("read_at", "id"))
    read_ids = {r.specialist_id for r in receipts}
    waiting = list(
        Specialist.objects.filter(program=notice.program, user__isnull=False)
        .exclude(pk__in=read_ids)
        .order_by("full_name")
    )
    return receipts, waiting


@dataclass
class CareFacts:
    """What a deployment's checklist may know of a person's personal data without reading
    them: whether their insurance covers the dates and whether they have an emergency
    contact (no value leaves the record, so no read is logged)."""

    insured: bool
    emergency_contact: bool


def care_facts(specialist: Specialist, *, start: date, end: date) -> CareFacts:
    data = PersonalData.objects.filter(specialist=specialist).first()
    if data is None:
        return CareFacts(insured=False, emergency_contact=False)
    return CareFacts(
        insured=data.insurance_covers(start, end), emergency_contact=data.has_emergency_contact
    )


def personal_data_reads(specialist: Specialist, *, limit: int = 20) -> list[PersonalDataRead]:
    """The latest reads of a person's personal data (shown to those who may read them, the
    person included: they see who looked)."""
    return list(
        PersonalDataRead.objects.filter(specialist=specialist)
        .select_related("reader", "institution")
        .order_by("-read_at", "-id")[:limit]
    )
