"""HTML to PDF with WeasyPrint, offline: a PDF may only load the product's own static
files and inline data, never the network or other local files."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


class ResourceRefused(ValueError):
    pass


def _static_fetcher(url: str, *args, **kwargs) -> dict:
    import weasyprint

    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    path = unquote(urlparse(url).path)
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        if found:
            return {"string": Path(found).read_bytes(), "filename": Path(found).name}
    raise ResourceRefused(f"PDF resource refused (only static files are allowed): {url}")


def _fetcher():
    """A WeasyPrint URL fetcher (WeasyPrint 70 needs a URLFetcher) around _static_fetcher."""
    import weasyprint
    from weasyprint.urls import URLFetcherResponse

    class StaticOnlyFetcher(weasyprint.urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = _static_fetcher(url)
            return URLFetcherResponse(url, found["string"])

    return StaticOnlyFetcher()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a template to PDF bytes."""
    import weasyprint

    html = render_to_string(template_name, context, request=request)
    return weasyprint.HTML(
        string=html, base_url="http://alianza.invalid/", url_fetcher=_fetcher()
    ).write_pdf()


def pdf_response(filename: str, template_name: str, context: dict, request=None) -> HttpResponse:
    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
