"""IATI export: schema-valid files, narratives in every language, the program's
classifications as vocabulary-99 tags, organisation files, the command and the refusal
of a file that would not validate."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from alianza.iati import exporter, schema
from alianza.iati.importer import pipeline
from alianza.iati.tests.helpers import PARSER
from alianza.initiatives.models import Initiative
from alianza.registry import content
from alianza.registry.models import Activity
from alianza.registry.tests.factories import make_activity
from alianza.registry.text import narratives

pytestmark = pytest.mark.django_db


def _parse(path):
    return etree.parse(str(path), PARSER).getroot()


@pytest.fixture
def publishing_cast(cast):
    cast.partner_a.iati_identifier = "XM-TEST-A"
    cast.partner_a.save()
    cast.program.summary_en, cast.program.summary_es = "Joint work", "Trabajo conjunto"
    cast.program.save()
    return cast


def test_registry_export_validates_against_the_official_schema(program, tmp_path):
    make_activity(program, "XM-TEST-1")
    make_activity(program, "XM-TEST-2", modality="triangular", collaboration_type="8")
    target = tmp_path / "out.xml"
    result = exporter.export_registry(Activity.objects.all(), target)
    assert result.count == 2
    assert schema.validate(_parse(target), schema.activity_schema()) == []


def test_registry_export_writes_narratives_in_every_language(program, tmp_path):
    make_activity(program, title=narratives(es="Hola", en="Hello", fr="Bonjour"))
    target = tmp_path / "out.xml"
    exporter.export_registry(Activity.objects.all(), target)
    title = _parse(target).find("iati-activity/title")
    langs = [n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in title]
    assert langs == [None, "en", "fr"]  # es is the activity's default language


def test_registry_export_carries_ssc_conventions_and_imports_back(program, actor, tmp_path):
    activity = make_activity(program, modality="triangular", country_role="second_provider")
    original = content.activity_data(activity)
    target = tmp_path / "out.xml"
    exporter.export_registry(Activity.objects.all(), target)
    tags = _parse(target).findall("iati-activity/tag")
    assert {(t.get("vocabulary"), t.get("code")) for t in tags} >= {("99", "triangular")}
    assert all(t.get("vocabulary-uri") for t in tags)
    from alianza.registry import services

    services.activity_delete(activity=activity, actor=actor)
    pipeline.run(target, program=program, actor=actor)
    assert content.activity_data(Activity.objects.get()) == original


def test_export_refuses_an_activity_that_would_not_validate(program):
    make_activity(program, descriptions=[])
    with pytest.raises(exporter.ExportError) as caught:
        exporter.export_registry(Activity.objects.all())
    assert caught.value.problems[0][0] == "XM-TEST-1"
    assert "description" in caught.value.problems[0][1]


def test_program_export_has_the_program_and_its_initiatives(publishing_cast, tmp_path):
    target = tmp_path / "program.xml"
    exporter.export_program(publishing_cast.program, target)
    root = _parse(target)
    assert schema.validate(root, schema.activity_schema()) == []
    identifiers = [a.findtext("iati-identifier") for a in root]
    assert identifiers == ["XM-TEST-A-TEST", "XM-TEST-A-TEST-1", "XM-TEST-A-TEST-2"]
    assert [a.get("hierarchy") for a in root] == ["1", "2", "2"]


def test_program_export_carries_classifications_as_vocabulary_99_tags(publishing_cast, tmp_path):
    target = tmp_path / "program.xml"
    exporter.export_program(publishing_cast.program, target)
    tag = _parse(target).find("iati-activity[2]/tag")
    assert tag.get("vocabulary") == "99" and tag.get("code") == "systemic"
    assert tag.get("vocabulary-uri").endswith("/programs/TEST/initiatives/by/incidence_level/")


def test_program_export_of_a_program_without_an_iati_publisher_says_why(cast):
    with pytest.raises(exporter.ExportError, match="IATI organisation identifier"):
        exporter.export_program(cast.program)


def test_program_export_imports_back_as_registry_activities(publishing_cast, actor, tmp_path):
    target = tmp_path / "program.xml"
    exporter.export_program(publishing_cast.program, target)
    report = pipeline.run(target, program=publishing_cast.program, actor=actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED] * 3
    child = Activity.objects.get(iati_identifier="XM-TEST-A-TEST-1")
    assert child.related_activities == [{"ref": "XM-TEST-A-TEST", "type": "1"}]
    assert Initiative.objects.count() == 2  # the initiatives themselves are untouched


def test_export_command_writes_a_valid_file(program, tmp_path, capsys):
    make_activity(program)
    target = tmp_path / "all.xml"
    call_command("export_iati", "--all", "-o", str(target))
    assert "1 written" in capsys.readouterr().out
    assert schema.validate(_parse(target), schema.activity_schema()) == []


def test_export_command_by_reporting_org(program, tmp_path):
    make_activity(program, "XM-TEST-1")
    make_activity(program, "XM-OTHER-1", reporting_org_ref="XM-OTHER")
    target = tmp_path / "one.xml"
    call_command("export_iati", "--reporting-org", "XM-OTHER", "-o", str(target))
    assert [a.findtext("iati-identifier") for a in _parse(target)] == ["XM-OTHER-1"]


def test_export_command_program_without_publisher_fails_clearly(cast, tmp_path):
    target = tmp_path / "p.xml"
    with pytest.raises(CommandError, match="IATI organisation identifier"):
        call_command("export_iati", "--program", "TEST", "-o", str(target))
    assert list(tmp_path.iterdir()) == []  # no empty or partial file is left behind


def test_a_refused_export_keeps_the_previous_file(program, tmp_path):
    target = tmp_path / "all.xml"
    target.write_text("previous export")
    with pytest.raises(CommandError, match="no activity to export"):
        call_command("export_iati", "--all", "-o", str(target))
    assert target.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["all.xml"]


def test_export_command_writes_organisation_files(program, tmp_path):
    make_activity(program)
    target = tmp_path / "orgs.xml"
    call_command("export_iati", "--organisations", "-o", str(target))
    root = _parse(target)
    assert schema.validate(root, schema.organisation_schema()) == []
    assert [o.findtext("organisation-identifier") for o in root] == ["GT-TEST-ORG", "MX-TEST-ORG"]


def test_an_institution_with_an_iati_identifier_gets_its_organisation_file(publishing_cast):
    response = publishing_cast.client("anonymous").get("/iati/export/organisations/XM-TEST-A.xml")
    root = etree.fromstring(b"".join(response.streaming_content), PARSER)
    assert schema.validate(root, schema.organisation_schema()) == []
    assert root.findtext("iati-organisation/organisation-identifier") == "XM-TEST-A"
    assert root.find("iati-organisation/reporting-org").get("type") == "10"
