"""A real browser (Debian's headless Chromium) walks the setup of a second program from the
pages alone: an administrator creates it and its three partners (Chile, Paraguay,
Germany), a partner's coordinator types a rubric of 10 criteria with flagships at 7 or
more and a period assessed with it; once initiatives are assessed, the analysis matrix
marks as flagship only the initiative that meets 7 criteria."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import UserFactory, member
from alianza.core.tests.browser import click, wait
from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.programs.models import Program
from alianza.systematization import services
from alianza.systematization.models import CriteriaSet, SystematizationPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNERS = [
    ("agcid", "AGCID", "Chilean Agency for International Cooperation", "CL"),
    ("stp_py", "STP", "Technical Secretariat for Planning of Paraguay", "PY"),
    ("giz_de", "GIZ", "Deutsche Gesellschaft für Internationale Zusammenarbeit", "DE"),
]


@pytest.fixture
def browser_language() -> str:
    return "en"


def _sign_in(browser, url: str, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))


def _fill(browser, fields: dict[str, str]) -> None:
    for name, value in fields.items():
        element = browser.find_element(By.NAME, name)
        if element.tag_name == "select":
            # By its code when the option has one (a currency: "EUR"), else by its text.
            try:
                Select(element).select_by_value(value)
            except NoSuchElementException:
                Select(element).select_by_visible_text(value)
        else:
            element.clear()
            element.send_keys(value)


def _submit(browser) -> None:
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid=submit]"))
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, ".alert-success")))


def test_a_second_program_is_set_up_from_the_pages(live_server, browser):
    url = live_server.url
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    admin.set_password("secret-pass-123")
    admin.save()

    _sign_in(browser, url, "admin")
    browser.get(f"{url}/programs/new/")
    _fill(browser, {"code": "CLPYDE", "name_en": "Triangular program", "currency": "EUR"})
    _submit(browser)
    for code, acronym, name, country in PARTNERS:
        browser.find_element(By.CSS_SELECTOR, "[data-testid=new-partner]").click()
        _fill(
            browser,
            {"code": code, "acronym_en": acronym, "name_en": name, "country": country},
        )
        _fill(browser, {"role_en": "Partner"})
        _submit(browser)
    partners = browser.find_element(By.CSS_SELECTOR, "[data-testid=partners]").text
    assert all(acronym in partners for _, acronym, _, _ in PARTNERS)

    coordinator = member("carolina", Institution.objects.get(code="agcid"), Role.COORDINATOR)
    _sign_in(browser, url, coordinator.username)
    browser.get(f"{url}/programs/CLPYDE/setup/")
    browser.find_element(
        By.CSS_SELECTOR, "[data-testid=setup-nav] a[href='/programs/CLPYDE/systematization/setup/']"
    ).click()
    browser.find_element(By.CSS_SELECTOR, "[data-testid=new-criteria-sets]").click()
    _fill(browser, {"code": "rubric", "name_en": "Rubric", "flagship_threshold": "11"})
    _fill(browser, {"criteria": "\n".join(f"c{i} | Criterion {i}" for i in range(1, 11))})
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-testid=submit]"))
    error = wait(
        browser,
        ec.presence_of_element_located((By.CSS_SELECTOR, "[data-field=flagship_threshold]")),
    )
    assert "11" in error.text
    _fill(browser, {"flagship_threshold": "7"})
    _submit(browser)
    rule = browser.find_element(By.CSS_SELECTOR, "[data-testid=flagship-rule-rubric]").text
    assert "10 criteria, flagship at 7 or more" in rule

    browser.find_element(By.CSS_SELECTOR, "[data-testid=new-periods]").click()
    _fill(browser, {"code": "2020-2024", "name_en": "2020-2024", "criteria_set": "CLPYDE · Rubric"})
    for name, value in (("start_date", "2020-01-01"), ("end_date", "2024-12-31")):
        browser.execute_script(
            "arguments[0].value = arguments[1];", browser.find_element(By.NAME, name), value
        )
    _submit(browser)

    program = Program.objects.get(code="CLPYDE")
    assert program.partnerships.count() == 3
    rubric = CriteriaSet.objects.get(program=program, code="rubric")
    assert (rubric.criteria.count(), rubric.flagship_threshold) == (10, 7)
    period = SystematizationPeriod.objects.get(program=program, code="2020-2024")
    for number, met in ((1, 7), (2, 6)):
        initiative = InitiativeFactory(program=program, number=number, is_public=True)
        services.assessment_save(
            period=period,
            initiative=initiative,
            items={f"c{i}": {"value": "met" if i <= met else "not_met"} for i in range(1, 11)},
            actor=coordinator,
        )
        services.consolidated_result_create(period=period, initiative=initiative, actor=coordinator)

    browser.get(f"{url}/programs/CLPYDE/systematization/")
    wait(
        browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=criteria-matrix]"))
    )
    flagged = [
        row.get_attribute("data-number")
        for row in browser.find_elements(
            By.CSS_SELECTOR, "[data-testid=criteria-matrix] tr[data-flagship]"
        )
    ]
    assert flagged == ["1"]
