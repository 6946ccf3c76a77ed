"""Login lockout (django-axes): too many failures lock the account and the address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alianza.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # the factories' password
LOGIN = "/accounts/login/"


@pytest.fixture
def ana():
    return UserFactory(username="ana")


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1", **extra):
    extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_21st_attempt_is_refused_even_with_the_right_password(ana, settings):
    assert settings.AXES_FAILURE_LIMIT == 20
    client = Client()
    for _attempt in range(19):
        response = sign_in(client, "ana", "wrong")
        assert response.status_code == 200
        assert "locked" not in response.content.decode()
    twentieth = sign_in(client, "ana", "wrong")
    assert twentieth.status_code == 429
    response = sign_in(client, "ana", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page and "30 minutes" in page
    assert 'name="password"' in page  # the login page, not a bare error


def test_the_lockout_message_is_translated(ana):
    client = Client()
    for _attempt in range(20):
        sign_in(client, "ana", "wrong", HTTP_ACCEPT_LANGUAGE="es")
    response = sign_in(client, "ana", PASSWORD, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 429
    assert "Demasiados intentos fallidos" in response.content.decode()


def test_a_few_failures_do_not_stop_the_right_password(ana):
    client = Client()
    for _attempt in range(5):
        sign_in(client, "ana", "wrong")
    response = sign_in(client, "ana", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_account_is_locked_whatever_the_address(ana):
    for number in range(20):
        sign_in(Client(), "ana", "wrong", address=f"10.0.1.{number}")
    client = Client()
    assert sign_in(client, "ana", PASSWORD, address="10.0.2.1").status_code == 429
    assert not signed_in(client)


def test_the_address_is_locked_whatever_the_account(ana):
    for number in range(20):
        sign_in(Client(), f"guess{number}", "wrong", address="10.0.3.3")
    client = Client()
    assert sign_in(client, "ana", PASSWORD, address="10.0.3.3").status_code == 429
    other = Client()
    assert sign_in(other, "ana", PASSWORD, address="10.0.3.4").status_code == 302


def test_a_forged_forwarded_for_header_does_not_change_the_address(ana, settings):
    assert settings.PROXY_COUNT == 0
    for number in range(20):
        sign_in(Client(), f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert sign_in(Client(), "ana", PASSWORD).status_code == 429


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(ana, settings):
    settings.PROXY_COUNT = 1
    for number in range(20):
        sign_in(
            Client(),
            f"guess{number}",
            "wrong",
            address="10.9.9.9",  # the proxy
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}, 198.51.100.7",
        )
    assert sign_in(Client(), "ana", PASSWORD, address="10.9.9.9").status_code == 302
    refused = sign_in(
        Client(), "ana", PASSWORD, address="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert refused.status_code == 429


def test_the_lockout_ends_after_the_cool_off(ana):
    for _attempt in range(20):
        sign_in(Client(), "ana", "wrong")
    assert sign_in(Client(), "ana", PASSWORD).status_code == 429
    long_ago = timezone.now() - datetime.timedelta(minutes=31)
    AccessAttempt.objects.update(attempt_time=long_ago)
    client = Client()
    assert sign_in(client, "ana", PASSWORD).status_code == 302 and signed_in(client)


def test_an_administrator_unlocks_an_account_with_a_command(ana):
    for number in range(20):
        sign_in(Client(), "ana", "wrong", address=f"10.0.4.{number}")
    call_command("axes_reset_username", "ana", verbosity=0)
    client = Client()
    assert sign_in(client, "ana", PASSWORD, address="10.0.4.1").status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(ana):
    for _attempt in range(20):
        sign_in(Client(), "ana", "wrong")
    admin = Client()
    admin.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    listing = admin.get("/admin/axes/accessattempt/?locked_out=yes")
    assert listing.status_code == 200 and "ana" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="ana")
    response = admin.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 302
    assert sign_in(Client(), "ana", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too_with_its_message():
    UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    for _attempt in range(20):
        client.post("/admin/login/", {"username": "root", "password": "wrong"})
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "root", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not signed_in(client)


def test_force_login_still_works_for_tests(ana):
    client = Client()
    client.force_login(ana)
    assert client.get("/accounts/profile/").status_code == 200
