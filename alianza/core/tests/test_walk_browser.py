"""The walk: a real browser (Debian's headless Chromium) opens the main pages in Spanish and in
English as each kind of user, and on every page finds

- no console error (a script error, a CSP violation, an SVG attribute the browser rejects, a
  missing file);
- no serious or critical accessibility violation found by axe-core (vendored as a test asset,
  static/vendor/axe-core, injected by the test: no page loads it);
- at 390 px wide (a phone), a page no wider than the screen: wide tables scroll in their own
  box, the page does not;
- in Spanish, no interface string left in English: none of the catalogue's English phrases
  (three words or more) whose Spanish differs shows in the page's visible text.

To walk another page, add a `Page` to `WALK` (another kind of user: an entry in `ROLES`). A failure
names the page, the role, the language and what was found.
"""

from __future__ import annotations

import datetime
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.conftest import load_procap
from alianza.contracts.tests.factories import ContractFactory
from alianza.core.tests.browser import (
    axe_violations,
    console_errors,
    overflow,
    response_status,
    visible_text,
    wait,
)
from alianza.governance.tests.factories import DisputeFactory, MeetingFactory
from alianza.registry.tests.factories import make_activity
from alianza.risks.tests.factories import RiskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The people who walk: a coordinator of one partner, a viewer of the other, a user of an
#: institution that is not a partner of PROCAP, and a visitor who is not signed in.
ROLES: dict[str, tuple[str, str] | None] = {
    "coordinator": ("amexcid", Role.COORDINATOR),
    "viewer": ("undp_mexico", Role.VIEWER),
    "outsider": ("giz", Role.VIEWER),
    "anonymous": None,
}
SIGNED_IN = frozenset({"coordinator", "viewer", "outsider"})
EVERYONE = frozenset(ROLES)
ANONYMOUS = frozenset({"anonymous"})
PARTNERS = frozenset({"coordinator", "viewer"})
COORDINATORS = frozenset({"coordinator"})

LANGUAGES = ("es", "en")
DESKTOP = (1400, 1000)
PHONE = (390, 844)


@dataclass(frozen=True)
class Page:
    name: str
    #: The address, or a function of the walk's records that makes it.
    path: str | Callable[[dict], str]
    #: Who may open it (the others are not walked there).
    who: frozenset[str] = SIGNED_IN

    def address(self, records: dict) -> str:
        return self.path(records) if callable(self.path) else self.path


P = "/programs/PROCAP"
WALK = [
    Page("log-in", "/accounts/login/", ANONYMOUS),
    Page("home", "/", EVERYONE),
    Page("program overview", f"{P}/", EVERYONE),
    Page("initiatives", f"{P}/initiatives/", EVERYONE),
    Page("initiative", f"{P}/initiatives/9/", EVERYONE),
    Page("monitoring dashboard", f"{P}/monitoring/?period=2019", PARTNERS),
    Page("budget", f"{P}/budget/", PARTNERS),
    Page("risks", f"{P}/risks/", PARTNERS),
    Page("consultancies", f"{P}/consultancies/", PARTNERS),
    Page("deployments", f"{P}/deployments/", PARTNERS),
    Page("deployment", f"{P}/deployments/2/", PARTNERS),
    Page("staffing scenarios", f"{P}/staffing-scenarios/", PARTNERS),
    Page("staffing scenario", lambda records: records["scenario"].get_absolute_url(), PARTNERS),
    Page("disputes", f"{P}/disputes/", PARTNERS),
    Page("board", f"{P}/board/", PARTNERS),
    Page("period report", f"{P}/monitoring/report/?period=2019", PARTNERS),
    Page("specialists' headcount", f"{P}/specialists/", PARTNERS),
    Page("positions", f"{P}/specialists/positions/", PARTNERS),
    Page("people hired", f"{P}/specialists/people/", PARTNERS),
    Page("service contracts", f"{P}/specialists/contracts/", PARTNERS),
    Page("notices and questions", f"{P}/specialists/channel/", PARTNERS),
    Page("systematization", f"{P}/systematization/"),
    Page("figures", f"{P}/systematization/figures/"),
    Page("lessons", f"{P}/systematization/lessons/"),
    Page("recommendations", f"{P}/systematization/recommendations/"),
    Page("registry", "/registry/", EVERYONE),
    Page("activity", lambda records: records["activity"].get_absolute_url(), EVERYONE),
    Page("change log", "/changes/"),
    Page("IATI imports", "/iati/imports/", COORDINATORS),
    Page("IATI import form", "/iati/imports/new/", COORDINATORS),
    Page("IATI export, nothing to export", "/iati/export/activities.xml?identifier=XM-NONE"),
    Page("profile", "/accounts/profile/"),
    Page("password change", "/accounts/password/"),
    # The public portal: its language is in the address ({lang}: the walk's language).
    Page("public portal", "/public/{lang}/PROCAP/", EVERYONE),
    Page("public flagships", "/public/{lang}/PROCAP/flagships/", ANONYMOUS),
    Page("public products", "/public/{lang}/PROCAP/products/", ANONYMOUS),
    Page("public registry figures", "/public/{lang}/PROCAP/figures/", ANONYMOUS),
    Page("public open data", "/public/{lang}/PROCAP/open-data/", ANONYMOUS),
    Page("annual report", f"{P}/annual-report/", PARTNERS),
]

#: Placeholders and markup split a catalogue entry into the phrases a page may show.
PIECES = re.compile(r"%%|%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]*>|\n")


