# ruff: noqa: E501  (inline IATI XML reads best on one line)
"""The import's fast path: amounts kept exactly as published, the typed checks that replace
`full_clean()` on it, the one-pass schema check with its per-activity fallback, unchanged
activities recognised from their source fingerprint, child rows written in one statement
under the activity's change record."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from alianza.accounts.services import system_user
from alianza.audit import services as audit
from alianza.audit.models import ChangeRecord
from alianza.iati import exporter
from alianza.iati.elements import activity as activity_element
from alianza.iati.importer import pipeline
from alianza.iati.tests import helpers
from alianza.iati.tests.test_import import activity, iati, run
from alianza.registry import content, services
from alianza.registry.models import Activity, ActivitySector, Budget, Organisation, Transaction

pytestmark = pytest.mark.django_db

#: One amount for each number of decimals from 0 to 10, with more digits than a double keeps.
AMOUNTS = ["1250000" + ("." + "1234567891"[:n] if n else "") for n in range(11)]
PERCENTAGES = ["33.3333333333", "66.6666666667"]


def _transactions(amounts: list[str]) -> str:
    return "".join(
        f'<transaction><transaction-type code="3"/><transaction-date iso-date="2018-02-01"/>'
        f'<value value-date="2018-02-01">{amount}</value></transaction>'
        for amount in amounts
    )


def _priced(identifier: str = "MX-AMX-1") -> str:
    budget = f'<budget><period-start iso-date="2018-01-01"/><period-end iso-date="2018-12-31"/><value value-date="2018-01-01">{AMOUNTS[10]}</value></budget>'
    text = activity(identifier, extra=budget + _transactions(AMOUNTS))
    sectors = "".join(
        f'<sector code="1511{n}" percentage="{p}"/>' for n, p in enumerate(PERCENTAGES)
    )
    return text.replace('<sector code="15110" percentage="100"/>', sectors)


def test_amounts_with_0_to_10_decimals_are_kept_exported_and_summed_exactly(
    tmp_path, program, actor
):
    report = run(tmp_path, iati(_priced()), program, actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED], report.items[0].issues
    stored = Activity.objects.get()
    data = content.activity_data(stored)
    assert [t["value"] for t in data["transactions"]] == AMOUNTS
    assert data["budgets"][0]["value"] == AMOUNTS[10]
    assert [s["percentage"] for s in data["sectors"]] == PERCENTAGES
    assert sum(Decimal(t["value"]) for t in data["transactions"]) == sum(
        Decimal(a) for a in AMOUNTS
    )
    # The export writes every amount back as it came, and imports back unchanged.
    target = tmp_path / "out.xml"
    exporter.export_registry(Activity.objects.all(), target)
    exported = target.read_bytes()
    values = [v.text for v in helpers.activities(exported)[0].iter("value")]
    assert values == [AMOUNTS[10], *AMOUNTS]
    again = run(tmp_path, exported, program, actor, name="out.xml")
    assert [i.outcome for i in again.items] == [pipeline.UNCHANGED]


def test_the_api_shows_an_amount_with_all_its_decimals(tmp_path, program, actor, client):
    run(tmp_path, iati(_priced()), program, actor, make_public=True)
    stored = Activity.objects.get()
    data = client.get(f"/api/v1/activities/{stored.pk}/").json()
    assert [t["value"] for t in data["transactions"]][-1] == AMOUNTS[10]
    assert [t["value"] for t in data["transactions"]][0] == "1250000.0000"


def test_an_amount_too_large_for_its_column_is_refused_with_its_message(tmp_path, program, actor):
    huge = activity("MX-AMX-2", extra=_transactions(["1" + "0" * 25]))
    report = run(tmp_path, iati(activity(), huge), program, actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED, pipeline.REJECTED]
    assert "Transaction 1 (value)" in " ".join(i.message for i in report.items[1].issues)
    assert Activity.objects.get().iati_identifier == "MX-AMX-1"


def test_the_typed_checks_refuse_what_full_clean_refuses(tmp_path, program, actor):
    """A value the schema lets through but the column cannot hold: the activity is skipped
    with Django's own message, the others land."""
    long_code = activity("MX-AMX-2").replace('code="15110"', f'code="{"9" * 101}"')
    report = run(tmp_path, iati(activity(), long_code, activity("MX-AMX-3")), program, actor)
    assert [i.outcome for i in report.items] == [
        pipeline.CREATED,
        pipeline.REJECTED,
        pipeline.CREATED,
    ]
    message = " ".join(i.message for i in report.items[1].issues)
    assert "Sector 1 (code)" in message and "at most 100 characters" in message


