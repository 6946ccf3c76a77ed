"""In Chromium: a locked-out sign-in shows the login page with the message; a person creates,
sees and revokes an API token and changes their password from the user menu."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from alianza.accounts.models import ApiToken
from alianza.accounts.tests.factories import UserFactory
from alianza.core.tests.browser import wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "secret-pass-123"
NEW_PASSWORD = "a-much-better-passphrase-42"


def spanish(browser, url: str) -> None:
    browser.get(f"{url}/accounts/login/")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=lang-es]").click()
    wait(browser, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es")


def sign_in(browser, url: str, username: str, password: str) -> None:
    browser.get(f"{url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    submit = browser.find_element(By.CSS_SELECTOR, "[data-testid=login-submit]")
    submit.click()
    wait(browser, ec.staleness_of(submit))  # the answer to this attempt has loaded


def test_the_lockout_is_explained_on_the_login_page(live_server, browser, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="ana")
    spanish(browser, live_server.url)
    for _attempt in range(3):
        sign_in(browser, live_server.url, "ana", "wrong")
    sign_in(browser, live_server.url, "ana", PASSWORD)
    alert = browser.find_element(By.CSS_SELECTOR, ".alert-danger")
    assert "Demasiados intentos fallidos" in alert.text and "30 minutos" in alert.text
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=current-user]")


def test_a_person_manages_tokens_and_their_password(live_server, browser):
    UserFactory(username="ana")
    spanish(browser, live_server.url)
    sign_in(browser, live_server.url, "ana", PASSWORD)
    wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=current-user]")))
    browser.find_element(By.CSS_SELECTOR, "[data-testid=current-user]").click()
    browser.find_element(By.NAME, "name").send_keys("informe semanal")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=create-token]").click()
    key = wait(
        browser, ec.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=api-token]"))
    ).text
    assert key.startswith("alz_")
    table = browser.find_element(By.CSS_SELECTOR, "[data-testid=api-tokens]").text
    assert "informe semanal" in table and key[:12] in table
    browser.find_element(By.CSS_SELECTOR, "[data-testid=revoke-token]").click()
    wait(browser, lambda d: "fue revocado" in d.page_source)
    assert not ApiToken.objects.exists()

    browser.find_element(By.CSS_SELECTOR, "[data-testid=password-change-link]").click()
    browser.find_element(By.NAME, "old_password").send_keys(PASSWORD)
    browser.find_element(By.NAME, "new_password1").send_keys(NEW_PASSWORD)
    browser.find_element(By.NAME, "new_password2").send_keys(NEW_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=password-change-submit]").click()
    wait(browser, lambda d: "Su contraseña se cambió" in d.page_source)
