"""The annual activity report of a program: what was done in one calendar year, for wide
dissemination, as HTML and PDF (WeasyPrint, as the monitoring and systematization reports).

Everything is computed from the records when the report is asked for:

- the initiatives active in the year (an execution period overlapping it), grouped by the
  expected result they serve; the report names the public ones and counts the others;
- the money spent (disbursements and expenditure) by component, in the program's currency
  (`core.money`); a transaction that totals spending over a span counts for the part of its
  span that falls in the year, spread evenly by days (said in the report);
- the flagships, lessons and recommendations of the systematization period that covers the
  year (the latest one starting before its end), with the key actions counted by status;
- the knowledge products published in the year (public ones), once that app is there.
"""

from __future__ import annotations

import base64
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alianza.core.money import CENT, MissingRate, RateTable
from alianza.finance.choices import SPENDING_TYPES
from alianza.finance.models import Transaction
from alianza.initiatives.models import ExecutionPeriod, Initiative
from alianza.portal import selectors
from alianza.programs.models import Program
from alianza.systematization.choices import ActionStatus, CriterionValue
from alianza.systematization.figures import Figure, inline_svg, render
from alianza.systematization.models import KeyAction, SystematizationPeriod
from alianza.systematization.selectors import (
    criteria_matrix,
    lessons_by_factor,
    recommendations,
)

CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
FORMATS = tuple(CONTENT_TYPES)
ZERO = Decimal("0")


def filename(program: Program, year: int, lang: str, fmt: str) -> str:
    return f"{program.code.lower()}-annual-report-{year}-{lang}.{fmt}"


def report_years(program: Program) -> list[int]:
    """The years the program ran: from its start to its end (or this year), or else the
    years its initiatives' execution periods cover."""
    today = timezone.localdate()
    periods = ExecutionPeriod.objects.filter(initiative__program=program).aggregate(
        first=Min("start_date"), last_start=Max("start_date"), last_end=Max("end_date")
    )
    starts = [d for d in (program.start_date, periods["first"]) if d]
    ends = [d for d in (program.end_date, periods["last_end"], periods["last_start"]) if d]
    if not starts:
        return []
    first = min(d.year for d in starts)
    last = max(d.year for d in ends) if ends else today.year
    return list(range(first, min(last, today.year) + 1))


# --- what was done -----------------------------------------------------------------------


@dataclass
class ResultBlock:
    """The public initiatives active in the year that serve one expected result (None:
    those linked to none)."""

    result: Any
    initiatives: list[Initiative] = field(default_factory=list)


def _by_result(initiatives: list[Initiative]) -> list[ResultBlock]:
    """Grouped by result; the same result restated in later project document versions
    (same number and title) is one group."""
    blocks: dict[Any, ResultBlock] = {}
    for initiative in initiatives:
        result = initiative.result
        key = (result.number, result.title_en, result.title_es) if result else None
        block = blocks.setdefault(key, ResultBlock(result))
        block.initiatives.append(initiative)
    return sorted(
        blocks.values(),
        key=lambda b: (b.result is None, b.result.number if b.result else 0),
    )


# --- money spent -------------------------------------------------------------------------


@dataclass
class Spending:
    """Money spent in the year in the program's currency, by component and initiative."""

    currency: str
    by_component: list[tuple[Any, Decimal]]
    by_initiative: dict[int, Decimal]
    total: Decimal
    spread: int  # transactions over a span that reaches beyond the year
    missing: list[str]


def _share(transaction: Transaction, start: date, end: date) -> Decimal:
    """The part of the transaction's amount that falls within [start, end]."""
    first = transaction.period_start or transaction.date
    last = transaction.date
    overlap = (min(last, end) - max(first, start)).days + 1
    if overlap <= 0:
        return ZERO
    days = (last - first).days + 1
    return transaction.amount * overlap / days


