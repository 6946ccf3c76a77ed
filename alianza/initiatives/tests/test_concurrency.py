"""Twenty writers change twenty different fields of one initiative at the same time, through
the API and through the service: every change is kept, and the audit trail is a chain (each
record's "before" is the previous record's "after", and the last "after" is what is stored).

Runs on SQLite (a file database, as in production) and on PostgreSQL, threads with their
own connections."""

from __future__ import annotations

import pytest
from django.test import Client

from alianza.audit import services as audit
from alianza.audit.models import ChangeRecord
from alianza.conftest import build_cast
from alianza.core.tests.threads import threaded_database
from alianza.initiatives import services
from alianza.initiatives.models import Initiative

pytestmark = pytest.mark.django_db(transaction=True)

#: Twenty plain fields, one per writer.
FIELDS = [
    "title_en",
    "title_es",
    "description_en",
    "description_es",
    "placement_en",
    "placement_es",
    "placement_note_en",
    "placement_note_es",
    "scope_text_en",
    "scope_text_es",
    "alignment_text_en",
    "alignment_text_es",
    "period_text_en",
    "period_text_es",
    "challenge_en",
    "challenge_es",
    "good_practice_en",
    "good_practice_es",
    "source_note_en",
    "source_note_es",
]


def _value(field: str) -> str:
    return f"written by the {field} writer"


def _trail(pk: int) -> tuple[dict, list[ChangeRecord]]:
    initiative = Initiative.objects.get(pk=pk)
    records = list(
        ChangeRecord.objects.filter(
            content_type__model="initiative", object_id=str(pk), operation="update"
        ).order_by("id")
    )
    return audit.snapshot(initiative), records


def _assert_nothing_lost(db, pk: int, initial: dict) -> None:
    stored, records = db.call(lambda: _trail(pk))
    lost = [f for f in FIELDS if stored[f] != _value(f)]
    assert lost == [], f"{len(lost)} of {len(FIELDS)} changes lost: {lost}"
    assert len(records) == len(FIELDS)
    assert records[0].before == initial
    for previous, record in zip(records, records[1:], strict=False):
        assert record.before == previous.after, f"record {record.pk}: before != previous after"
        assert record.changed_fields == [next(f for f in FIELDS if f in record.changed_fields)]
    assert records[-1].after == stored


def test_twenty_api_clients_patching_different_fields_lose_nothing(tmp_path):
    cast = build_cast()
    initiative = cast.internal_initiative
    initial = audit.snapshot(Initiative.objects.get(pk=initiative.pk))
    clients = []
    for _field in FIELDS:
        client = Client()
        client.force_login(cast.users["editor_a"])
        clients.append(client)

    def writer(client: Client, field: str):
        def patch():
            response = client.patch(
                f"/api/v1/initiatives/{initiative.pk}/",
                {field: _value(field)},
                content_type="application/json",
            )
            return response.status_code

        return patch

    with threaded_database(tmp_path) as db:
        statuses = db.run([writer(c, f) for c, f in zip(clients, FIELDS, strict=True)])
        assert statuses == [200] * len(FIELDS)
        _assert_nothing_lost(db, initiative.pk, initial)


def test_twenty_service_calls_with_instances_read_before_lose_nothing(tmp_path):
    """The pages and the API load the record before the service's transaction starts: the
    service must not save that old copy over what others stored meanwhile."""
    cast = build_cast()
    editor = cast.users["editor_a"]
    pk = cast.internal_initiative.pk
    initial = audit.snapshot(Initiative.objects.get(pk=pk))

    def writer(field: str):
        def update():
            stale = Initiative.objects.select_related("program").get(pk=pk)
            stale.title_en  # noqa: B018 - loaded before the others write
            return services.initiative_update(
                initiative=stale, data={field: _value(field)}, actor=editor
            ).pk

        return update

    with threaded_database(tmp_path) as db:
        results = db.run([writer(f) for f in FIELDS])
        assert results == [pk] * len(FIELDS)
        _assert_nothing_lost(db, pk, initial)
