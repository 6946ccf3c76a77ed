"""The portal in a real browser: its main pages in Spanish and English pass the walk's checks
(no console error or CSP violation, no serious accessibility violation, no page wider than a
phone, no English left in Spanish), and the language links lead to the same page in the other
language."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from alianza.conftest import load_procap
from alianza.core.tests.browser import console_errors, wait
from alianza.core.tests.test_walk_browser import LANGUAGES, check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ("", "initiatives/", "flagships/", "products/", "figures/", "open-data/")


def test_portal_pages_pass_in_both_languages(live_server, browser):
    load_procap()
    failures = {}
    for language in LANGUAGES:
        # The visitor's cookie says the other language: the address decides.
        log_in(browser, live_server, None, "es" if language == "en" else "en")
        console_errors(browser)
        for page in PAGES:
            path = f"/public/{language}/PROCAP/{page}"
            browser.get(f"{live_server.url}{path}")
            if found := check(browser, path, language):
                failures[f"{path}"] = found
    assert not failures, failures


def test_language_links_lead_to_the_same_page(live_server, browser):
    load_procap()
    log_in(browser, live_server, None, "es")
    browser.get(f"{live_server.url}/public/es/PROCAP/flagships/")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=portal-lang-en]").click()
    assert browser.current_url.endswith("/public/en/PROCAP/flagships/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    canonical = browser.find_element(By.CSS_SELECTOR, "link[rel=canonical]")
    assert canonical.get_attribute("href").endswith("/public/en/PROCAP/flagships/")


def test_annual_report_button_opens_the_report_without_console_errors(live_server, browser):
    from alianza.accounts.choices import Role
    from alianza.accounts.models import Institution
    from alianza.accounts.tests.factories import member

    load_procap()
    member("annual-viewer", Institution.objects.get(code="undp_mexico"), Role.VIEWER)
    log_in(browser, live_server, "annual-viewer", "en")
    console_errors(browser)
    path = "/programs/PROCAP/annual-report/"
    browser.get(f"{live_server.url}{path}")
    assert not check(browser, path, "en")
    browser.find_element(By.CSS_SELECTOR, "#annual-year option[value='2019']").click()
    browser.find_element(By.CSS_SELECTOR, "button[value=html]").click()
    wait(browser, lambda driver: "/programs/PROCAP/annual-report/2019.html" in driver.current_url)
    assert not console_errors(browser)
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert "1. What was done" in headings
    assert browser.find_elements(By.CSS_SELECTOR, "figure svg")