def spending(program: Program, year: int) -> Spending:
    start, end = date(year, 1, 1), date(year, 12, 31)
    transactions = (
        Transaction.objects.filter(initiative__program=program, kind__in=SPENDING_TYPES)
        .filter(date__gte=start)
        .filter(Q(period_start__lte=end) | Q(period_start__isnull=True, date__lte=end))
        .select_related("initiative__component")
        .order_by("date", "pk")
    )
    table = RateTable.lazy()
    components: dict[Any, Decimal] = defaultdict(Decimal)
    initiatives: dict[int, Decimal] = defaultdict(Decimal)
    missing: list[str] = []
    spread = 0
    for t in transactions:
        share = _share(t, start, end)
        if share != t.amount:
            spread += 1
        try:
            amount = table.convert(share, t.currency, program.currency, on=t.effective_value_date)
        except MissingRate as exc:
            if str(exc) not in missing:
                missing.append(str(exc))
            continue
        components[t.initiative.component] += amount
        initiatives[t.initiative_id] += amount
    rows = sorted(
        ((c, v.quantize(CENT)) for c, v in components.items()),
        key=lambda pair: (pair[0] is None, pair[0].number if pair[0] else 0),
    )
    return Spending(
        currency=program.currency,
        by_component=rows,
        by_initiative={k: v.quantize(CENT) for k, v in initiatives.items()},
        total=sum((v for _c, v in rows), ZERO),
        spread=spread,
        missing=missing,
    )


# --- learning ----------------------------------------------------------------------------


def covering_period(program: Program, year: int) -> SystematizationPeriod | None:
    """The systematization period that covers the year: the latest one overlapping it."""
    return (
        SystematizationPeriod.objects.filter(
            program=program, start_date__lte=date(year, 12, 31), end_date__gte=date(year, 1, 1)
        )
        .select_related("criteria_set__balance_scheme")
        .order_by("-start_date")
        .first()
    )


def _action_status(period: SystematizationPeriod | None) -> dict[int, list[tuple[str, int]]]:
    """Key actions of each recommendation counted by status (counts only: the actions
    themselves are the partners' working records)."""
    if period is None:
        return {}
    labels = dict(ActionStatus.choices)
    counts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    rows = (
        KeyAction.objects.filter(recommendation__period=period)
        .values_list("recommendation_id", "status")
        .annotate(n=Count("pk"))
        .order_by("recommendation_id", "status")
    )
    for recommendation_id, status, n in rows:
        counts[recommendation_id].append((str(labels.get(status, status)), n))
    return dict(counts)


# --- products ----------------------------------------------------------------------------


def products(program: Program, year: int) -> list:
    """The public products published in the year (their date's year)."""
    published = selectors.public_products(program).filter(published_on__year=year)
    return selectors.products(program, published)


# --- the report --------------------------------------------------------------------------


def _figure(key: str, title: str, pairs: list[tuple[str, Any]], *, money: str = "") -> Figure:
    return Figure(
        key=key,
        title=title,
        headers=[],
        rows=[list(p) for p in pairs],
        kind="bars",
        labels=[label for label, _v in pairs],
        values=[v for _label, v in pairs],
        money=bool(money),
        currency=money,
    )


def _spending_by_initiative(money: Spending, public: list[Initiative]) -> list[tuple[str, Any]]:
    """The public initiatives' spending, highest first; the others' together, unnamed."""
    named = {i.pk: i for i in public}
    pairs = sorted(
        (
            (f"{named[pk].number}. {named[pk].title}", amount)
            for pk, amount in money.by_initiative.items()
            if pk in named
        ),
        key=lambda pair: -pair[1],
    )
    others = sum((v for pk, v in money.by_initiative.items() if pk not in named), ZERO)
    if others:
        pairs.append((_("Initiatives not published"), others))
    return pairs


