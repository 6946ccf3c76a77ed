"""Board meetings, action items and focal points through the API."""

from __future__ import annotations

import pytest

from alianza.contracts.tests.factories import ContractFactory
from alianza.governance.models import BoardMeeting

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_meeting_is_recorded_with_attendance_by_institution(cast):
    response = cast.client("editor_b").post(
        "/api/v1/board-meetings/",
        {
            "program": "TEST",
            "held_on": "2019-02-01",
            "agenda_es": "Plan anual",
            "attendance": [
                {"institution": "agency_a", "person_name": "Ana"},
                {"institution": "undp_b", "person_name": "Luis", "role": "Oficial"},
            ],
            "decisions": [{"text_es": "Aprobar el plan"}],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert [a["institution"] for a in response.json()["attendance"]] == ["agency_a", "undp_b"]
    assert BoardMeeting.objects.get().decisions.count() == 1


def test_an_action_item_due_date_and_owner(cast):
    response = cast.client("editor_a").post(
        "/api/v1/action-items/",
        {
            "program": "TEST",
            "description_es": "Enviar el plan",
            "owner_institution": "undp_b",
            "owner": "editor_b",
            "due_on": "2019-03-01",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    wrong = cast.client("editor_a").post(
        "/api/v1/action-items/",
        {
            "program": "TEST",
            "description_es": "X",
            "owner_institution": "agency_a",
            "owner": "editor_b",
            "due_on": "2019-03-01",
        },
        content_type=JSON,
    )
    assert wrong.status_code == 400 and "owner" in wrong.json()


def test_focal_points_by_area_per_partner(cast):
    rows = cast.client("viewer_b").get("/api/v1/focal-points/?program=TEST").json()
    by_institution = {r["institution"]: r for r in rows}
    assert by_institution["agency_a"]["areas"]["human_resources"] == ["focal_a"]
    assert by_institution["undp_b"]["coordinators"] == ["coordinator_b"]
    assert cast.client("outsider").get("/api/v1/focal-points/?program=TEST").json() == []


def test_api_dispute_steps_follow_the_case(cast):
    contract = ContractFactory(program=cast.program, reference="Q-1")
    opened = (
        cast.client("editor_a")
        .post(
            "/api/v1/disputes/",
            {
                "program": "TEST",
                "subject": "consultancy_quality",
                "contract": "Q-1",
                "title_es": "Calidad",
                "opened_on": "2019-05-01",
                "criteria_es": "Dos devoluciones",
            },
            content_type=JSON,
        )
        .json()
    )
    assert opened["stage"] == "criteria" and opened["waiting_for"] == ["undp_b"]
    step = cast.client("coordinator_b").post(
        f"/api/v1/disputes/{opened['id']}/step/", {"agreed_on": "2019-05-03"}, content_type=JSON
    )
    assert step.json()["stage"] == "expert"
    missing = cast.client("coordinator_b").post(
        f"/api/v1/disputes/{opened['id']}/step/", {}, content_type=JSON
    )
    assert missing.status_code == 400 and "expert" in missing.json()
    assert contract.disputes.count() == 1
