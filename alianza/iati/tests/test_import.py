# ruff: noqa: E501  (inline IATI XML reads best on one line)
"""Importing IATI files: what is refused, what is reported, and that importing is safe,
streaming and idempotent."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from django.core.management import call_command

from alianza.audit.models import ChangeRecord
from alianza.iati.importer import pipeline
from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE
from alianza.registry.models import Activity, Transaction

pytestmark = pytest.mark.django_db

ACTIVITY = """
 <iati-activity default-currency="USD" xml:lang="es">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="MX-AMX" type="10"><narrative>AMEXCID</narrative></reporting-org>
  <title><narrative>Cooperación {identifier}</narrative><narrative xml:lang="en">Cooperation</narrative></title>
  <description><narrative>Descripción</narrative></description>
  <participating-org role="{role}" ref="MX-AMX"><narrative>AMEXCID</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2018-01-01"/>
  <activity-date type="3" iso-date="2019-12-31"/>
  <recipient-country code="GT" percentage="100"/>
  <location ref="MX-CHP"/>
  <sector code="15110" percentage="100"/>
  {extra}
 </iati-activity>"""


def iati(*activities: str, version: str = "2.03") -> str:
    return f'<?xml version="1.0"?>\n<iati-activities version="{version}">{"".join(activities)}\n</iati-activities>\n'


def activity(identifier="MX-AMX-1", role="1", extra="") -> str:
    return ACTIVITY.format(identifier=identifier, role=role, extra=extra)


def run(tmp_path, text: str | bytes, program, actor, name="file.xml", **kwargs):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return pipeline.run(path, program=program, actor=actor, **kwargs)


def file_errors(report) -> str:
    return " ".join(i.text for i in report.file_issues if i.severity == "error")


# --- refused files --------------------------------------------------------------------------


def test_import_refuses_a_doctype_before_parsing(tmp_path, program, actor):
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        + iati(activity()).split("\n", 1)[1]
    )
    report = run(tmp_path, text, program, actor)
    assert "DOCTYPE" in file_errors(report)
    assert not Activity.objects.exists()


def test_import_refuses_a_billion_laughs_file(tmp_path, program, actor):
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    report = run(
        tmp_path,
        laughs + '<iati-activities version="2.03">&lol2;</iati-activities>',
        program,
        actor,
    )
    assert "DOCTYPE" in file_errors(report)


def test_import_refuses_a_doctype_in_a_utf16_file(tmp_path, program, actor):
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x SYSTEM "http://example.org/x.dtd"><iati-activities version="2.03"/>'
    report = run(tmp_path, text.encode("utf-16"), program, actor)
    assert "DOCTYPE" in file_errors(report)


def test_import_refuses_a_file_over_the_size_limit(tmp_path, program, actor, settings):
    settings.IATI_MAX_FILE_BYTES = 1000
    report = run(
        tmp_path, iati(activity(), activity("MX-AMX-2"), activity("MX-AMX-3")), program, actor
    )
    assert "refused" in file_errors(report) and "1,000 bytes" in file_errors(report)


def test_import_refuses_a_gzip_that_expands_past_the_limit(tmp_path, program, actor, settings):
    settings.IATI_MAX_DECOMPRESSED_BYTES = 10_000
    bomb = gzip.compress(b"<iati-activities>" + b" " * 1_000_000 + b"</iati-activities>")
    report = run(tmp_path, bomb, program, actor, name="bomb.xml.gz")
    assert "decompressed size" in file_errors(report)


def test_import_reads_a_gzipped_file(tmp_path, program, actor):
    report = run(tmp_path, gzip.compress(iati(activity()).encode()), program, actor, name="a.gz")
    assert [i.outcome for i in report.items] == [pipeline.CREATED]


def test_import_refuses_a_zip_with_several_files(tmp_path, program, actor):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", iati(activity()))
        archive.writestr("b.xml", iati(activity()))
    report = run(tmp_path, buffer.getvalue(), program, actor, name="two.zip")
    assert "holds 2 files" in file_errors(report)


def test_import_refuses_a_zip_that_expands_past_the_limit(tmp_path, program, actor, settings):
    settings.IATI_MAX_DECOMPRESSED_BYTES = 10_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "<iati-activities>" + " " * 1_000_000 + "</iati-activities>")
    report = run(tmp_path, buffer.getvalue(), program, actor, name="big.zip")
    assert "expands to" in file_errors(report)


def test_import_reports_malformed_xml_with_line_and_column(tmp_path, program, actor):
    report = run(
        tmp_path,
        '<iati-activities version="2.03">\n<iati-activity>\n</iati-activities>',
        program,
        actor,
    )
    message = file_errors(report)
    assert "not well-formed" in message and "line 3" in message and "column" in message


def test_import_tells_a_non_iati_file_what_was_expected(tmp_path, program, actor):
    report = run(tmp_path, "<rss><channel/></rss>", program, actor)
    message = file_errors(report)
    assert "<rss>" in message and "<iati-activities" in message


def test_import_refuses_a_version_1_file_saying_so(tmp_path, program, actor):
    report = run(tmp_path, iati(activity(), version="1.05"), program, actor)
    assert "1.x files are not supported" in file_errors(report)
    assert not Activity.objects.exists()


# --- per activity ---------------------------------------------------------------------------


def test_import_rejects_an_activity_repeated_in_the_file(tmp_path, program, actor):
    report = run(tmp_path, iati(activity(), activity("MX-AMX-2"), activity()), program, actor)
    outcomes = {(i.identifier, i.outcome) for i in report.items}
    assert outcomes == {("MX-AMX-1", pipeline.REJECTED), ("MX-AMX-2", pipeline.CREATED)}
    assert "appears 2 times" in report.items[0].issues[0].text
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["MX-AMX-2"]


def test_import_rejects_a_schema_invalid_activity_with_line_and_keeps_the_others(
    tmp_path, program, actor
):
    bad = activity("MX-AMX-2", extra='<budget><value value-date="2018-01-01">1</value></budget>')
    report = run(tmp_path, iati(activity(), bad), program, actor)
    rejected = report.items[1]
    assert rejected.outcome == pipeline.REJECTED
    assert rejected.issues[0].kind == "schema" and rejected.issues[0].line
    assert "period-start" in rejected.issues[0].text
    assert report.items[0].outcome == pipeline.CREATED


def test_import_keeps_an_activity_with_codelist_warnings(tmp_path, program, actor):
    report = run(tmp_path, iati(activity(role="77")), program, actor)
    item = report.items[0]
    assert item.outcome == pipeline.CREATED
    assert any(i.kind == "codelist" and i.path == "participating-org[1]/@role" for i in item.issues)


def test_import_reports_rule_violations_as_warnings(tmp_path, program, actor):
    extra = '<sector code="11110" percentage="30"/><transaction><transaction-type code="3"/><transaction-date iso-date="2025-01-01"/><value value-date="2025-01-01">5</value></transaction>'
    report = run(tmp_path, iati(activity(extra=extra)), program, actor)
    messages = " ".join(i.text for i in report.items[0].issues if i.kind == "rule")
    assert "add up to 130" in messages and "after the activity ends" in messages
    assert report.items[0].outcome == pipeline.CREATED


def test_import_places_locations_in_mexican_states(tmp_path, program, actor):
    run(tmp_path, iati(activity()), program, actor)
    location = Activity.objects.get().locations.get()
    assert (location.subdivision, location.national_code) == ("MX-CHP", "07")


def test_reimporting_the_same_file_records_no_change(tmp_path, program, actor):
    run(tmp_path, iati(activity(), activity("MX-AMX-2")), program, actor)
    before = ChangeRecord.objects.count()
    report = run(tmp_path, iati(activity(), activity("MX-AMX-2")), program, actor)
    assert [i.outcome for i in report.items] == [pipeline.UNCHANGED] * 2
    assert ChangeRecord.objects.count() == before


def test_import_updates_a_changed_activity_in_place(tmp_path, program, actor):
    run(tmp_path, iati(activity()), program, actor)
    pk = Activity.objects.get().pk
    report = run(tmp_path, iati(activity(role="4")), program, actor)
    assert report.items[0].outcome == pipeline.UPDATED
    assert report.items[0].changes[0]["field"] == "participating_orgs"
    assert Activity.objects.get().pk == pk
    assert Activity.objects.get().participating_orgs.get().role == "4"


def test_an_invalid_new_version_leaves_the_stored_activity_whole(tmp_path, program, actor):
    extra = '<transaction><transaction-type code="3"/><transaction-date iso-date="2018-02-01"/><value value-date="2018-02-01">5</value></transaction>'
    run(tmp_path, iati(activity(extra=extra)), program, actor)
    broken = activity(extra='<transaction><transaction-type code="3"/></transaction>')
    report = run(tmp_path, iati(broken), program, actor)
    assert report.items[0].outcome == pipeline.REJECTED
    assert Transaction.objects.count() == 1


def _queries_to_import(tmp_path, program, actor, numbers: range, **kwargs) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    text = iati(*(activity(f"MX-AMX-{n}", **kwargs) for n in numbers))
    with CaptureQueriesContext(connection) as queries:
        run(tmp_path, text, program, actor)
    return len(queries)


@pytest.mark.parametrize("role", ["1", "4"], ids=["reimport", "update"])
def test_an_import_costs_the_same_queries_for_3_activities_as_for_30(
    tmp_path, program, actor, role
):
    """Activities are written a chunk at a time, a statement per table: the number of
    queries of an import (a first one, a re-import of the same file, an update of every
    activity) does not grow with the number of activities (SQLite cuts a long INSERT in a
    few, by its limit of variables per statement)."""
    run(tmp_path, iati(activity("MX-AMX-0")), program, actor)  # its organisations exist
    few, many = range(1, 4), range(100, 130)
    first = [_queries_to_import(tmp_path, program, actor, n) for n in (few, many)]
    again = [_queries_to_import(tmp_path, program, actor, n, role=role) for n in (few, many)]
    assert first[0] <= first[1] <= first[0] + 3
    assert again[0] <= again[1] <= again[0] + 3


def test_an_updated_activity_gets_one_change_record_holding_it_whole(tmp_path, program, actor):
    extra = '<transaction><transaction-type code="3"/><transaction-date iso-date="2018-02-01"/><value value-date="2018-02-01">5</value></transaction>'
    run(tmp_path, iati(activity(extra=extra), activity("MX-AMX-2")), program, actor)
    stored = Activity.objects.get(iati_identifier="MX-AMX-1")
    before = ChangeRecord.objects.count()
    changed = extra.replace(">5<", ">7.5<")
    report = run(tmp_path, iati(activity(extra=changed), activity("MX-AMX-2")), program, actor)
    assert [i.outcome for i in report.items] == [pipeline.UPDATED, pipeline.UNCHANGED]
    assert ChangeRecord.objects.count() == before + 1
    record = ChangeRecord.objects.for_object(stored).first()
    assert record.action == "registry.activity.update"
    assert set(record.changed_fields) - {"content_hash"} == {"transactions"}
    assert record.before["transactions"][0]["value"] == "5"
    assert record.after["transactions"][0]["value"] == "7.5"
    assert record.after["sectors"] == record.before["sectors"] != []
    assert Transaction.objects.get(activity=stored).value == 7.5


def test_a_refused_activity_does_not_undo_the_rest_of_its_chunk(tmp_path, program, actor):
    """The registry's check of one activity of the chunk fails (a sector at 150%, which the
    schema lets through): it is skipped with its message; the others of the chunk land."""
    broken = activity("MX-AMX-2", extra='<sector code="43010" percentage="150"/>')
    report = run(tmp_path, iati(activity(), broken, activity("MX-AMX-3")), program, actor)
    assert [i.outcome for i in report.items] == [
        pipeline.CREATED,
        pipeline.REJECTED,
        pipeline.CREATED,
    ]
    assert "Sector 2 (percentage)" in " ".join(i.message for i in report.items[1].issues)
    assert sorted(Activity.objects.values_list("iati_identifier", flat=True)) == [
        "MX-AMX-1",
        "MX-AMX-3",
    ]
    assert ChangeRecord.objects.filter(action="registry.activity.create").count() == 2


def test_import_does_not_take_an_activity_from_another_program(tmp_path, program, actor):
    from alianza.programs.tests.factories import ProgramFactory

    run(tmp_path, iati(activity()), ProgramFactory(code="OTHER"), actor)
    report = run(tmp_path, iati(activity()), program, actor)
    assert report.items[0].outcome == pipeline.REJECTED
    assert "program OTHER" in report.items[0].issues[-1].text


def test_an_import_looks_each_organisation_up_once(tmp_path, program, actor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = [f"MX-AMX-{n}" for n in range(1, 6)]
    with CaptureQueriesContext(connection) as queries:
        run(tmp_path, iati(*(activity(i) for i in ids)), program, actor)
    lookups = [q for q in queries if q["sql"].startswith('SELECT "registry_organisation"."id"')]
    assert len(lookups) == 1
    assert Activity.objects.filter(reporting_organisation__ref="MX-AMX").count() == 5


def test_an_activity_rolled_back_does_not_leave_a_phantom_organisation(
    tmp_path, program, actor, monkeypatch
):
    """The database refuses the chunk as a whole (after it created organisation MX-AMX):
    it is replayed one activity at a time. The first activity creates the organisation
    again, then fails: its savepoint takes the organisation with it, and the next activity
    creates it again rather than pointing at a row that no longer exists."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError

    from alianza.registry.models import Activity as Model
    from alianza.registry.querysets import ActivityQuerySet

    def refused_in_bulk(self, *args, **kwargs):
        raise IntegrityError("refused for the test")

    original, calls = Model.save, []

    def failing_once(self, *args, **kwargs):
        calls.append(self.iati_identifier)
        if len(calls) == 1:
            raise ValidationError({"title": "refused for the test"})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ActivityQuerySet, "bulk_create", refused_in_bulk)
    monkeypatch.setattr(Model, "save", failing_once)
    report = run(tmp_path, iati(activity(), activity("MX-AMX-2")), program, actor)
    assert [i.outcome for i in report.items] == [pipeline.REJECTED, pipeline.CREATED]
    stored = Activity.objects.get()
    assert stored.iati_identifier == "MX-AMX-2"
    assert stored.reporting_organisation.ref == "MX-AMX"
    assert stored.participating_orgs.get().organisation_id == stored.reporting_organisation_id


