"""Board meetings, action items and focal points through the API."""

from __future__ import annotations

import pytest

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
