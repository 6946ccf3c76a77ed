"""IATI imports into the registry of another country than Mexico (REGISTRY_COUNTRY=CL): a
location in a Chilean region is placed, one in a Mexican state refuses its activity with a
message naming the location, and the role of Chile travels in its own vocabulary."""

from __future__ import annotations

import pytest

from alianza.iati.importer import pipeline
from alianza.iati.tests.test_import import activity, iati, run
from alianza.registry import vocabularies
from alianza.registry.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chile(settings):
    settings.REGISTRY_COUNTRY = "CL"


def test_a_location_in_a_chilean_region_is_placed(tmp_path, program, actor):
    report = run(tmp_path, iati(activity().replace('ref="MX-CHP"', 'ref="CL-VS"')), program, actor)
    assert [i.outcome for i in report.items] == [pipeline.CREATED]
    assert Activity.objects.get().locations.get().subdivision == "CL-VS"


def test_a_location_in_a_mexican_state_refuses_its_activity_alone(tmp_path, program, actor):
    chilean = activity("CL-AGCI-2").replace('ref="MX-CHP"', 'ref="CL-RM"')
    report = run(tmp_path, iati(activity(), chilean), program, actor)
    mexican, good = report.items
    assert (mexican.outcome, good.outcome) == (pipeline.REJECTED, pipeline.CREATED)
    text = " ".join(i.text for i in mexican.issues)
    assert "Location 1: MX-CHP is a subdivision of Mexico, not of Chile" in text
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["CL-AGCI-2"]


def test_the_role_of_chile_is_read_from_its_vocabulary(tmp_path, program, actor):
    uri = vocabularies.ssc_uri("ssc-chile-role")
    tags = (
        f'<tag vocabulary="99" vocabulary-uri="{uri}" code="first_provider"/>'
        f'<tag vocabulary="99" vocabulary-uri="{vocabularies.ssc_uri("ssc-mexico-role")}" '
        'code="recipient"/>'
    )
    text = iati(activity(extra=tags).replace('ref="MX-CHP"', 'ref="CL-RM"'))
    run(tmp_path, text, program, actor)
    imported = Activity.objects.get()
    assert imported.country_role == "first_provider"
    assert [t["code"] for t in imported.tags] == ["recipient"]


def test_the_export_names_the_role_of_chile_and_imports_back(program, actor, tmp_path):
    from alianza.iati import exporter
    from alianza.registry import content, services
    from alianza.registry.tests.factories import make_activity

    activity = make_activity(
        program, locations=[{"ref": "CL-AP", "details": {}}], country_role="recipient"
    )
    original = content.activity_data(activity)
    target = tmp_path / "out.xml"
    exporter.export_registry(Activity.objects.all(), target)
    written = target.read_text(encoding="utf-8")
    assert "/registry/vocabularies/ssc-chile-role/" in written and "mexico-role" not in written
    services.activity_delete(activity=activity, actor=actor)
    pipeline.run(target, program=program, actor=actor)
    assert content.activity_data(Activity.objects.get()) == original