def test_a_valid_file_is_checked_against_the_schema_once_as_a_whole(
    tmp_path, program, actor, monkeypatch
):
    calls = []
    original = pipeline.schema.validate_wrapped
    monkeypatch.setattr(
        pipeline.schema, "validate_wrapped", lambda *a: calls.append(a) or original(*a)
    )
    report = run(tmp_path, iati(activity(), activity("MX-AMX-2")), program, actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED] * 2
    assert calls == []
    # An invalid file: each activity is validated alone and reports its own errors.
    broken = activity("MX-AMX-4").replace("<activity-status", "<unknown-element/><activity-status")
    report = run(tmp_path, iati(activity("MX-AMX-3"), broken), program, actor)
    assert len(calls) == 2
    assert [i.outcome for i in report.items] == [pipeline.CREATED, pipeline.REJECTED]
    assert "unknown-element" in " ".join(i.text for i in report.items[1].issues)


def test_the_checksum_is_taken_while_reading(tmp_path, program, actor):
    import hashlib

    text = iati(activity()).encode()
    report = run(tmp_path, text, program, actor)
    assert report.sha256 == hashlib.sha256(text).hexdigest()


def test_a_reimport_of_an_unchanged_file_maps_no_activity(tmp_path, program, actor, monkeypatch):
    text = iati(activity(), activity("MX-AMX-2"))
    run(tmp_path, text, program, actor)
    mapped = []
    original = activity_element._mapped
    monkeypatch.setattr(activity_element, "_mapped", lambda *a: mapped.append(a) or original(*a))
    records = ChangeRecord.objects.count()
    report = run(tmp_path, text, program, actor)
    assert [i.outcome for i in report.items] == [pipeline.UNCHANGED] * 2
    assert mapped == [] and ChangeRecord.objects.count() == records
    # Changed by hand since: its source fingerprint is gone, the import maps it again and
    # brings it back to the file.
    stored = Activity.objects.get(iati_identifier="MX-AMX-2")
    services.activity_update(activity=stored, data={"status": "3"}, actor=actor)
    report = run(tmp_path, text, program, actor)
    assert [i.outcome for i in report.items] == [pipeline.UNCHANGED, pipeline.UPDATED]
    assert len(mapped) == 1
    assert Activity.objects.get(iati_identifier="MX-AMX-2").status == "2"


def test_an_imported_activitys_record_holds_its_children_before_and_after(tmp_path, program, actor):
    run(tmp_path, iati(_priced()), program, actor)
    stored = Activity.objects.get()
    changed = _priced().replace(f">{AMOUNTS[3]}<", ">7.125<")
    run(tmp_path, iati(changed), program, actor)
    record = ChangeRecord.objects.for_object(stored).first()
    assert record.action == "registry.activity.update"
    assert record.before["transactions"][3]["value"] == AMOUNTS[3]
    assert record.after["transactions"][3]["value"] == "7.125"
    assert record.after["sectors"] == record.before["sectors"] != []
    assert Transaction.objects.filter(activity=stored).count() == len(AMOUNTS)
    assert Budget.objects.get(activity=stored).value_text == AMOUNTS[10]