def test_dry_run_writes_nothing_and_says_what_would_be_created(tmp_path, program, actor):
    report = run(tmp_path, iati(activity()), program, actor, dry_run=True)
    assert report.items[0].outcome == pipeline.WOULD_CREATE
    assert {"field": "sectors", "change": "create", "detail": "1"} in report.items[0].changes
    assert (
        not Activity.objects.exists()
        and not ChangeRecord.objects.filter(action__startswith="registry").exists()
    )


def test_dry_run_says_which_fields_would_change(tmp_path, program, actor):
    run(tmp_path, iati(activity()), program, actor)
    report = run(
        tmp_path, iati(activity(role="4"), activity("MX-AMX-2")), program, actor, dry_run=True
    )
    assert report.items[0].outcome == pipeline.WOULD_UPDATE
    assert [c["field"] for c in report.items[0].changes] == ["participating_orgs"]
    assert report.items[1].outcome == pipeline.WOULD_CREATE
    assert Activity.objects.get().participating_orgs.get().role == "1"


def test_import_command_imports_and_reimport_changes_nothing(program, actor, capsys):
    call_command("import_iati", str(ACTIVITY_EXAMPLE), "--program", "REG", "--no-progress")
    assert "1 created" in capsys.readouterr().out
    before = ChangeRecord.objects.count()
    call_command("import_iati", str(ACTIVITY_EXAMPLE), "--program", "REG", "--no-progress")
    assert "1 unchanged" in capsys.readouterr().out
    assert ChangeRecord.objects.count() == before


def test_import_command_dry_run_lists_fields(program, actor, capsys):
    call_command(
        "import_iati", str(ACTIVITY_EXAMPLE), "--program", "REG", "--dry-run", "--no-progress"
    )
    out = capsys.readouterr().out
    assert "WOULD_CREATE AA-AAA-123456789-ABC123" in out and "create transactions 1" in out
    assert not Activity.objects.exists()


def test_import_command_refuses_a_file_too_big_with_a_clear_message(tmp_path, program, settings):
    from django.core.management.base import CommandError

    settings.IATI_MAX_FILE_BYTES = 100
    path = tmp_path / "big.xml"
    path.write_text(iati(activity()))
    with pytest.raises(CommandError, match="files over 100 bytes are refused"):
        call_command("import_iati", str(path), "--program", "REG", "--no-progress")
