"""Deployment pages: the list and a mission in the program frame, the approval form that
names who misses what, and the query count of the list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.deployments.models import Deployment
from alianza.deployments.tests.factories import (
    DeployedPersonFactory,
    DeploymentFactory,
    DestinationFactory,
)

pytestmark = pytest.mark.django_db


def _mission(cast, **kwargs):
    mission = DeploymentFactory(program=cast.program, **kwargs)
    DestinationFactory(deployment=mission)
    return mission


def test_the_approval_page_names_the_person_and_the_missing_items_and_approves_nothing(cast):
    mission = _mission(cast)
    person = DeployedPersonFactory(deployment=mission, code_of_conduct_on=None)
    response = cast.client("coordinator_a").post(
        f"/programs/TEST/deployments/{mission.number}/approve/", {}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert person.specialist.full_name in page and "Code of conduct" in page
    assert not Deployment.objects.get(pk=mission.pk).is_approved


def test_the_approval_page_approves_a_ready_mission(cast):
    mission = _mission(cast)
    DeployedPersonFactory(deployment=mission)
    response = cast.client("coordinator_a").post(
        f"/programs/TEST/deployments/{mission.number}/approve/", {"approved_on": "2019-09-30"}
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.is_approved and str(mission.approved_on) == "2019-09-30"


def test_the_mission_page_shows_each_checklist_in_spanish(cast):
    mission = _mission(cast)
    DeployedPersonFactory(deployment=mission, first_aid_on=None)
    page = cast.client("viewer_a").get(
        f"/programs/TEST/deployments/{mission.number}/", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Capacitación en primeros auxilios psicológicos" in text
    assert 'data-testid="blockers"' in text


def test_the_form_saves_a_mission_with_its_destinations(cast):
    response = cast.client("editor_a").post(
        "/programs/TEST/deployments/new/",
        {
            "title_es": "Estaciones migratorias",
            "start_date": "2019-10-01",
            "end_date": "2019-10-20",
            "destinations": "MX | Chiapas | Estación migratoria | Migration station | sí\nGT",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mission = Deployment.objects.get()
    assert [(d.country, d.vulnerable_populations) for d in mission.destinations.all()] == [
        ("MX", True),
        ("GT", False),
    ]


def test_the_form_refuses_a_mission_ending_before_it_starts(cast):
    response = cast.client("editor_a").post(
        "/programs/TEST/deployments/new/",
        {"title_es": "M", "start_date": "2019-10-02", "end_date": "2019-10-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert not Deployment.objects.exists()


def test_another_program_s_mission_does_not_exist_for_its_outsiders(cast):
    from alianza.core.tests.other_program import build_other_program

    other = build_other_program()
    mission = DeploymentFactory(program=other.program)
    for role in ("coordinator_a", "outsider"):
        response = cast.client(role).get(f"/programs/OTHER/deployments/{mission.number}/")
        assert response.status_code == 404


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/programs/TEST/deployments/").status_code == 200
    return len(captured)


def test_the_list_s_queries_do_not_grow_with_missions(cast):
    client = cast.client("viewer_a")
    _mission(cast)
    few = _list_queries(client)
    for _ in range(4):
        DeployedPersonFactory(deployment=_mission(cast))
    assert _list_queries(client) == few


def test_the_spreadsheet_has_a_row_per_person_with_what_they_miss(cast):
    from io import BytesIO

    from openpyxl import load_workbook

    mission = _mission(cast)
    person = DeployedPersonFactory(deployment=mission, code_of_conduct_on=None)
    DeploymentFactory(program=cast.program, reported_headcount=32)
    response = cast.client("viewer_a").get(
        "/programs/TEST/deployments/deployments.xlsx", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][9] == "Specialist"
    assert rows[1][9:] == (person.specialist.full_name, "no", "Code of conduct")
    assert rows[2][8] == 32 and rows[2][9] is None
