"""A real browser (Debian's headless Chromium) checks that the initiatives list fits a laptop
screen with its cost column in view, and that its multiple filters are searchable."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.conftest import load_procap
from alianza.core.tests.browser import click, console_errors, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = "/programs/PROCAP/initiatives/"

#: How wide the page is, and where the cost column's header ends, against the viewport.
MEASURE = """
const cost = document.querySelector('[data-testid=initiative-table] [data-testid=cost-header]');
const box = cost.getBoundingClientRect();
return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
        costLeft: box.left, costRight: box.right, costShown: cost.offsetParent !== null};
"""


def _log_in(browser, live_server, language: str) -> None:
    member("ana", Institution.objects.get(code="amexcid"), Role.EDITOR)
    browser.get(f"{live_server.url}/accounts/login/")
    browser.add_cookie({"name": "django_language", "value": language})
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("ana")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))


def _rows(driver) -> list[str]:
    return [
        row.get_attribute("data-number")
        for row in driver.find_elements(By.CSS_SELECTOR, "[data-testid=initiative-table] tbody tr")
    ]


def _settled(driver) -> bool:
    return driver.execute_script("return document.querySelector('.htmx-request') === null")


def test_the_initiatives_list_fits_1280_and_1400_pixels_with_its_cost_column(live_server, browser):
    load_procap()
    _log_in(browser, live_server, "es")
    for language in ("es", "en"):
        browser.add_cookie({"name": "django_language", "value": language})
        for width in (1280, 1400):
            browser.set_window_size(width, 900)
            browser.get(f"{live_server.url}{LIST}")
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
            assert len(_rows(browser)) == 16
            seen = browser.execute_script(MEASURE)
            assert seen["scroll"] <= seen["inner"], (language, width, seen)
            assert seen["costShown"], (language, width)
            assert seen["costLeft"] >= 0 and seen["costRight"] <= seen["inner"], (
                language,
                width,
                seen,
            )
    assert console_errors(browser) == []


def test_a_multiple_filter_is_searched_by_typing_not_by_ctrl_click(live_server, browser):
    load_procap()
    _log_in(browser, live_server, "es")
    browser.set_window_size(1280, 900)
    browser.get(f"{live_server.url}{LIST}")
    # The plain multiple select became Tom Select's searchable control.
    select = browser.find_element(By.NAME, "incidence_level")
    assert select.get_attribute("data-searchable") is not None
    wait(browser, lambda d: d.execute_script("return !!arguments[0].tomselect;", select))
    control = browser.find_element(By.CSS_SELECTOR, "#id_incidence_level-ts-control")
    click(browser, control)
    control.send_keys("POLIT")
    options = "#id_incidence_level-ts-dropdown .option"
    # Accents and case aside, only the matching term is left to choose.
    wait(
        browser,
        lambda d: (
            [o.get_attribute("data-value") for o in d.find_elements(By.CSS_SELECTOR, options)]
            == ["political"]
        ),
    )
    browser.find_element(By.CSS_SELECTOR, options).click()
    control.send_keys(Keys.ESCAPE)
    # The choice lands in the original select, whose change reaches htmx: the list narrows.
    wait(browser, lambda d: _settled(d) and _rows(d) == ["4", "14", "15", "16"])
    assert "incidence_level=political" in browser.current_url
    # Its remove button takes the choice back (and runs no script the CSP refuses).
    click(
        browser, browser.find_element(By.CSS_SELECTOR, ".ts-control [data-value=political] .remove")
    )
    wait(browser, lambda d: _settled(d) and len(_rows(d)) == 16)
    # Nothing matches: the dropdown says so in the page's language.
    control = browser.find_element(By.CSS_SELECTOR, "#id_incidence_level-ts-control")
    click(browser, control)
    control.send_keys("zzzz")
    wait(
        browser,
        lambda d: (
            "Sin coincidencias"
            in d.find_element(By.CSS_SELECTOR, "#id_incidence_level-ts-dropdown").text
        ),
    )
    assert console_errors(browser) == []
