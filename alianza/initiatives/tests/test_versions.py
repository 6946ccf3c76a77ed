"""Optimistic locking of initiatives: the API's ETag and If-Match, and the edit page that
refuses a save made from a version someone else has changed since."""

from __future__ import annotations

import re

import pytest

from alianza.audit.models import ChangeRecord
from alianza.initiatives import services
from alianza.initiatives.models import Initiative
from alianza.initiatives.tests.test_views import form_data

pytestmark = pytest.mark.django_db

API = "/api/v1/initiatives/"
JSON = "application/json"


@pytest.fixture(autouse=True)
def _quiet(quiet_refusals):
    pass


def _changes(pk: int) -> int:
    return ChangeRecord.objects.filter(content_type__model="initiative", object_id=str(pk)).count()


def test_detail_answers_an_etag_that_changes_with_the_record(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    first = client.get(f"{API}{pk}/")
    assert re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    assert client.get(f"{API}{pk}/")["ETag"] == first["ETag"]

    written = client.patch(
        f"{API}{pk}/", {"title_en": "Renamed"}, content_type=JSON, HTTP_IF_MATCH=first["ETag"]
    )

    assert written.status_code == 200
    assert written["ETag"] != first["ETag"]
    assert client.get(f"{API}{pk}/")["ETag"] == written["ETag"]


def test_the_etag_covers_owned_rows(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    before = client.get(f"{API}{pk}/")["ETag"]
    services.initiative_update(
        initiative=Initiative.objects.get(pk=pk),
        data={"costs": [{"amount": "7.00", "currency": "USD"}]},
        actor=cast.users["editor_b"],
    )
    assert client.get(f"{API}{pk}/")["ETag"] != before


def test_a_write_with_a_stale_if_match_is_refused_with_412_and_saves_nothing(cast):
    client = cast.client("editor_a")
    client.cookies["django_language"] = "en"
    pk = cast.public_initiative.pk
    stale = client.get(f"{API}{pk}/")["ETag"]
    services.initiative_update(
        initiative=Initiative.objects.get(pk=pk),
        data={"title_es": "Cambiado por otra persona"},
        actor=cast.users["editor_b"],
    )
    recorded = _changes(pk)

    response = client.patch(
        f"{API}{pk}/", {"title_en": "Mine"}, content_type=JSON, HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    body = response.json()
    assert "TEST #1" in body["detail"]
    assert "changed by someone else" in body["detail"]
    assert body["changed_fields"] == ["title_es"]
    assert body["changed_by"] == ["editor_b"]
    assert response["ETag"] == client.get(f"{API}{pk}/")["ETag"] != stale
    stored = Initiative.objects.get(pk=pk)
    assert (stored.title_en, stored.title_es) == ("Public work", "Cambiado por otra persona")
    assert _changes(pk) == recorded


def test_the_412_message_speaks_spanish(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    response = client.put(
        f"{API}{pk}/",
        {"title_en": "Mine"},
        content_type=JSON,
        HTTP_IF_MATCH='"0000"',
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 412
    assert "otra persona hizo cambios" in response.json()["detail"]
    assert "No se guardó nada" in response.json()["detail"]


def test_a_write_with_the_current_etag_or_a_star_proceeds(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    current = client.get(f"{API}{pk}/")["ETag"]
    one = client.patch(
        f"{API}{pk}/",
        {"title_en": "One"},
        content_type=JSON,
        HTTP_IF_MATCH=f'"other", {current}',
    )
    assert one.status_code == 200
    two = client.patch(f"{API}{pk}/", {"title_en": "Two"}, content_type=JSON, HTTP_IF_MATCH="*")
    assert two.status_code == 200
    assert Initiative.objects.get(pk=pk).title_en == "Two"


def test_a_weak_etag_never_matches(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    current = client.get(f"{API}{pk}/")["ETag"]
    response = client.patch(
        f"{API}{pk}/", {"title_en": "x"}, content_type=JSON, HTTP_IF_MATCH=f"W/{current}"
    )
    assert response.status_code == 412


def test_a_delete_with_a_stale_if_match_deletes_nothing(cast):
    client = cast.client("coordinator_a")
    pk = cast.internal_initiative.pk
    stale = client.get(f"{API}{pk}/")["ETag"]
    services.initiative_update(
        initiative=Initiative.objects.get(pk=pk),
        data={"description_en": "More detail"},
        actor=cast.users["editor_a"],
    )
    response = client.delete(f"{API}{pk}/", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert Initiative.objects.filter(pk=pk).exists()
    fresh = client.get(f"{API}{pk}/")["ETag"]
    assert client.delete(f"{API}{pk}/", HTTP_IF_MATCH=fresh).status_code == 204


def test_a_write_without_if_match_keeps_what_others_saved(cast):
    """No version sent: the write proceeds, changes only the fields it names, and its audit
    "before" is the stored row (with the other writer's change)."""
    pk = cast.public_initiative.pk
    loaded_early = Initiative.objects.get(pk=pk)
    services.initiative_update(
        initiative=Initiative.objects.get(pk=pk),
        data={"title_es": "Otra persona"},
        actor=cast.users["editor_b"],
    )
    services.initiative_update(
        initiative=loaded_early, data={"title_en": "Me"}, actor=cast.users["editor_a"]
    )
    stored = Initiative.objects.get(pk=pk)
    assert (stored.title_en, stored.title_es) == ("Me", "Otra persona")
    last = ChangeRecord.objects.filter(content_type__model="initiative", object_id=str(pk)).first()
    assert last.before["title_es"] == "Otra persona"
    assert last.changed_fields == ["title_en"]


# --- The edit page ---------------------------------------------------------------------------

EDIT = "/programs/TEST/initiatives/1/edit/"


def _opened_version(html: str) -> str:
    return re.search(r'name="record_version" value="([0-9a-f]+)"', html).group(1)


def test_the_edit_page_carries_the_version_it_was_opened_with(cast):
    html = cast.client("editor_a").get(EDIT).content.decode()
    assert _opened_version(html) == cast.client("editor_a").get(
        f"{API}{cast.public_initiative.pk}/"
    )["ETag"].strip('"')
    assert 'type="hidden" name="record_version"' in html
    assert ">Record version<" not in html


def test_a_stale_page_save_is_refused_with_what_changed_and_saves_nothing(cast):
    client = cast.client("editor_a")
    pk = cast.public_initiative.pk
    opened = _opened_version(client.get(EDIT).content.decode())
    services.initiative_update(
        initiative=Initiative.objects.get(pk=pk),
        data={"title_es": "Cambiado mientras tanto"},
        actor=cast.users["editor_b"],
    )
    recorded = _changes(pk)
    data = form_data(cast.public_initiative, title_en="My version", record_version=opened)

    response = client.post(EDIT, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(r'data-testid="form-errors">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "changed by someone else after you opened it" in errors
    assert "Title (Spanish)" in errors
    assert "editor_b" in errors
    assert "Nothing was saved" in errors
    stored = Initiative.objects.get(pk=pk)
    assert (stored.title_en, stored.title_es) == ("Public work", "Cambiado mientras tanto")
    assert _changes(pk) == recorded
    # The form keeps what was typed and now carries the stored version: saving again is a
    # deliberate choice, and it goes through.
    assert 'value="My version"' in html
    again = client.post(EDIT, {**data, "record_version": _opened_version(html)})
    assert again.status_code == 302
    assert Initiative.objects.get(pk=pk).title_en == "My version"


def test_a_page_save_from_the_current_version_goes_through(cast):
    client = cast.client("editor_a")
    opened = _opened_version(client.get(EDIT).content.decode())
    data = form_data(cast.public_initiative, title_en="Fresh", record_version=opened)
    assert client.post(EDIT, data).status_code == 302
    assert Initiative.objects.get(pk=cast.public_initiative.pk).title_en == "Fresh"
