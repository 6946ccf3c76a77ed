"""A real browser (Debian's headless Chromium): a coordinator opens PROCAP's analysis
matrix, sees the flagships, looks at the figures drawn in the page, and settles a
criterion with htmx."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution
from alianza.accounts.tests.factories import member
from alianza.conftest import load_procap
from alianza.core.tests.browser import wait
from alianza.systematization.models import ConsolidatedResult

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_reads_the_matrix_sees_figures_and_settles_a_criterion(live_server, browser):
    load_procap()
    member("carla", Institution.objects.get(code="amexcid"), Role.COORDINATOR)

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("carla")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))

    browser.get(f"{live_server.url}/programs/PROCAP/")
    browser.find_element(
        By.CSS_SELECTOR, "[data-testid=program-tabs] a[href='/programs/PROCAP/systematization/']"
    ).click()
    wait(
        browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=criteria-matrix]"))
    )
    flagged = [
        row.get_attribute("data-number")
        for row in browser.find_elements(
            By.CSS_SELECTOR, "[data-testid=criteria-matrix] tr[data-flagship]"
        )
    ]
    assert flagged == ["4", "5", "8"]

    browser.find_element(By.CSS_SELECTOR, "[data-testid=lang-en]").click()
    wait(browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    browser.find_element(
        By.CSS_SELECTOR, "[data-testid=systematization-nav] a[href*='figures']"
    ).click()
    chart = wait(
        browser,
        ec.presence_of_element_located(
            (By.CSS_SELECTOR, "[data-testid=figure-criteria-matrix] svg[role=img]")
        ),
    )
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", chart
    )
    assert chart.size["width"] > 300 and chart.size["height"] > 200
    assert "Analysis matrix" in chart.get_attribute("aria-label")

    browser.get(f"{live_server.url}/programs/PROCAP/systematization/consolidate/16/")
    row = browser.find_element(By.ID, "criterion-impact")
    row.find_element(By.CSS_SELECTOR, "select[name=value]").send_keys("Met")
    row.find_element(By.CSS_SELECTOR, "input[name=reason]").send_keys("New evidence from 2020")
    button = row.find_element(By.TAG_NAME, "button")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button
    )
    button.click()
    wait(
        browser,
        lambda d: "New evidence from 2020" in d.find_element(By.ID, "criterion-impact").text,
    )
    result = ConsolidatedResult.objects.with_counts().get(initiative__number=16)
    assert result.met_count == 6


def test_an_editor_codes_an_excerpt_after_a_refused_first_try(live_server, browser):
    """The form sent without text comes back (400) with the error in place; sent again with
    a quote and a category, the excerpt joins the interview's list without a reload."""
    from alianza.systematization.models import Excerpt, Interview

    load_procap()
    member("erika", Institution.objects.get(code="undp_mexico"), Role.EDITOR)
    interview = Interview.objects.filter(period__program__code="PROCAP").order_by("number")[0]
    before = Excerpt.objects.filter(interview=interview).count()

    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys("erika")
    browser.find_element(By.NAME, "password").send_keys("secret-pass-123")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]").click()
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))
    browser.get(f"{live_server.url}/programs/PROCAP/systematization/interviews/{interview.pk}/")

    def form():
        return browser.find_element(By.ID, "excerpt-form")

    def submit():
        button = form().find_element(By.CSS_SELECTOR, "[data-testid=save-excerpt]")
        browser.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button
        )
        button.click()

    submit()
    wait(browser, lambda d: form().find_elements(By.CSS_SELECTOR, ".invalid-feedback, .alert"))
    assert Excerpt.objects.filter(interview=interview).count() == before

    form().find_element(By.NAME, "text_es").send_keys("La coordinación conjunta fue clave.")
    box = form().find_element(By.CSS_SELECTOR, "input[name=categories]")
    browser.execute_script("arguments[0].click();", box)
    submit()
    wait(
        browser,
        lambda d: (
            "La coordinación conjunta fue clave." in d.find_element(By.ID, "excerpt-list").text
        ),
    )
    created = Excerpt.objects.filter(interview=interview).order_by("-pk").first()
    assert Excerpt.objects.filter(interview=interview).count() == before + 1
    assert created.text_es == "La coordinación conjunta fue clave."
    assert created.categories.count() == 1
    assert not form().find_element(By.NAME, "text_es").get_attribute("value")
