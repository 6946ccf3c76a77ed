"""PROCAP's missions load as data: the totals the report gives (90 to the Northern Triangle,
32 to migration stations in six states), with their destinations and no one named."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from alianza.audit.models import ChangeRecord
from alianza.deployments.models import DeployedPerson, Deployment

pytestmark = pytest.mark.django_db


def test_procap_s_missions_load_as_aggregates_without_inventing_people(procap):
    missions = {
        m.number: m
        for m in Deployment.objects.filter(program=procap).prefetch_related("destinations")
    }
    northern, stations = missions[1], missions[2]
    assert northern.reported_headcount == 90
    assert sorted(d.country for d in northern.destinations.all()) == ["GT", "HN", "SV"]
    assert stations.reported_headcount == 32
    states = [d.place for d in stations.destinations.all()]
    assert len(states) == 6 and "Chiapas" in states
    assert all(d.vulnerable_populations for d in stations.destinations.all())
    assert {m.initiative.number for m in missions.values()} == {9}
    assert not DeployedPerson.objects.filter(deployment__program=procap).exists()


def test_loading_procap_again_changes_no_mission(procap):
    before = ChangeRecord.objects.filter(action__startswith="deployments.").count()
    call_command("load_procap", verbosity=0)
    assert ChangeRecord.objects.filter(action__startswith="deployments.").count() == before


def test_the_list_page_shows_the_reported_totals(procap, cast):
    from alianza.programs.tests.factories import PartnershipFactory

    PartnershipFactory(program=procap, institution=cast.partner_a)
    client = cast.client("viewer_a")
    page = client.get("/programs/PROCAP/deployments/", HTTP_ACCEPT_LANGUAGE="en")
    totals = page.content.decode().split('data-testid="deployment-totals">')[1].split("</p>")[0]
    assert "reported totals: 122" in totals
