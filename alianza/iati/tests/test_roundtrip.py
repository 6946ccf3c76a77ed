"""The official example files import and export back to schema-valid files with the same
content; an export imports back to the same records."""

from __future__ import annotations

import pytest

from alianza.audit.models import ChangeRecord
from alianza.iati import exporter
from alianza.iati.importer import pipeline
from alianza.iati.tests import helpers
from alianza.iati.tests.conftest import ACTIVITY_EXAMPLE, ORGANISATION_EXAMPLE
from alianza.registry import content
from alianza.registry.models import Activity, Organisation

pytestmark = pytest.mark.django_db


def test_activity_example_exports_back_with_the_same_content(program, actor, tmp_path):
    report = pipeline.run(ACTIVITY_EXAMPLE, program=program, actor=actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED]
    target = tmp_path / "out.xml"
    exporter.export_registry(Activity.objects.all(), target)
    assert helpers.activities(target.read_bytes()) and [
        helpers.canonical(a) for a in helpers.activities(target.read_bytes())
    ] == [helpers.canonical(a) for a in helpers.activities(ACTIVITY_EXAMPLE)]


def test_activity_example_reimport_records_no_change(program, actor):
    pipeline.run(ACTIVITY_EXAMPLE, program=program, actor=actor)
    before = ChangeRecord.objects.count()
    report = pipeline.run(ACTIVITY_EXAMPLE, program=program, actor=actor)
    assert [i.outcome for i in report.items] == [pipeline.UNCHANGED]
    assert ChangeRecord.objects.count() == before


def test_export_then_import_gives_back_the_same_records(program, actor, tmp_path):
    pipeline.run(ACTIVITY_EXAMPLE, program=program, actor=actor)
    activity = Activity.objects.get()
    original = content.activity_data(activity)
    target = tmp_path / "out.xml"
    exporter.export_registry(Activity.objects.all(), target)
    from alianza.registry import services

    services.activity_delete(activity=activity, actor=actor)
    report = pipeline.run(target, program=program, actor=actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED]
    assert content.activity_data(Activity.objects.get()) == original


def test_organisation_example_exports_back_with_the_same_content(program, actor, tmp_path):
    report = pipeline.run(ORGANISATION_EXAMPLE, program=program, actor=actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED]
    target = tmp_path / "org.xml"
    exporter.export_organisations(Organisation.objects.filter(has_file=True), target)
    assert [helpers.canonical(a) for a in helpers.activities(target.read_bytes())] == [
        helpers.canonical(a) for a in helpers.activities(ORGANISATION_EXAMPLE)
    ]


def test_organisation_example_reimport_records_no_change(program, actor):
    pipeline.run(ORGANISATION_EXAMPLE, program=program, actor=actor)
    before = ChangeRecord.objects.count()
    report = pipeline.run(ORGANISATION_EXAMPLE, program=program, actor=actor)
    assert [i.outcome for i in report.items] == [pipeline.UNCHANGED]
    assert ChangeRecord.objects.count() == before
