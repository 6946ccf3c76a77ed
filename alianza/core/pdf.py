"""HTML to PDF with WeasyPrint, offline: a PDF may only load the product's own static
files and inline data, never the network or other local files."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class ResourceRefused(ValueError):
    pass


def _static_fetcher(url: str, *args: object, **kwargs: object) -> dict:
    if url.startswith("data:"):
        from urllib.request import urlopen

        with urlopen(url) as inline:  # noqa: S310 - the data: scheme only, never the network
            return {"string": inline.read(), "mime_type": inline.headers.get_content_type()}
    path = unquote(urlparse(url).path)
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path[len(settings.STATIC_URL) :])
        if found:
            # The type by the file's name, as the static files server answers it: without
            # one WeasyPrint reads text/plain and drops a stylesheet.
            mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return {
                "string": Path(found).read_bytes(),
                "filename": Path(found).name,
                "mime_type": mime_type,
            }
    raise ResourceRefused(f"PDF resource refused (only static files are allowed): {url}")


def _offline_fetcher():
    """WeasyPrint's fetcher object, answering from `_static_fetcher` only."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            found = _static_fetcher(url)
            content_type = found.get("mime_type")
            return URLFetcherResponse(
                url, found["string"], {"Content-Type": content_type} if content_type else None
            )

    return OfflineFetcher()


def render_pdf(template_name: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """Render a template to PDF bytes."""
    import weasyprint

    html = render_to_string(template_name, context, request=request)
    return weasyprint.HTML(
        string=html, base_url="http://alianza.invalid/", url_fetcher=_offline_fetcher()
    ).write_pdf()


def pdf_response(
    filename: str, template_name: str, context: dict, request: HttpRequest | None = None
) -> HttpResponse:
    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
