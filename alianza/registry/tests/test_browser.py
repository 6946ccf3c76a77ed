# ruff: noqa: E501
"""A real browser (Debian's headless Chromium): a partner uploads the official IATI example
on the import page, reads the report, then opens the registry's map (Mexico's states, the
world map of partner countries) and the partner network; a Chilean registry's map draws
Chile's regions."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from alianza.accounts.choices import Role
from alianza.accounts.tests.factories import InstitutionFactory, member
from alianza.core.tests.browser import wait  # noqa: E402
from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory
from alianza.registry.tests.factories import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_language():
    return "en"


def test_a_partner_imports_an_iati_file_and_sees_it_on_the_map(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    agency = InstitutionFactory(code="agency", acronym_en="AG")
    program = ProgramFactory(code="REG", is_public=True)
    PartnershipFactory(program=program, institution=agency)
    member("ana", agency, Role.EDITOR)
    make_activity(program, "XM-TEST-CHIAPAS")

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("ana")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=current-user]"))

    browser.get(f"{live_server.url}/iati/imports/new/")
    Select(browser.find_element(By.NAME, "program")).select_by_visible_text("REG")
    browser.find_element(By.NAME, "file").send_keys(str(ACTIVITY_EXAMPLE))
    browser.find_element(By.CSS_SELECTOR, "[data-testid=import-submit]").click()
    wait(
        browser,
        lambda d: (
            d.find_element(By.CSS_SELECTOR, "[data-testid=import-progress]").get_attribute(
                "data-status"
            )
            == "done"
        ),
    )
    summary = browser.find_element(By.CSS_SELECTOR, "[data-testid=import-summary]").text
    assert summary.startswith("1 created")
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=import-items] tbody tr")
    assert [r.get_attribute("data-outcome") for r in rows] == ["created"]

    browser.get(f"{live_server.url}/registry/map/")
    chiapas = browser.find_element(By.CSS_SELECTOR, "[data-subdivision='MX-CHP'] path")
    assert chiapas.get_attribute("data-activities") == "1"
    assert chiapas.get_attribute("fill") != "#e9ecef"
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#world-map path[data-country='AF']"))
    afghanistan = browser.find_element(By.CSS_SELECTOR, "#world-map path[data-country='AF']")
    assert afghanistan.get_attribute("fill") != "#e9ecef"

    browser.get(f"{live_server.url}/registry/network/")
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#network g[data-org]")) >= 4)


def test_a_chilean_registry_draws_chiles_regions(live_server, browser, settings):
    settings.REGISTRY_COUNTRY = "CL"
    agency = InstitutionFactory(code="agci", acronym_en="AGCI")
    program = ProgramFactory(code="CHL", is_public=True)
    PartnershipFactory(program=program, institution=agency)
    member("rosa", agency, Role.VIEWER)
    make_activity(program, "CL-AGCI-1", locations=[{"ref": "CL-RM", "details": {}}])
    make_activity(program, "CL-AGCI-2", locations=[{"ref": "CL-RM", "details": {}}])

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("rosa")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=current-user]"))

    browser.get(f"{live_server.url}/registry/map/")
    regions = browser.find_elements(By.CSS_SELECTOR, "[data-testid=country-map] path")
    assert len(regions) == 16
    santiago = browser.find_element(By.CSS_SELECTOR, "[data-subdivision='CL-RM'] path")
    assert santiago.get_attribute("data-activities") == "2"
    assert santiago.get_attribute("fill") != "#e9ecef"
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "h2")]
    assert "States and regions of Chile" in headings
    box = browser.find_element(By.CSS_SELECTOR, "[data-testid=country-map]").size
    assert box["height"] > box["width"] / 2  # drawn tall, as Chile is
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#world-map path[data-country='CL']"))
