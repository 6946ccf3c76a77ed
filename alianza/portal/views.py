"""The public pages (no login, the language in the URL), their open-data files, and the
annual activity report's page for partner members."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from alianza.core.exports import csv_response
from alianza.core.params import year_param
from alianza.iati import exporter
from alianza.iati.export_jobs import program_filename, program_parts
from alianza.portal import annual, selectors
from alianza.programs.permissions import program_for


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page or file: answered in the URL's language, whatever the visitor's
    cookie says, and marked with it (`Content-Language`)."""

    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, **kwargs: Any) -> HttpResponse:
        with translation.override(lang):
            response = view(request, lang, **kwargs)
        response["Content-Language"] = lang
        return response

    return require_safe(wrapper)


def _absolute(request: HttpRequest, url_name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(url_name, kwargs=kwargs))


def _page(
    request: HttpRequest,
    lang: str,
    template: str,
    context: dict[str, Any],
    *,
    url_name: str,
    title: str,
    description: str,
) -> HttpResponse:
    """A public page with its canonical address, the same page in the other languages
    (hreflang) and what search engines and link previews read (title, description)."""
    kwargs = {k: v for k, v in request.resolver_match.kwargs.items() if k != "lang"}
    alternates = [
        (code, _absolute(request, url_name, lang=code, **kwargs)) for code in selectors.LANGUAGES
    ]
    default = settings.LANGUAGE_CODE[:2]
    meta = {
        "canonical": _absolute(request, url_name, lang=lang, **kwargs),
        "alternates": alternates,
        "x_default": dict(alternates).get(default, alternates[0][1]),
        "title": title,
        "description": " ".join(description.split())[:300],
        "locale": {"es": "es_MX", "en": "en_US"}.get(lang, lang),
        "other_locales": [
            {"es": "es_MX", "en": "en_US"}.get(code, code)
            for code in selectors.LANGUAGES
            if code != lang
        ],
    }
    return render(
        request,
        template,
        context | {"lang": lang, "meta": meta, "portal_sections": selectors.SECTIONS},
    )


