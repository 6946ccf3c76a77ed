"""Templates hold nothing the Content-Security-Policy blocks: no inline script, no style
attribute, no on...= handler, no <style> block without a nonce. (The browser walk in
test_csp_browser.py loads the main pages; this covers every template, walked or not.)"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
#: Rendered by WeasyPrint into PDFs, never served to a browser.
PDF_ONLY = {"monitoring/templates/monitoring/report_pdf.html"}
#: Third-party pages served with a relaxed style policy (config/api_urls.py).
RELAXED = {"templates/drf_spectacular/redoc.html"}

BLOCKED = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>"),
    "style attribute": re.compile(r"\sstyle=[\"']"),
    "event handler attribute": re.compile(r"\son[a-z]+=[\"']", re.I),
    "javascript: address": re.compile(r"(?:href|src|action)=[\"']\s*javascript:", re.I),
    "style block without a nonce": re.compile(r"<style(?![^>]*\bnonce=)[^>]*>"),
}


def templates() -> list[Path]:
    found = list((BASE_DIR / "templates").rglob("*.html"))
    found += (BASE_DIR / "alianza").rglob("templates/**/*.html")
    return sorted(found)


def test_no_template_holds_what_the_policy_blocks():
    problems = []
    paths = templates()
    assert len(paths) > 50
    for path in paths:
        name = path.relative_to(BASE_DIR).as_posix()
        if name.removeprefix("alianza/") in PDF_ONLY or name in RELAXED:
            continue
        text = path.read_text()
        for what, pattern in BLOCKED.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{name}:{line}: {what}: {match.group(0)[:60]}")
    assert problems == []


def test_the_check_finds_what_it_looks_for():
    sample = '<div style="x"><select onchange="go()"><script>1</script><style>a{}</style>'
    found = {what for what, pattern in BLOCKED.items() if pattern.search(sample)}
    assert found == {
        "inline script",
        "style attribute",
        "event handler attribute",
        "style block without a nonce",
    }
    assert not BLOCKED["inline script"].search('<script src="/static/x.js" defer></script>')
    assert not BLOCKED["style block without a nonce"].search('<style nonce="{{ n }}">')
