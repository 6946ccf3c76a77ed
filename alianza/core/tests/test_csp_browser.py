"""A real browser (Debian's headless Chromium) under the Content-Security-Policy: the main
pages load without a single CSP violation or script error, htmx still works, and an imported
`javascript:` link is text that nothing can click."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from alianza.accounts.services import system_user
from alianza.conftest import build_cast
from alianza.core.tests.browser import console_errors, csp_violations, wait
from alianza.iati.tests.test_unsafe_links import PAYLOAD, import_with_links
from alianza.programs.tests.factories import ProgramFactory
from alianza.registry.tests.factories import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Any anchor whose address a browser would run as script.
SCRIPT_LINKS = """
return Array.from(document.querySelectorAll('a[href], area[href]'))
  .map(a => a.getAttribute('href'))
  .filter(h => /^[\\u0000-\\u0020]*j[\\t\\n\\r]*a[\\t\\n\\r]*v[\\t\\n\\r]*a[\\t\\n\\r]*s/i.test(h)
            || h.trim().toLowerCase().startsWith('data:'));
"""


@pytest.fixture
def browser_language():
    return "en"


def log_in(browser, live_server, username: str) -> None:
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))


def test_an_imported_javascript_link_is_text_on_the_public_page(
    live_server, browser, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    program = ProgramFactory(code="REG", is_public=True)
    record = import_with_links(tmp_path, program, system_user())

    browser.get(f"{live_server.url}{record.get_absolute_url()}")
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "span.unsafe-link")))
    assert browser.execute_script(SCRIPT_LINKS) == []
    shown = browser.find_element(By.CSS_SELECTOR, "span.unsafe-link")
    assert "Informe anual" in shown.text and PAYLOAD in shown.text
    shown.click()  # nothing to follow: the page stays, no script runs
    assert browser.current_url == f"{live_server.url}{record.get_absolute_url()}"
    assert browser.title != "pwned"
    link = browser.find_element(By.LINK_TEXT, "Evaluación")
    assert link.get_attribute("href") == "https://example.org/evaluation.pdf"
    assert console_errors(browser) == []


def test_the_main_pages_run_under_the_policy_without_a_violation(live_server, browser):
    cast = build_cast()
    activity = make_activity(cast.program, "XM-TEST-CSP")
    cast.users["coordinator_a"].is_staff = True  # and an administrator, for /admin/
    cast.users["coordinator_a"].is_superuser = True
    cast.users["coordinator_a"].save()
    log_in(browser, live_server, "coordinator_a")
    assert console_errors(browser) == []

    pages = [
        ("/", "main h1, main h2"),
        ("/programs/TEST/", ".timeline-bar"),
        ("/programs/TEST/initiatives/", "[data-testid=initiative-table], table"),
        (cast.public_initiative.get_absolute_url(), "main h1"),
        ("/registry/", "main table, main h1"),
        (activity.get_absolute_url(), "main h1"),
        ("/registry/map/", "[data-testid=world-map] svg"),
        ("/registry/network/", "[data-testid=network] svg"),
        ("/programs/TEST/monitoring/", "main h1, main h2"),
        ("/programs/TEST/systematization/report.html", "h1"),
        ("/api/v1/docs/", ".swagger-ui .opblock"),
        ("/api/v1/redoc/", "redoc h1"),
        ("/api/v1/initiatives/?program=TEST", ".response-info"),
        ("/admin/", "#content"),
    ]
    problems = {}
    for path, ready in pages:
        browser.get(f"{live_server.url}{path}")
        wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, ready)))
        # The admin pages name no icon: the browser asks for /favicon.ico, which is no page.
        # Redoc's sidebar shows its maker's logo from their CDN: blocked, as it should be.
        errors = [
            e
            for e in console_errors(browser)
            if "/favicon.ico " not in e and "https://cdn.redoc.ly/" not in e
        ]
        if errors:
            problems[path] = errors
    assert problems == {}

    # The timeline is laid out by the stylesheet, not by inline styles the policy blocks.
    browser.get(f"{live_server.url}/programs/TEST/")
    bar = browser.find_element(By.CSS_SELECTOR, ".timeline-bar")
    assert bar.value_of_css_property("position") == "absolute"
    assert float(bar.value_of_css_property("width").removesuffix("px")) > 0

    # htmx still swaps under the policy (no eval, no inline indicator style).
    browser.get(f"{live_server.url}/programs/TEST/initiatives/")
    search = browser.find_element(By.NAME, "q")
    search.send_keys(cast.public_initiative.title_en[:12])
    wait(
        browser,
        lambda driver: (
            "q=" in driver.execute_script("return window.location.search")
            or len(driver.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 1
        ),
    )
    assert csp_violations(browser) == []
