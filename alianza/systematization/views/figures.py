"""The systematization's figures: the page that shows them (drawn in the page, with their
data), and each one as SVG or PNG or its data as CSV or XLSX."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from alianza.core.exports import csv_response, xlsx_response
from alianza.programs.permissions import program_for
from alianza.systematization import figures as figure_module
from alianza.systematization import permissions as perms
from alianza.systematization import selectors
from alianza.systematization.views.common import language, page_context


def figure_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_systematization)
    context = page_context(request, program, tab="figures")
    figures = figure_module.program_figures(program, context["period"], request.user)
    context["figures"] = [
        (figure, "" if figure.is_empty else figure_module.inline_svg(figure)) for figure in figures
    ]
    return render(request, "systematization/figures.html", context)


def figure_download(request: HttpRequest, code: str, key: str, fmt: str) -> HttpResponse:
    """One figure as SVG or PNG, or its data as CSV or XLSX (?lang=es|en picks the
    language)."""
    program = program_for(request, code, may=perms.can_view_systematization)
    if fmt not in figure_module.FORMATS:
        raise Http404
    lang = request.GET.get("lang")
    with translation.override(lang if lang in ("es", "en") else language()):
        period = selectors.pick_period(program, request.GET.get("period"), strict=True)
        figure = figure_module.find_figure(
            figure_module.program_figures(program, period, request.user), key
        )
        if figure is None:
            raise Http404(_("No such figure."))
        filename = f"{program.code.lower()}-{key}"
        if fmt == "csv":
            return csv_response(filename, figure.headers, figure.rows)
        if fmt == "xlsx":
            sheet = re.sub(r"[\[\]:*?/\\]", " ", figure.title)
            return xlsx_response(filename, sheet, figure.headers, figure.rows)
        content = figure_module.render(figure, fmt)
    response = HttpResponse(content, content_type="image/svg+xml" if fmt == "svg" else "image/png")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