def report_context(*, program: Program, year: int) -> dict[str, Any]:
    """Everything the report shows, computed from the records (in the active language)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    active = Initiative.objects.filter(program=program).active_between(start, end)
    public = list(
        selectors.public_initiatives(program)
        .active_between(start, end)
        .select_related("result", "component", "phase")
        .prefetch_related("periods")
        .order_by("number")
    )
    money = spending(program, year)
    for initiative in public:
        initiative.spent = money.by_initiative.get(initiative.pk)
    period = covering_period(program, year)
    matrix = criteria_matrix(
        program, period, selectors.VISITOR, initiatives=selectors.public_initiatives(program)
    )
    criteria = matrix.criteria
    flagship_rows = [
        {
            "row": row,
            "met": [c for c, value, _h, _r in row.cells(criteria) if value == CriterionValue.MET],
        }
        for row in matrix.rows
        if row.flagship or row.special_mention
    ]
    recs = recommendations(program, period, selectors.VISITOR)
    statuses = _action_status(period)
    status_totals: Counter[str] = Counter()
    for pairs in statuses.values():
        for label, n in pairs:
            status_totals[label] += n
    blocks = _by_result(public)
    lessons = lessons_by_factor(program, period, selectors.VISITOR)
    year_products = products(program, year)
    figures = [
        _figure(
            "annual-spending",
            _("Money spent by component (%(currency)s)") % {"currency": program.currency},
            [(c.name if c else _("No component"), v) for c, v in money.by_component],
            money=program.currency,
        ),
        _figure(
            "annual-spending-initiatives",
            _("Money spent by initiative (%(currency)s)") % {"currency": program.currency},
            _spending_by_initiative(money, public),
            money=program.currency,
        ),
        _figure(
            "annual-results",
            _("Initiatives active in the year by expected result"),
            [
                (
                    f"{b.result.number}. {b.result.title}" if b.result else _("No result"),
                    len(b.initiatives),
                )
                for b in blocks
            ],
        ),
        _figure(
            "annual-products",
            _("Products published in the year by kind"),
            sorted(Counter(p.get_kind_display() for p in year_products).items()),
        ),
        _figure(
            "annual-actions",
            _("Key actions of the recommendations by status"),
            sorted(status_totals.items()),
        ),
    ]
    return {
        "program": program,
        "year": year,
        "partners": list(program.partnerships.select_related("institution").order_by("pk")),
        "generated_at": timezone.localtime(),
        "blocks": blocks,
        "active_count": active.count(),
        "public_count": len(public),
        "spending": money,
        "period": period,
        "criteria": criteria,
        "counting_total": matrix.counting_total,
        "flagships": flagship_rows,
        "lessons": [g for g in lessons if g.lessons or g.good_practices],
        "recommendations": [
            {"recommendation": r, "statuses": statuses.get(r.pk, [])} for r in recs
        ],
        "products": year_products,
        "figures": figures,
    }


def _draw(context: dict[str, Any], fmt: str) -> dict[str, Any]:
    """Each figure drawn: inline SVG in the page, a PNG image in the PDF."""
    for figure in context["figures"]:
        if figure.is_empty:
            figure.drawing, figure.image = "", ""
        elif fmt == "pdf":
            png = base64.b64encode(render(figure, "png")).decode("ascii")
            figure.drawing, figure.image = "", "data:image/png;base64," + png
        else:
            figure.drawing, figure.image = inline_svg(figure), ""
    return context


def build(
    *, program: Program, year: int, fmt: str, language: str, request: HttpRequest | None = None
) -> bytes:
    """The report as bytes, in `language` ("es", "en")."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    with translation.override(language):
        context = _draw(report_context(program=program, year=year), fmt)
        context |= {"for_pdf": fmt == "pdf", "lang": language}
        if fmt == "pdf":
            from alianza.core.pdf import render_pdf

            return render_pdf("portal/annual_report.html", context)
        return render_to_string("portal/annual_report.html", context, request=request).encode()
