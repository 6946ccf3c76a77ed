"""Deployments through the API: a mission with its destinations, a person's checklist,
and an approval refused while a checklist is incomplete; other programs' missions are not
there."""

from __future__ import annotations

import pytest

from alianza.deployments.models import Deployment
from alianza.deployments.tests.factories import (
    DeployedPersonFactory,
    DeploymentFactory,
    DestinationFactory,
)
from alianza.specialists.tests.factories import PersonalDataFactory, SpecialistFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_mission_is_planned_staffed_and_approved_through_the_api(cast):
    editor, coordinator = cast.client("editor_a"), cast.client("coordinator_a")
    created = editor.post(
        "/api/v1/deployments/",
        {
            "program": "TEST",
            "title_en": "Migration stations",
            "initiative": 2,
            "start_date": "2019-10-01",
            "end_date": "2019-10-31",
            "destinations": [{"country": "MX", "place": "Tabasco", "vulnerable_populations": True}],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    mission = created.json()
    assert mission["needs_duty_of_care"] is True and mission["status"] == "planned"
    specialist = PersonalDataFactory(specialist=SpecialistFactory(program=cast.program)).specialist
    person = editor.post(
        "/api/v1/deployment-people/",
        {"deployment": mission["id"], "specialist": specialist.pk, "first_aid_on": "2019-09-01"},
        content_type=JSON,
    )
    assert person.status_code == 201, person.json()
    assert person.json()["missing"] == ["code_of_conduct", "data_protection"]
    refused = coordinator.post(
        f"/api/v1/deployments/{mission['id']}/approve/", {}, content_type=JSON
    )
    assert refused.status_code == 400
    assert specialist.full_name in str(refused.json()["people"])
    done = editor.patch(
        f"/api/v1/deployment-people/{person.json()['id']}/",
        {"code_of_conduct_on": "2019-09-02", "data_protection_on": "2019-09-03"},
        content_type=JSON,
    )
    assert done.json()["checklist_complete"] is True
    approved = coordinator.post(
        f"/api/v1/deployments/{mission['id']}/approve/", {}, content_type=JSON
    )
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["approved_by"]) == (
        "approved",
        "coordinator_a",
    )


def test_an_editor_s_approval_is_refused(cast):
    mission = DeploymentFactory(program=cast.program)
    DestinationFactory(deployment=mission)
    DeployedPersonFactory(deployment=mission)
    response = cast.client("editor_a").post(
        f"/api/v1/deployments/{mission.pk}/approve/", {}, content_type=JSON
    )
    assert response.status_code == 403
    assert not Deployment.objects.get(pk=mission.pk).is_approved


def test_a_mission_ending_before_it_starts_is_refused_naming_the_field(cast):
    response = cast.client("editor_a").post(
        "/api/v1/deployments/",
        {"program": "TEST", "title_en": "M", "start_date": "2019-10-02", "end_date": "2019-10-01"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "end_date" in response.json()
    assert not Deployment.objects.exists()


def test_other_programs_missions_are_not_listed_nor_found(cast):
    from alianza.core.tests.other_program import build_other_program

    other = build_other_program()
    hidden = DeploymentFactory(program=other.program)
    ours = DeploymentFactory(program=cast.program)
    client = cast.client("coordinator_a")
    listed = client.get("/api/v1/deployments/").json()["results"]
    assert [m["id"] for m in listed] == [ours.pk]
    assert client.get(f"/api/v1/deployments/{hidden.pk}/").status_code == 404
    assert cast.client("outsider").get(f"/api/v1/deployments/{ours.pk}/").status_code == 404
