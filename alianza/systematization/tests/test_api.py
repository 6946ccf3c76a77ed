"""The systematization in the API, and `criteria_met` / `flagship` on every initiative."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.systematization import services

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_api_initiatives_carry_criteria_met_and_flagship(procap, cast):
    items = (
        cast.client("anonymous")
        .get("/api/v1/initiatives/", {"program": "PROCAP"})
        .json()["results"]
    )
    by_number = {i["number"]: (i["criteria_met"], i["flagship"]) for i in items}
    assert by_number[8] == (15, True) and by_number[4] == (13, True) and by_number[5] == (13, True)
    assert (
        by_number[1] == (11, False) and by_number[13] == (10, False) and by_number[16] == (5, False)
    )
    assert by_number[2] == (None, False)


def test_api_initiative_detail_carries_criteria_met(procap, cast):
    initiative = procap.initiatives.get(number=16)
    item = cast.client("anonymous").get(f"/api/v1/initiatives/{initiative.pk}/").json()
    assert (item["criteria_met"], item["flagship"]) == (5, False)


def _assessed(cast, period, numbers):
    for number in numbers:
        initiative = InitiativeFactory(program=cast.program, number=number, is_public=True)
        services.assessment_save(
            period=period,
            initiative=initiative,
            items={"need": {"value": "met"}},
            actor=cast.users["editor_a"],
        )
        services.consolidated_result_create(
            period=period, initiative=initiative, actor=cast.users["coordinator_a"]
        )


def test_api_initiative_list_queries_stay_flat_with_criteria_fields(cast, period):
    client = cast.client("viewer_a")
    _assessed(cast, period, [10])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/initiatives/", {"program": "TEST"})
    _assessed(cast, period, [20, 21, 22, 23, 24])
    with CaptureQueriesContext(connection) as many:
        items = client.get("/api/v1/initiatives/", {"program": "TEST"}).json()["results"]
    assert len(many) == len(few)
    assert {i["number"]: i["criteria_met"] for i in items}[24] == 1


def test_schema_documents_the_initiative_fields_and_the_endpoints(cast):
    schema = cast.client("anonymous").get("/api/v1/schema/?format=json").json()
    properties = schema["components"]["schemas"]["Initiative"]["properties"]
    assert "criteria_met" in properties and "flagship" in properties
    for path in (
        "/api/v1/criteria-sets/",
        "/api/v1/assessments/",
        "/api/v1/consolidated-results/",
        "/api/v1/criteria-matrix/",
        "/api/v1/lessons/",
        "/api/v1/recommendations/",
        "/api/v1/key-actions/",
        "/api/v1/management-responses/",
        "/api/v1/figures/",
    ):
        assert path in schema["paths"], path


def test_api_criteria_set_gives_the_rule(procap, cast):
    sets = (
        cast.client("anonymous")
        .get("/api/v1/criteria-sets/", {"program": "PROCAP"})
        .json()["results"]
    )
    assert len(sets) == 1
    assert sets[0]["flagship_threshold"] == 13 and sets[0]["balance_scheme"] == "support_dimension"
    assert len(sets[0]["criteria"]) == 17


def test_api_matrix_gives_counts_and_flagships(procap, cast):
    data = cast.client("anonymous").get("/api/v1/criteria-matrix/", {"program": "PROCAP"}).json()
    flagships = [row["initiative"] for row in data["rows"] if row["flagship"]]
    assert flagships == [4, 5, 8]
    gender = next(row for row in data["rows"] if row["initiative"] == 8)
    assert gender["criteria_met"] == 15 and gender["values"]["innovation"] == "not_met"
    assert "innovation" in gender["reconstructed"]


def test_api_matrix_without_program_says_so(cast):
    response = cast.client("anonymous").get("/api/v1/criteria-matrix/")
    assert response.status_code == 400 and "program" in response.json()


def test_api_figure_data(procap, cast):
    figure = (
        cast.client("anonymous")
        .get("/api/v1/figures/scheme-incidence_level/", {"program": "PROCAP"})
        .json()
    )
    assert sum(int(row[1]) for row in figure["rows"]) == 16
    keys = [
        f["key"]
        for f in cast.client("anonymous").get("/api/v1/figures/", {"program": "PROCAP"}).json()
    ]
    assert (
        "criteria-matrix" in keys and "cost-by-initiative" in keys and "lessons-by-factor" in keys
    )


def test_api_lessons_and_recommendations(procap, cast):
    lessons = (
        cast.client("anonymous")
        .get("/api/v1/lessons/", {"program": "PROCAP", "page_size": 100})
        .json()
    )
    assert lessons["count"] == 38
    recs = (
        cast.client("anonymous")
        .get("/api/v1/recommendations/", {"program": "PROCAP"})
        .json()["results"]
    )
    assert [r["code"] for r in recs][:3] == ["1a", "1b", "1c"]


def test_api_assessment_of_a_criterion_outside_the_set_is_a_400_naming_it(cast, period):
    response = cast.client("editor_a").post(
        "/api/v1/assessments/",
        {"program": "TEST", "initiative": 1, "items": {"beauty": {"value": "met"}}},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "beauty" in response.json()["criterion"][0]


def test_api_second_consolidated_result_is_a_400(cast, period):
    client = cast.client("coordinator_a")
    body = {"program": "TEST", "initiative": 1}
    assert client.post("/api/v1/consolidated-results/", body, content_type=JSON).status_code == 201
    second = client.post("/api/v1/consolidated-results/", body, content_type=JSON)
    assert second.status_code == 400 and "initiative" in second.json()


def test_api_settle_changes_the_computed_count(cast, period):
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "not_met"}},
        actor=cast.users["editor_a"],
    )
    result = services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=cast.users["coordinator_a"]
    )
    response = cast.client("coordinator_b").post(
        f"/api/v1/consolidated-results/{result.pk}/settle/",
        {"criterion": "need", "value": "met", "reason_en": "New evidence"},
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["criteria_met"] == 1


def test_api_key_action_without_owner_or_due_date_is_a_400(cast, period):
    from alianza.systematization.tests.factories import RecommendationFactory

    recommendation = RecommendationFactory(period=period)
    response = cast.client("editor_a").post(
        "/api/v1/key-actions/",
        {"recommendation": recommendation.pk, "description_en": "Do it"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert set(response.json()) == {"owner", "due_date"}


def test_api_overdue_actions_filter(cast, period):
    from alianza.systematization.tests.factories import RecommendationFactory

    recommendation = RecommendationFactory(period=period)
    client = cast.client("editor_a")
    for due in ("2020-01-01", "2999-01-01"):
        client.post(
            "/api/v1/key-actions/",
            {
                "recommendation": recommendation.pk,
                "description_en": due,
                "owner": "agency_a",
                "due_date": due,
            },
            content_type=JSON,
        )
    overdue = client.get("/api/v1/key-actions/", {"overdue": "true"}).json()["results"]
    assert [a["description_en"] for a in overdue] == ["2020-01-01"] and overdue[0][
        "overdue"
    ] is True
