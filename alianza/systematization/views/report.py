"""The systematization report: its page, and the report as HTML, PDF or XLSX for a
period and a time window."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from alianza.core.params import refuse
from alianza.programs.permissions import program_for
from alianza.systematization import permissions as perms
from alianza.systematization import report as report_module
from alianza.systematization import selectors
from alianza.systematization.views.common import page_context


def report_page(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_systematization)
    context = page_context(request, program, tab="report")
    return render(request, "systematization/report_page.html", context)


def report_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_systematization)
    if fmt not in report_module.FORMATS:
        raise Http404
    period = selectors.pick_period(program, request.GET.get("period"), strict=True)
    try:
        window = report_module.parse_window(request.GET.get("from"), request.GET.get("to"))
    except ValueError as exc:
        refuse("from" if request.GET.get("from") else "to", str(exc))
    content = report_module.build(
        program=program, period=period, user=request.user, fmt=fmt, window=window, request=request
    )
    response = HttpResponse(content, content_type=report_module.CONTENT_TYPES[fmt])
    if fmt != "html":
        name = report_module.filename(program, period, window)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
