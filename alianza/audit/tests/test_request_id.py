"""The request id in the audit trail is ours; a client's X-Request-ID is kept apart."""

import re
import uuid

import pytest
from django.test import Client

from alianza.accounts.tests.factories import UserFactory
from alianza.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db

OURS = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def client():
    client = Client()
    client.force_login(UserFactory(username="ana"))
    return client


def write(client: Client, request_id: str | None):
    """A request that writes one audit record (a new API token)."""
    extra = {} if request_id is None else {"HTTP_X_REQUEST_ID": request_id}
    response = client.post("/accounts/tokens/", {"name": "t", "days": "30"}, **extra)
    assert response.status_code == 200
    record = ChangeRecord.objects.get(action="accounts.apitoken.create")
    return response, record


def test_every_response_carries_our_request_id_and_the_trail_records_it(client):
    response, record = write(client, None)
    assert OURS.fullmatch(response["X-Request-ID"])
    assert record.request_id == response["X-Request-ID"] and record.client_request_id == ""
    assert client.get("/healthz/")["X-Request-ID"] != response["X-Request-ID"]


def test_a_plain_client_request_id_is_kept_apart_from_ours(client):
    theirs = str(uuid.uuid4())
    response, record = write(client, theirs)
    assert record.client_request_id == theirs
    assert record.request_id == response["X-Request-ID"] != theirs
    assert OURS.fullmatch(record.request_id)


@pytest.mark.parametrize(
    "hostile",
    [
        "abc\nX-Injected: 1",
        "abc\n",
        "a" * 10_240,
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "id with spaces",
        "ünïcode",
    ],
    ids=["newline", "trailing-newline", "10KB", "html", "path", "spaces", "unicode"],
)
def test_a_hostile_client_request_id_is_dropped(client, hostile):
    response, record = write(client, hostile)
    assert record.client_request_id == ""
    assert OURS.fullmatch(record.request_id) and response["X-Request-ID"] == record.request_id
    assert hostile not in str(ChangeRecord.objects.values_list())


def test_the_api_shows_both_ids(client):
    _response, record = write(client, "client-42")
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    item = superuser.get(f"/api/v1/changes/{record.pk}/").json()
    assert (item["request_id"], item["client_request_id"]) == (record.request_id, "client-42")
