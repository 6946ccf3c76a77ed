"""A real browser (Debian's headless Chromium): a coordinator opens PROCAP's joint dashboard,
reads the flagged spending pace, follows a record and signs the period report."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.conftest import load_procap
from alianza.core.tests.browser import click, wait
from alianza.monitoring.models import Signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_language():
    return "en"


def test_a_coordinator_reads_the_dashboard_and_signs_the_period(live_server, browser):
    load_procap()
    member("alma", Institution.objects.get(code="amexcid"), Role.COORDINATOR)

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("alma")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))

    browser.get(f"{live_server.url}/programs/PROCAP/")
    click(browser, browser.find_element(By.CSS_SELECTOR, "a[href='/programs/PROCAP/monitoring/']"))
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=period-form]")))
    start = browser.find_element(By.NAME, "start")
    browser.execute_script("arguments[0].value = '2019-01-01'", start)
    end = browser.find_element(By.NAME, "end")
    browser.execute_script("arguments[0].value = '2019-12-31'", end)
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid=period-form] button"))
    wait(
        browser,
        lambda d: "2019-01-01" in d.find_element(By.CSS_SELECTOR, "[data-testid=period]").text,
    )

    row = browser.find_element(By.CSS_SELECTOR, "tr[data-initiative='9']")
    assert row.get_attribute("data-status") == "ahead"
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=count-pace]").text == "1"
    assert len(browser.find_elements(By.CSS_SELECTOR, "[data-testid=heat-map] td")) == 25
    assert (
        len(browser.find_elements(By.CSS_SELECTOR, "[data-testid=unassessed] li")) == 5
    )  # PROCAP's risks, unscored

    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid=report-link]"))
    click(
        browser, wait(browser, ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=sign]")))
    )
    # The first click asks for confirmation; nothing is signed until it is given.
    confirm = wait(
        browser, ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=confirm-sign]"))
    )
    assert (
        "AMEXCID" in browser.find_element(By.CSS_SELECTOR, "[data-testid=sign-confirmation]").text
    )
    assert not Signature.objects.exists()
    click(browser, confirm)
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=signature]")))
    assert "AMEXCID" in browser.find_element(By.CSS_SELECTOR, "[data-testid=signature]").text
    assert Signature.objects.get().institution.code == "amexcid"

    link = browser.find_element(By.CSS_SELECTOR, "tr[data-initiative='9'] a")
    browser.get(link.get_attribute("href"))
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=spending-panel]")))
    assert "ahead" in browser.find_element(By.CSS_SELECTOR, "[data-testid=panel-status]").text
