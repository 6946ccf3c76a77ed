"""The knowledge pages in Chromium, in both languages, as a visitor and a partner: no
console error, no serious axe violation, nothing wider than a phone, no English left in
Spanish (the main walk's checks, `core/tests/test_walk_browser.py`)."""

from __future__ import annotations

import io

import pytest

from alianza.core.tests.test_walk_browser import check, log_in
from alianza.knowledge import services
from alianza.knowledge.tests import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_knowledge_pages_pass_in_both_languages(live_server, browser, settings, tmp_path):
    from alianza.conftest import build_cast

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cast = build_cast()
    for user in cast.users.values():
        if user is not None:
            user.set_password("secret-pass-123")
            user.save()
    product = services.product_create(
        program=cast.program,
        data={
            "kind": "report",
            "title_es": "Informe de evaluaciones",
            "title_en": "Evaluations report",
            "dissemination": "public",
            "initiative": cast.public_initiative,
        },
        files=[(io.BytesIO(files.pdf_bytes("Hallazgos de las evaluaciones")), "informe.pdf")],
        actor=cast.users["editor_a"],
    )
    code = cast.program.code
    pages = {
        None: [
            f"/programs/{code}/products/",
            product.get_absolute_url(),
            "/search/?q=evaluacion",
        ],
        "coordinator_a": [
            f"/programs/{code}/products/",
            product.get_absolute_url(),
            f"/programs/{code}/products/new/",
            f"/programs/{code}/products/use/",
            f"/programs/{code}/products/groups/",
            "/search/?q=evaluacion&type=product",
        ],
    }
    failures = {}
    for username, paths in pages.items():
        for language in ("es", "en"):
            log_in(browser, live_server, username, language)
            for path in paths:
                browser.get(f"{live_server.url}{path}")
                if found := check(browser, path, language):
                    failures[f"{path} {username} {language}"] = found
                if path.startswith("/search/"):
                    assert "<mark>evaluaciones</mark>" in browser.page_source
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())
