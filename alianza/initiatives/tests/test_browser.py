"""A real browser (Debian's headless Chromium) walks the main path of a partner."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.conftest import load_procap
from alianza.core.tests.browser import wait  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _loaded(driver, language: str) -> bool:
    """The page in `language` has loaded whole: a button found while it is still being
    parsed may be detached by the time it is clicked ("does not belong to the document")."""
    return (
        driver.execute_script("return document.readyState") == "complete"
        and driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    )


def test_a_partner_logs_in_switches_language_filters_and_opens_an_initiative(live_server, browser):
    load_procap()
    member("ana", Institution.objects.get(code="amexcid"), Role.EDITOR)

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("ana")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))
    assert "ana" in browser.find_element(By.CSS_SELECTOR, "[data-testid=current-user]").text

    browser.get(f"{live_server.url}/programs/PROCAP/initiatives/")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=lang-en]").click()
    wait(browser, lambda d: _loaded(d, "en"))
    assert "Level of potential incidence" in browser.page_source
    browser.find_element(By.CSS_SELECTOR, "[data-testid=lang-es]").click()
    wait(browser, lambda d: _loaded(d, "es"))
    assert "Nivel de incidencia potencial" in browser.page_source

    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=initiative-table] tbody tr")
    assert len(rows) == 16
    Select(browser.find_element(By.NAME, "incidence_level")).select_by_value("political")
    apply = browser.find_element(By.CSS_SELECTOR, "[data-testid=apply-filters]")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", apply
    )
    apply.click()

    def shown(driver):
        return [
            row.get_attribute("data-number")
            for row in driver.find_elements(
                By.CSS_SELECTOR, "[data-testid=initiative-table] tbody tr"
            )
        ]

    def settled(driver):
        return driver.execute_script("return document.querySelector('.htmx-request') === null")

    wait(browser, lambda d: settled(d) and shown(d) == ["4", "14", "15", "16"])
    assert "incidence_level=political" in browser.current_url

    link = browser.find_element(By.CSS_SELECTOR, "tr[data-number='16'] a")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", link
    )
    link.click()
    wait(
        browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=initiative-title]"))
    )
    title = browser.find_element(By.CSS_SELECTOR, "[data-testid=initiative-title]").text
    assert title.startswith("16.") and "Mesoamérica" in title
    assert browser.find_element(By.CSS_SELECTOR, "[data-testid=cost]").text.startswith("USD 68")
