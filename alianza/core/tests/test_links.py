"""Only web and mail addresses from data become links; anything else is shown as text."""

import pytest
from django.template import Context, Template

from alianza.core.links import is_safe_link


@pytest.mark.parametrize(
    "url",
    ["https://example.org/report.pdf", "http://example.org", "mailto:ana@example.org"],
)
def test_web_and_mail_addresses_are_links(url):
    assert is_safe_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " \x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "jav\nascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "/relative/path",
        "//example.org/no-scheme",
        "mailto:",
        "",
        None,
    ],
)
def test_other_addresses_are_not_links(url):
    assert not is_safe_link(url)


def render(url, label=""):
    return Template("{% load alianza %}{% safe_link url label %}").render(
        Context({"url": url, "label": label})
    )


def test_safe_link_renders_a_web_address_as_a_link():
    html = render("https://example.org/a?b=1&c=2", "Annual report")
    assert html == (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">'
        "Annual report</a>"
    )


def test_safe_link_shows_a_javascript_address_as_text():
    html = render('javascript:alert("x")', "Annual report")
    assert "<a " not in html and "href" not in html
    assert "Annual report <code>javascript:alert(&quot;x&quot;)</code>" in html


def test_safe_link_escapes_the_label():
    html = render("https://example.org", "<b>bold</b>")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_safe_link_explains_in_spanish_why_it_is_not_a_link():
    from django.utils import translation

    with translation.override("es"):
        html = render("javascript:alert(1)")
    assert 'title="No es un enlace: solo las direcciones web' in html