def index_redirect(request: HttpRequest) -> HttpResponse:
    lang = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if lang not in selectors.LANGUAGES:
        lang = selectors.LANGUAGES[0]
    return redirect("portal:index", lang=lang)


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public page in each language, with its alternates, for search engines."""
    pages = [("portal:index", {})] + [
        (name, {"code": program.code})
        for program in selectors.public_programs()
        for _key, _label, name in selectors.SECTIONS
    ]
    entries = [
        {
            "loc": _absolute(request, name, lang=lang, **kwargs),
            "alternates": [
                (code, _absolute(request, name, lang=code, **kwargs))
                for code in selectors.LANGUAGES
            ],
        }
        for name, kwargs in pages
        for lang in selectors.LANGUAGES
    ]
    return render(
        request, "portal/sitemap.xml", {"entries": entries}, content_type="application/xml"
    )


@public
def index(request: HttpRequest, lang: str) -> HttpResponse:
    programs = list(selectors.public_programs())
    return _page(
        request,
        lang,
        "portal/index.html",
        {"programs": programs},
        url_name="portal:index",
        title=_("Public programs"),
        description=_("Development cooperation programs, their initiatives and open data."),
    )


@public
def program(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    program = selectors.public_program(code)
    return _page(
        request,
        lang,
        "portal/program.html",
        selectors.overview(program) | {"section": "program"},
        url_name="portal:program",
        title=program.name,
        description=program.summary or program.objective or program.name,
    )


@public
def initiatives(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    program = selectors.public_program(code)
    return _page(
        request,
        lang,
        "portal/initiatives.html",
        {"program": program, "rows": selectors.initiatives(program), "section": "initiatives"},
        url_name="portal:initiatives",
        title=_("Initiatives of %(program)s") % {"program": program.name},
        description=_("The public initiatives of %(program)s, with their periods and cost.")
        % {"program": program.name},
    )


@public
def flagships(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    program = selectors.public_program(code)
    return _page(
        request,
        lang,
        "portal/flagships.html",
        selectors.flagships(program) | {"program": program, "section": "flagships"},
        url_name="portal:flagships",
        title=_("Flagship practices of %(program)s") % {"program": program.name},
        description=_("The initiatives of %(program)s that meet the good-practice criteria.")
        % {"program": program.name},
    )


@public
def products(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    program = selectors.public_program(code)
    return _page(
        request,
        lang,
        "portal/products.html",
        {"program": program, "products": selectors.products(program), "section": "products"},
        url_name="portal:products",
        title=_("Knowledge products of %(program)s") % {"program": program.name},
        description=_("Reports, manuals, guides and other products of %(program)s to download.")
        % {"program": program.name},
    )


@public
def figures(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    program = selectors.public_program(code)
    return _page(
        request,
        lang,
        "portal/figures.html",
        selectors.registry_figures(program) | {"program": program, "section": "figures"},
        url_name="portal:figures",
        title=_("Registry figures of %(program)s") % {"program": program.name},
        description=_("The public cooperation activities of %(program)s in figures.")
        % {"program": program.name},
    )


@public
def open_data(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    program = selectors.public_program(code)
    return _page(
        request,
        lang,
        "portal/open_data.html",
        {
            "program": program,
            "files": selectors.open_data_files(program, lang),
            "section": "open_data",
            "api_url": reverse("api:open-data-list") + f"?program={program.code}",
        },
        url_name="portal:open_data",
        title=_("Open data of %(program)s") % {"program": program.name},
        description=_("Public downloads of %(program)s: CSV files and the IATI activity file.")
        % {"program": program.name},
    )


@public
def open_data_file(request: HttpRequest, lang: str, code: str, name: str) -> HttpResponse:
    program = selectors.public_program(code)
    table = selectors.TABLES.get(name)
    if table is None:
        raise Http404(_("No such file."))
    if name == "products":
        headers, rows = selectors.products_table(program, absolute=request.build_absolute_uri)
    else:
        headers, rows = table(program)
    return csv_response(f"{program.code.lower()}-{name}-{lang}", headers, rows)


@public
def open_data_iati(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    """The program's IATI file as an anonymous visitor gets it: public initiatives and
    activities only (IATI files carry both languages; `lang` only names the page)."""
    program = selectors.public_program(code)
    initiatives, activities = program_parts(AnonymousUser(), program)
    try:
        result = exporter.export_program(program, initiatives=initiatives, activities=activities)
    except exporter.ExportError as exc:
        return render(request, "iati/export_error.html", {"error": exc}, status=422)
    handle = result.path.open("rb")
    response = FileResponse(
        handle,
        content_type="application/xml",
        as_attachment=True,
        filename=program_filename(program),
    )
    result.path.unlink(missing_ok=True)  # the open handle keeps the data readable
    return response


# --- the annual activity report (partner members) ----------------------------------------


def annual_report(request: HttpRequest, code: str) -> HttpResponse:
    """The button's page: a year and a language; the chosen format opens the report."""
    program = program_for(request, code)
    years = annual.report_years(program)
    year = year_param(request.GET, "year")
    fmt = request.GET.get("format")
    if year is not None and fmt in annual.FORMATS:
        url = reverse(
            "portal:annual_report_download", kwargs={"code": code, "year": year, "fmt": fmt}
        )
        return redirect(f"{url}?language={_language(request)}")
    context = {
        "program": program,
        "section": "annual_report",
        "years": years,
        "lang": _language(request),
    }
    return render(request, "portal/annual_report_page.html", context)


def _language(request: HttpRequest) -> str:
    lang = request.GET.get("language") or (translation.get_language() or "")[:2]
    return lang if lang in selectors.LANGUAGES else selectors.LANGUAGES[0]


def annual_report_download(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    program = program_for(request, code)
    if year not in annual.report_years(program):
        raise Http404(_("The program did not run that year."))
    lang = _language(request)
    content = annual.build(program=program, year=year, fmt=fmt, language=lang, request=request)
    response = HttpResponse(content, content_type=annual.CONTENT_TYPES[fmt])
    if fmt == "pdf":
        filename = annual.filename(program, year, lang, fmt)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