def test_rows_written_in_one_statement_need_their_activitys_record(program):
    stored = Activity.objects.create(program=program, iati_identifier="XM-ROWS-1")
    row = {"activity_id": stored.pk, "order": 1, "vocabulary": "1", "vocabulary_uri": "",
           "code": "15110", "percentage": "10", "narratives": "[]"}  # fmt: skip
    with pytest.raises(audit.AuditError):
        audit.Cover(system_user()).write_rows(ActivitySector, [row])
    with (
        pytest.raises(audit.guard.AuditBypassError, match="registry.Activity"),
        transaction.atomic(),
        audit.covered_by(actor=system_user()) as cover,
    ):
        cover.write_rows(ActivitySector, [row])
    assert not ActivitySector.objects.filter(activity=stored).exists()
    with transaction.atomic(), audit.covered_by(actor=system_user()) as cover:
        with pytest.raises(audit.AuditError):
            cover.write_rows(Organisation, [{"ref": "XM-X"}])
        cover.write_rows(ActivitySector, [row])
        cover.record(action="registry.activity.update", obj=stored)
    assert ActivitySector.objects.get(activity=stored).percentage == Decimal("10")


def test_a_reimport_of_an_unchanged_file_ends_after_the_scan(tmp_path, program, actor, monkeypatch):
    text = iati(activity(), activity("MX-AMX-2"))
    run(tmp_path, text, program, actor)

    def second_pass(*args, **kwargs):
        raise AssertionError("the file was read a second time")

    monkeypatch.setattr(pipeline, "_import_items", second_pass)
    report = run(tmp_path, text, program, actor)
    assert [(i.identifier, i.outcome) for i in report.items] == [
        ("MX-AMX-1", pipeline.UNCHANGED),
        ("MX-AMX-2", pipeline.UNCHANGED),
    ]
    assert report.counts()[pipeline.UNCHANGED] == 2
    # Published now: the stored activities differ from what the file asks, the file is read.
    with pytest.raises(AssertionError, match="second time"):
        run(tmp_path, text, program, actor, make_public=True)


def test_a_duplicate_written_by_copy_is_djangos_integrity_error(tmp_path, program, actor):
    """COPY goes through the raw cursor: its duplicate key must still read as Django's
    IntegrityError, which a concurrent import recognises and retries on (a psycopg error
    let through made one of two overlapping imports fail)."""
    from django.db import IntegrityError, connection

    from alianza.audit.bulk import copy_insert

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    run(tmp_path, iati(activity()), program, actor)
    twin = Activity.objects.get()
    twin.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_insert(Activity, [twin], connection)


def test_one_serialisation_gives_the_canonical_content_and_its_fingerprint():
    """The import's path (`normalize_hash_texts`: no JSON round trip, the fingerprint put
    together from each key's text) gives what `normalize` and `content_hash` give: the
    same values of the same JSON types, the same fingerprint, and texts that read back as
    the values, on the official example and on an activity with every amount."""
    import json

    from lxml import etree

    from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE

    def same(a, b) -> bool:
        if type(a) is not type(b):
            return False
        if isinstance(a, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
        return a == b

    elements = [
        *etree.parse(str(ACTIVITY_EXAMPLE)).getroot().iter("iati-activity"),
        *etree.fromstring(iati(_priced()).encode()).iter("iati-activity"),
    ]
    for element in elements:
        data, _ctx = activity_element._mapped(element, "")
        full, fingerprint, texts = content.normalize_hash_texts(data)
        reference = content.normalize(data)
        assert same(full, reference)
        assert fingerprint == content.content_hash(reference)
        assert {key: json.loads(text) for key, text in texts.items()} == reference
    # Two activities share no list, not even the empty ones the content gives by default.
    first, second = (
        content.normalize_hash_texts(activity_element._mapped(elements[-1], "")[0])[0]
        for _ in range(2)
    )
    assert first["transactions"][0]["sectors"] == []
    second["transactions"][0]["sectors"].append({"code": "15110"})
    assert first["transactions"][0]["sectors"] == []


def test_an_imported_activitys_record_is_its_snapshot(tmp_path, program, actor):
    """The change record of a created activity, stored from the texts the import made
    (not serialised again), reads back as the activity's snapshot."""
    run(tmp_path, iati(_priced()), program, actor)
    stored = Activity.objects.get()
    record = ChangeRecord.objects.for_object(stored).get()
    expected = audit.snapshot(stored)
    assert record.after == expected
    assert record.after["title"] and record.after["transactions"][10]["value"] == AMOUNTS[10]
    assert record.changed_fields == sorted(k for k, v in expected.items() if v is not None)
