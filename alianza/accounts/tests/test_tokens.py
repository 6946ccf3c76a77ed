"""API tokens: hashed, expiring, seen and revoked by their owner, audited without the key."""

import datetime
import hashlib
import importlib
import types

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from alianza.accounts import services
from alianza.accounts.models import ApiToken
from alianza.accounts.tests.factories import UserFactory
from alianza.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db

ME = "/api/v1/institutions/me/"


def api(key: str, address: str = "10.0.0.1"):
    return Client().get(
        ME, HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en"
    )


def refused(response) -> bool:
    # 403, not 401: session authentication comes first and sends no WWW-Authenticate.
    return response.status_code == 403 and "token" in response.json()["detail"].lower()


@pytest.fixture
def ana():
    return UserFactory(username="ana")


@pytest.fixture
def ana_client(ana):
    client = Client()
    client.force_login(ana)
    return client


def everything_stored() -> str:
    """Every token column and every audit record, as text."""
    tokens = list(ApiToken.objects.values_list())
    records = list(ChangeRecord.objects.values_list("before", "after", "object_repr"))
    return str(tokens) + str(records)


def test_a_token_made_on_the_profile_page_is_shown_once_and_stored_hashed(ana, ana_client):
    response = ana_client.post("/accounts/tokens/", {"name": "my script", "days": "30"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get(user=ana)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in everything_stored()
    assert token.name == "my script" and token.prefix == key[:12]
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    page = ana_client.get("/accounts/profile/").content.decode()
    assert key not in page and token.prefix in page and "my script" in page
    record = ChangeRecord.objects.get(action="accounts.apitoken.create")
    assert record.actor == ana and "digest" not in record.after


def test_the_key_authenticates_and_records_its_last_use(ana):
    token, key = services.api_token_create(user=ana, name="t", actor=ana)
    response = api(key)
    assert response.status_code == 200 and response.json()["username"] == "ana"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_unknown_expired_or_revoked_key_is_refused(ana):
    token, key = services.api_token_create(user=ana, name="t", days=1, actor=ana)
    assert refused(api(key + "x"))
    assert refused(api(""))  # a header without a key
    token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token.save()
    expired = api(key)
    assert refused(expired) and "expired" in expired.json()["detail"]
    other, other_key = services.api_token_create(user=ana, name="u", actor=ana)
    services.api_token_revoke(token=other, actor=ana)
    assert refused(api(other_key))
    record = ChangeRecord.objects.get(action="accounts.apitoken.revoke")
    assert record.before["name"] == "u" and record.operation == "delete"


def test_an_inactive_users_token_is_refused(ana):
    _token, key = services.api_token_create(user=ana, name="t", actor=ana)
    ana.is_active = False
    ana.save()
    assert refused(api(key))


def test_owners_revoke_their_own_tokens_only(ana, ana_client):
    token, key = services.api_token_create(user=ana, name="mine", actor=ana)
    bea = UserFactory(username="bea")
    bea_token, _bea_key = services.api_token_create(user=bea, name="hers", actor=bea)
    assert ana_client.post(f"/accounts/tokens/{bea_token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=bea_token.pk).exists()
    response = ana_client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert refused(api(key))
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=bea_token, actor=ana)
    with pytest.raises(PermissionDenied):
        services.api_token_create(user=bea, name="x", actor=ana)


def test_token_pages_need_a_signed_in_user():
    client = Client()
    assert client.get("/accounts/profile/").status_code == 302
    assert client.post("/accounts/tokens/", {"name": "x", "days": "30"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_a_token_lifetime_outside_the_allowed_range_is_refused(ana, ana_client, settings):
    with pytest.raises(ValidationError) as error:
        services.api_token_create(
            user=ana, name="t", days=settings.API_TOKEN_MAX_DAYS + 1, actor=ana
        )
    assert "days" in error.value.message_dict
    response = ana_client.post("/accounts/tokens/", {"name": "t", "days": "5000"})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert ana_client.post("/accounts/tokens/", {"name": "", "days": "30"}).status_code == 400


def test_token_create_command_prints_the_key_once(ana, capsys):
    call_command("token_create", "ana", "--days", "10", "--name", "cron")
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert api(key).status_code == 200
    token = ApiToken.objects.get(user=ana)
    assert token.name == "cron" and key not in everything_stored()
    assert ChangeRecord.objects.get(action="accounts.apitoken.create").source == "token_create"
    with pytest.raises(CommandError, match="365"):
        call_command("token_create", "ana", "--days", "0")
    with pytest.raises(CommandError, match="No user"):
        call_command("token_create", "nobody")


def test_the_migration_hashes_existing_plain_tokens_and_erases_them(ana):
    migration = importlib.import_module("alianza.accounts.migrations.0003_hash_legacy_api_tokens")
    legacy_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
            "user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [legacy_key, timezone.now(), ana.pk],
        )
    migration.hash_legacy_tokens(django_apps, types.SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    token = ApiToken.objects.get(user=ana)
    assert legacy_key not in everything_stored()
    assert token.expires_at > timezone.now() + datetime.timedelta(days=89)
    assert api(legacy_key).status_code == 200


def test_an_administrator_sees_and_revokes_tokens_in_the_admin_without_keys(ana):
    token, key = services.api_token_create(user=ana, name="script", actor=ana)
    admin = Client()
    admin.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    listing = admin.get("/admin/accounts/apitoken/").content.decode()
    assert token.prefix in listing and key not in listing and token.digest not in listing
    assert admin.get("/admin/accounts/apitoken/add/").status_code == 403
    response = admin.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not ApiToken.objects.exists()
    record = ChangeRecord.objects.get(action="accounts.apitoken.revoke")
    assert record.actor.username == "root" and record.source == "admin"