@cache
def english_phrases() -> tuple[str, ...]:
    """The catalogue's English phrases of three words or more that Spanish says otherwise."""
    with open(settings.BASE_DIR / "locale/es/LC_MESSAGES/django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    phrases = set()
    for key, spanish in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        msgid = msgid.split("\x04")[-1]  # a context comes first, before EOT
        for piece in PIECES.split(msgid):
            phrase = " ".join(piece.split())
            if len(phrase.split()) >= 3 and phrase not in spanish:
                phrases.add(phrase)
    return tuple(sorted(phrases))


def walk_scenario(program):
    """A scenario C with two positions, one of them essential and left uncovered."""
    from alianza.specialists.choices import Priority
    from alianza.specialists.tests.factories import PositionFactory
    from alianza.staffing_plans.choices import ScenarioKind
    from alianza.staffing_plans.tests.factories import ScenarioFactory

    PositionFactory(program=program, code="WALK-1", priority=Priority.ESSENTIAL)
    PositionFactory(program=program, code="WALK-2", priority=Priority.SUPPORTING)
    return ScenarioFactory(
        program=program,
        code="WALK-C",
        kind=ScenarioKind.ENDS,
        ends_on=datetime.date(2020, 3, 31),
        risk=program.risks.order_by("number").first(),
    )


def walker(username: str, role: str) -> None:
    if found := ROLES[role]:
        code, kind = found
        member(username, Institution.objects.get(code=code), kind)


def log_in(browser, live_server, username: str | None, language: str) -> None:
    """Sign in as `username` (None: a visitor), speaking `language`."""
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/accounts/login/")
    browser.add_cookie({"name": "django_language", "value": language})
    browser.get(f"{live_server.url}/accounts/login/")
    if username is None:
        return
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))


def check(browser, path: str, language: str) -> list[str]:
    """What is wrong with the page the browser shows (nothing: an empty list)."""
    found = [f"console: {message}" for message in console_errors(browser)]
    if (status := response_status(browser)) != 200:
        return found + [f"answered {status}"]
    if urlsplit(browser.current_url).path != urlsplit(path).path:
        return found + [f"sent to {browser.current_url}"]
    if browser.find_element(By.TAG_NAME, "html").get_attribute("lang") != language:
        found.append(f"page not in {language}")
    for rule, impact, help_text, count, nodes in axe_violations(browser):
        found.append(f"axe {impact} {rule}: {help_text}, {count} element(s): {nodes}")
    if language == "es":
        text = visible_text(browser)
        found += [f"untranslated: {p!r}" for p in english_phrases() if p in text]
    browser.set_window_size(*PHONE)
    wider, culprits = overflow(browser)
    if wider:
        found.append(f"{wider} px wider than a {PHONE[0]} px screen: {culprits}")
    browser.set_window_size(*DESKTOP)
    return found


def test_the_main_pages_pass_in_both_languages_as_each_role(live_server, browser):
    procap = load_procap()
    records = {
        "activity": make_activity(procap, "XM-WALK-1"),
        "scenario": walk_scenario(procap),
    }
    RiskFactory(program=procap, number=100, likelihood=5, impact=5)
    ContractFactory(program=procap)
    DisputeFactory(program=procap, opened_by_institution=Institution.objects.get(code="amexcid"))
    MeetingFactory(program=procap)
    for role in ROLES:
        walker(f"walk-{role}", role)

    failures: dict[str, list[str]] = {}
    for role in ROLES:
        for language in LANGUAGES:
            log_in(browser, live_server, None if ROLES[role] is None else f"walk-{role}", language)
            console_errors(browser)  # the log starts empty for the walk
            for page in (page for page in WALK if role in page.who):
                path = page.address(records).replace("{lang}", language)
                browser.get(f"{live_server.url}{path}")
                if found := check(browser, path, language):
                    failures[f"{page.name} ({path}), {role}, {language}"] = found
    assert not failures, "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in failures.items()
    )


def test_keyboard_and_phone_use(live_server, browser):
    """With the keyboard alone: the first Tab offers "skip to content", visibly; the menu's
    focus is a visible ring. On a phone the results come first: the filters fold under a
    button that the keyboard opens."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from alianza.conftest import build_cast

    build_cast()
    log_in(browser, live_server, "coordinator_a", "en")
    browser.get(f"{live_server.url}/programs/TEST/initiatives/")
    focused = "return document.activeElement;"
    ActionChains(browser).send_keys(Keys.TAB).perform()
    skip = browser.execute_script(focused)
    assert skip.get_attribute("href").endswith("#main") and skip.is_displayed()
    assert skip.size["width"] > 1
    ActionChains(browser).send_keys(Keys.TAB).perform()
    brand = browser.execute_script(focused)
    assert "navbar-brand" in brand.get_attribute("class")
    assert brand.value_of_css_property("outline-style") == "solid"

    filters = browser.find_element(By.ID, "initiative-filters")
    assert filters.is_displayed()  # on a wide screen, always shown
    browser.set_window_size(*PHONE)
    try:
        results = browser.find_element(By.ID, "initiative-results")
        toggle = browser.find_element(By.CSS_SELECTOR, "[data-testid=filters-toggle]")
        assert results.is_displayed() and not filters.is_displayed()
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.send_keys(Keys.ENTER)
        wait(browser, lambda d: filters.is_displayed())
        assert toggle.get_attribute("aria-expanded") == "true"
    finally:
        browser.set_window_size(*DESKTOP)
