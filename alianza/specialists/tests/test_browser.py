"""The specialists' pages in a real browser, in Spanish and English, as a coordinator and
a viewer of PROCAP (the walk's checks: console, axe-core, a phone's width, no English left
in Spanish). The whole walk (core/tests/test_walk_browser.py) lists them too."""

from __future__ import annotations

import pytest

from alianza.conftest import load_procap
from alianza.core.tests.test_walk_browser import LANGUAGES, check, log_in, walker
from alianza.specialists.tests.factories import (
    NoticeFactory,
    PositionFactory,
    ServiceContractFactory,
    SpecialistFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = (
    "",
    "positions/",
    "people/",
    "contracts/",
    "channel/",
)


def test_the_specialists_pages_pass_in_both_languages(live_server, browser):
    procap = load_procap()
    position = PositionFactory(program=procap, code="P-001")
    person = SpecialistFactory(program=procap, full_name="Ana Pérez")
    contract = ServiceContractFactory(program=procap, specialist=person, position=position)
    notice = NoticeFactory(program=procap)
    extra = [
        f"positions/{position.pk}/",
        f"people/{person.pk}/",
        f"contracts/{contract.pk}/",
        f"channel/notices/{notice.pk}/",
        "contracts/new/",
    ]
    failures = {}
    for role in ("coordinator", "viewer"):
        walker(f"walk-{role}", role)
        for language in LANGUAGES:
            log_in(browser, live_server, f"walk-{role}", language)
            for tail in (*PAGES, *extra):
                if tail.endswith("new/") and role != "coordinator":
                    continue
                path = f"/programs/{procap.code}/specialists/{tail}"
                browser.get(f"{live_server.url}{path}")
                if found := check(browser, path, language):
                    failures[f"{path}, {role}, {language}"] = found
    assert not failures, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in failures.items())
