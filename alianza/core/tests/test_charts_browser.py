"""A real browser (Debian's headless Chromium) in Spanish opens every page that draws a chart
and finds no console error: no SVG attribute the browser rejects ("Expected length" for a
decimal comma), no failed figure, no script error."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.conftest import load_procap
from alianza.core.tests.browser import console_errors, wait
from alianza.programs.models import Program
from alianza.registry.tests.factories import make_activity
from alianza.risks.tests.factories import RiskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Each chart page and what shows that its chart is drawn.
CHART_PAGES = [
    ("/programs/PROCAP/monitoring/?period=2019", "[data-testid=curve] svg polyline"),
    ("/programs/PROCAP/monitoring/report/?period=2019", "[data-testid=curve] svg polyline"),
    ("/programs/PROCAP/budget/", "[data-testid=curve] svg polyline"),
    ("/programs/PROCAP/risks/", "[data-testid=heat-map] td.heat-high"),
    ("/programs/PROCAP/initiatives/9/", "[data-testid=spending-panel]"),
    ("/programs/PROCAP/systematization/figures/", ".figure-card svg text"),
    ("/registry/map/", "[data-testid=country-map] path"),
    ("/registry/map/?measure=amount", "[data-testid=world-map] svg"),
    ("/registry/network/", "[data-testid=network] svg"),
]

IMAGES_LOADED = "return Array.from(document.images).every(i => i.complete);"


def test_every_chart_page_draws_in_spanish_without_a_console_error(live_server, browser):
    load_procap()
    procap = Program.objects.get(code="PROCAP")
    RiskFactory(program=procap, number=100, likelihood=5, impact=5)
    make_activity(procap, "XM-TEST-1")
    user = member("alma", Institution.objects.get(code="amexcid"), Role.COORDINATOR)
    user.is_superuser = True
    user.save()

    browser.get(f"{live_server.url}/accounts/login/")
    # Headless Chromium asks for en-US whatever its --lang: choose Spanish as a visitor does.
    browser.add_cookie({"name": "django_language", "value": "es"})
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("alma")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))
    console_errors(browser)  # the log starts empty for the chart pages

    errors = {}
    for path, drawn in CHART_PAGES:
        browser.get(f"{live_server.url}{path}")
        wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, drawn)))
        wait(browser, lambda d: d.execute_script(IMAGES_LOADED))
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
        if found := console_errors(browser):
            errors[path] = found
    assert errors == {}
