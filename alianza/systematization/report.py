"""The systematization report of a program for a period, as HTML, PDF or XLSX.

It reads through the selectors and never writes: the inventory of the initiatives active
in the period (or in the window asked for), the figures, the analysis matrix, flagships
and special mentions, lessons and good practices, and the recommendations with their
follow-up (partners only). A period without initiatives gives an honest empty report.
"""

from __future__ import annotations

import base64
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.core.dates import parse_partial_date
from alianza.core.exports import XLSX_CONTENT_TYPE, write_sheet
from alianza.initiatives.models import ClassificationScheme
from alianza.initiatives.selectors import export_table, initiative_rows
from alianza.systematization import figures as figure_module
from alianza.systematization import selectors
from alianza.systematization.permissions import can_view_working_records

FORMATS = ("html", "pdf", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": XLSX_CONTENT_TYPE,
}


@dataclass(frozen=True)
class Window:
    start: datetime.date | None
    end: datetime.date | None


def parse_window(start: str | None, end: str | None) -> Window | None:
    """`from`/`to` as YYYY, YYYY-MM or YYYY-MM-DD; None when neither is given."""
    if not start and not end:
        return None
    first = parse_partial_date(start).value if start else None
    last = parse_partial_date(end, end=True).value if end else None
    if first and last and last < first:
        raise ValueError(_("The report's window ends before it starts."))
    return Window(first, last)


def _window(period, window: Window | None) -> Window | None:
    if window is not None:
        return window
    if period is not None:
        return Window(period.start_date, period.end_date)
    return None


def filename(program, period, window: Window | None) -> str:
    parts = [program.code.lower(), "systematization"]
    if period is not None:
        parts.append(period.code)
    if window is not None:
        parts.append(f"{window.start or ''}_{window.end or ''}")
    return "-".join(p for p in parts if p)


def report_context(*, program, period, user, window: Window | None = None) -> dict:
    span = _window(period, window)
    initiatives = selectors.visible_initiatives(user, program)
    if span is not None:
        initiatives = initiatives.active_between(span.start, span.end)
    listed = list(initiatives.for_list().order_by("number"))
    schemes = list(ClassificationScheme.objects.filter(program=program).order_by("order", "code"))
    internal = can_view_working_records(user, program)
    figures = figure_module.program_figures(program, period, user, initiatives=initiatives)
    matrix = figure_module.find_figure(figures, "criteria-matrix").matrix
    return {
        "program": program,
        "period": period,
        "window": span,
        "generated_at": timezone.localtime(),
        "rows": initiative_rows(listed),
        "schemes": schemes,
        "empty": not listed,
        "figures": figures,
        "matrix": matrix,
        "lessons": selectors.lessons_by_factor(program, period, user),
        "recommendations": selectors.recommendations(program, period, user),
        "summary": selectors.follow_up_summary(program, period) if internal else None,
        "internal": internal,
        "currency": program.currency,
        "cost_total": sum(
            (r.cost for r in initiative_rows(listed) if r.cost is not None),
            Decimal("0"),
        ),
    }


def _with_images(context: dict) -> dict:
    for figure in context["figures"]:
        figure.image = (
            "data:image/png;base64,"
            + base64.b64encode(figure_module.render(figure, "png")).decode("ascii")
            if not figure.is_empty
            else ""
        )
    return context


def _sheet(workbook, title: str, headers, rows) -> None:
    write_sheet(workbook.create_sheet(), title, headers, rows)


def _sheet_title(figure) -> str:
    """The number the program's report gives the figure ("Figure 9"), else its plain title
    (without the characters a sheet name may not hold)."""
    if figure.report_label:
        return figure.report_label
    title = figure.short_title or figure.title
    return " ".join(re.sub(r"[\\/*?:\[\]]", " ", title).split())[:31].strip()


def _xlsx(context: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = str(_("Summary"))[:31]
    program, period, span = context["program"], context["period"], context["window"]
    summary.append([str(_("Program")), program.code, program.name])
    summary.append([str(_("Period")), period.code if period else "", period.name if period else ""])
    if span is not None:
        summary.append([str(_("Initiatives active between")), span.start or "", span.end or ""])
    summary.append([str(_("Initiatives")), len(context["rows"])])
    summary.append([str(_("Flagships")), len(context["matrix"].flagships)])
    summary.append([str(_("Special mentions")), len(context["matrix"].mentions)])
    if context["empty"]:
        summary.append([str(_("No initiative was active in this period."))])
    headers, values = export_table(context["rows"], context["schemes"], program.currency)
    _sheet(workbook, _("Inventory"), headers, values)
    for figure in context["figures"]:
        _sheet(workbook, _sheet_title(figure), figure.headers, figure.rows)
    _sheet(
        workbook,
        _("Flagships"),
        [
            _("Number"),
            _("Initiative"),
            _("Criteria met"),
            _("Flagship"),
            _("Special mention"),
            _("Reason"),
        ],
        [
            [
                r.initiative.number,
                r.initiative.title,
                r.criteria_met,
                _("yes") if r.flagship else "",
                _("yes") if r.special_mention else "",
                r.result.special_mention_reason if r.special_mention else "",
            ]
            for r in context["matrix"].rows
            if r.flagship or r.special_mention
        ],
    )
    rec_rows, action_rows = [], []
    for rec in context["recommendations"]:
        responses = list(rec.responses.all()) if context["internal"] else []
        rec_rows.append(
            [rec.code, rec.factor.name, rec.text]
            + (
                [
                    "; ".join(f"{r.institution}: {r.get_response_display()}" for r in responses)
                    or _("No response")
                ]
                if context["internal"]
                else []
            )
        )
        if context["internal"]:
            for action in rec.actions.all():
                action_rows.append(
                    [
                        rec.code,
                        action.number,
                        action.description,
                        str(action.owner),
                        action.due_date,
                        action.get_status_display(),
                        _("yes") if action.is_overdue else "",
                    ]
                )
    rec_headers = [_("Code"), _("Success factor"), _("Recommendation")]
    if context["internal"]:
        rec_headers.append(_("Management responses"))
    _sheet(workbook, _("Recommendations"), rec_headers, rec_rows)
    if context["internal"]:
        _sheet(
            workbook,
            _("Key actions"),
            [
                _("Recommendation"),
                _("Number"),
                _("Action"),
                _("Owner"),
                _("Due date"),
                _("Status"),
                _("Overdue"),
            ],
            action_rows,
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build(*, program, period, user, fmt: str, window: Window | None = None, request=None) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    context = report_context(program=program, period=period, user=user, window=window)
    if fmt == "xlsx":
        return _xlsx(context)
    context = _with_images(context)
    if fmt == "pdf":
        from alianza.core.pdf import render_pdf

        return render_pdf("systematization/report.html", context | {"for_pdf": True})
    return render_to_string("systematization/report.html", context, request=request).encode()
