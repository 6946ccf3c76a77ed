"""API throttles: anonymous and signed-in clients, and failed token checks per address.

The test settings switch throttles off so that the suite is never throttled by accident;
these tests set rates and check that they apply.
"""

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.test import Client

from alianza.accounts import services
from alianza.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INSTITUTIONS = "/api/v1/institutions/"
ME = "/api/v1/institutions/me/"


@pytest.fixture
def rates(settings):
    """Set throttle rates for one test, from an empty cache."""

    def set_rates(**values):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                "anon": None,
                "user": None,
                "token_failure": None,
                **values,
            },
        }

    cache.clear()
    yield set_rates
    cache.clear()


def test_the_test_settings_do_not_throttle():
    client = Client()
    assert all(client.get(INSTITUTIONS).status_code == 200 for _ in range(30))


def test_anonymous_clients_are_throttled_per_address(rates):
    rates(anon="3/minute")
    client = Client()
    answers = [client.get(INSTITUTIONS, REMOTE_ADDR="10.0.0.1").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get(INSTITUTIONS, REMOTE_ADDR="10.0.0.1")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert client.get(INSTITUTIONS, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_signed_in_clients_are_throttled_per_user(rates):
    rates(anon="1/minute", user="3/minute")
    ana, bea = UserFactory(username="ana"), UserFactory(username="bea")
    client = Client()
    client.force_login(ana)
    answers = [client.get(ME).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    other = Client()
    other.force_login(bea)
    assert other.get(ME).status_code == 200  # same address, another user


def test_bad_tokens_are_throttled_per_address_even_before_a_good_one(rates):
    rates(token_failure="5/hour")
    ana = UserFactory(username="ana")
    _token, key = services.api_token_create(user=ana, name="t", actor=ana)

    def call(token, address="10.0.0.9"):
        return Client().get(ME, HTTP_AUTHORIZATION=f"Token {token}", REMOTE_ADDR=address)

    assert [call(f"alz_guess{n}").status_code for n in range(5)] == [403] * 5
    throttled = call("alz_guess5")
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert call(key).status_code == 429  # no more checks from this address for now
    assert call(key, address="10.0.0.10").status_code == 200


def test_good_tokens_do_not_count_as_failures(rates):
    rates(token_failure="2/hour")
    ana = UserFactory(username="ana")
    _token, key = services.api_token_create(user=ana, name="t", actor=ana)
    client = Client()
    assert all(
        client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200 for _ in range(5)
    )


def test_outside_the_tests_throttles_are_on_by_default_and_configurable(tmp_path):
    script = (
        "import json, config.settings as s; "
        "print(json.dumps([s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], s.AXES_FAILURE_LIMIT]))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("API_", "LOGIN_", "ALIANZA_TESTING"))
    }
    env.update(DEBUG="1", ALIANZA_VAR_DIR=str(tmp_path), API_THROTTLE_USER="5/second")
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    rates, failure_limit = json.loads(result.stdout.strip().splitlines()[-1])
    assert rates == {"anon": "60/minute", "user": "5/second", "token_failure": "20/hour"}
    assert failure_limit == 20
    env["API_THROTTLE_ANON"] = "sixty"
    bad = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True
    )
    assert bad.returncode != 0 and "API_THROTTLE_ANON must look like 60/minute" in bad.stderr
