import logging

import pytest

from alianza.core.pdf import ResourceRefused, _static_fetcher, render_pdf


def test_render_pdf_makes_a_pdf_with_accents(tmp_path, settings):
    (tmp_path / "doc.html").write_text("<h1>Cooperación Sur-Sur</h1>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    pdf = render_pdf("doc.html", {})
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "file:///etc/passwd",
        "http://alianza.invalid/media/../../etc/passwd",
    ],
)
def test_pdfs_never_load_the_network_or_local_files(url):
    with pytest.raises(ResourceRefused):
        _static_fetcher(url)


def test_pdfs_load_the_products_static_files():
    fetched = _static_fetcher("http://alianza.invalid/static/css/alianza.css")
    assert b"timeline" in fetched["string"]
    assert fetched["mime_type"] == "text/css"  # else WeasyPrint reads text/plain and drops it


def test_pdfs_get_each_static_file_with_its_type():
    fetched = _static_fetcher("http://alianza.invalid/static/img/favicon.svg")
    assert fetched["mime_type"] == "image/svg+xml"


def test_render_pdf_embeds_inline_images_and_static_files(tmp_path, settings):
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
        "AAAABJRU5ErkJggg=="
    )
    (tmp_path / "doc.html").write_text(
        '<link rel="stylesheet" href="/static/css/alianza.css">'
        f'<img src="data:image/png;base64,{png}" style="width:50px">'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    pdf = render_pdf("doc.html", {})
    assert pdf.startswith(b"%PDF") and b"/Image" in pdf


def test_render_pdf_uses_the_products_stylesheet(tmp_path, settings, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    (tmp_path / "styled.html").write_text(
        '<link rel="stylesheet" href="/static/css/alianza.css"><p class="heat-high">42</p>'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    pdf = render_pdf("styled.html", {})
    assert pdf.startswith(b"%PDF")
    assert not [r for r in caplog.records if "stylesheet" in r.getMessage().lower()]
