# ruff: noqa: E501
"""A real browser (Debian's headless Chromium): a partner uploads the official IATI example
on the import page, reads the report, then opens the registry's map (Mexico's states, the
world map of partner countries) and the partner network."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from alianza.accounts.choices import Role
from alianza.accounts.tests.factories import InstitutionFactory, member
from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory
from alianza.registry.tests.factories import make_activity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="alianza-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--lang=en",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _wait(driver, condition, timeout=15):
    return WebDriverWait(
        driver, timeout, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    ).until(condition)


def test_a_partner_imports_an_iati_file_and_sees_it_on_the_map(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    agency = InstitutionFactory(code="agency", acronym="AG")
    program = ProgramFactory(code="REG", is_public=True)
    PartnershipFactory(program=program, institution=agency)
    member("ana", agency, Role.EDITOR)
    make_activity(program, "XM-TEST-CHIAPAS")

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("ana")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=current-user]"))

    browser.get(f"{live_server.url}/iati/imports/new/")
    Select(browser.find_element(By.NAME, "program")).select_by_visible_text("REG")
    browser.find_element(By.NAME, "file").send_keys(str(ACTIVITY_EXAMPLE))
    browser.find_element(By.CSS_SELECTOR, "[data-testid=import-submit]").click()
    _wait(
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
    chiapas = browser.find_element(By.CSS_SELECTOR, "[data-state='07'] path")
    assert chiapas.get_attribute("data-activities") == "1"
    assert chiapas.get_attribute("fill") != "#e9ecef"
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#world-map path[data-country='AF']"))
    afghanistan = browser.find_element(By.CSS_SELECTOR, "#world-map path[data-country='AF']")
    assert afghanistan.get_attribute("fill") != "#e9ecef"

    browser.get(f"{live_server.url}/registry/network/")
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#network g[data-org]")) >= 4)
