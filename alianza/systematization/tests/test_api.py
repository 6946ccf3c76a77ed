"""The systematization in the API, and `criteria_met` / `flagship` on every initiative."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.systematization import services
from alianza.systematization.models import Excerpt
from alianza.systematization.tests.factories import code_interviews

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
        "/api/v1/interviews/",
        "/api/v1/excerpts/",
        "/api/v1/excerpts/{id}/",
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


# --- interviews and coded excerpts ----------------------------------------------------------


@pytest.fixture
def coded(cast, period):
    return code_interviews(cast, period)


@pytest.mark.parametrize(
    "query,expected",
    [
        ({"category": "added_value"}, [2]),
        ({"initiative": 1}, [1]),
        ({"factor": "strategy"}, [1]),
        ({"case_type": "b"}, [2]),
        ({"institution": "agency_a"}, [1]),
        ({"informant": "i02"}, [2]),
        ({"held_to": "2019-03-01"}, [1]),
        ({"period": "nope"}, []),
    ],
)
def test_api_interviews_filtered_by_informant_and_codes(cast, coded, query, expected):
    items = (
        cast.client("viewer_a")
        .get("/api/v1/interviews/", {"program": "TEST", **query})
        .json()["results"]
    )
    assert [i["number"] for i in items] == expected


def test_api_interview_carries_the_informant_by_code_never_by_name(cast, coded):
    item = cast.client("viewer_b").get(f"/api/v1/interviews/{coded.interviews[0].pk}/").json()
    assert (item["informant"], item["case_type"], item["institution"]) == ("i01", "a", "agency_a")
    assert item["excerpt_count"] == 1 and item["held_on"] == "2019-03-01"


@pytest.mark.parametrize(
    "query,which",
    [
        ({"category": "incentives"}, ["first"]),
        ({"initiative": 2}, ["second"]),
        ({"factor": "strategy"}, ["first"]),
        ({"case_type": "b"}, ["second"]),
        ({"q": "procurement"}, ["second"]),
        ({}, ["first", "second"]),
    ],
)
def test_api_excerpts_filtered_by_codes_and_text(cast, coded, query, which):
    items = (
        cast.client("editor_b")
        .get("/api/v1/excerpts/", {"program": "TEST", **query})
        .json()["results"]
    )
    assert [i["id"] for i in items] == [getattr(coded, name).pk for name in which]


def test_api_excerpt_gives_its_codes(cast, coded):
    item = cast.client("viewer_a").get(f"/api/v1/excerpts/{coded.first.pk}/").json()
    assert item["question"] == "strategy/1" and item["informant"] == "i01"
    assert (item["categories"], item["initiatives"], item["factors"]) == (
        ["incentives"],
        [1],
        ["strategy"],
    )


def test_api_excerpt_create_is_coded_and_in_the_change_history(cast, coded):
    client = cast.client("editor_b")
    response = client.post(
        "/api/v1/excerpts/",
        {
            "interview": coded.interviews[1].pk,
            "text_en": "The board met every quarter.",
            "question": "strategy/1",
            "categories": ["strategy/incentives", "added_value"],
            "initiatives": [2],
            "factors": ["strategy"],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["interview_number"] == 2 and created["question"] == "strategy/1"
    assert sorted(created["categories"]) == ["added_value", "incentives"]
    assert (created["initiatives"], created["factors"]) == ([2], ["strategy"])
    changes = client.get(
        "/api/v1/changes/",
        {"action": "systematization.excerpt.create", "object_id": created["id"]},
    ).json()["results"]
    assert len(changes) == 1
    assert changes[0]["source"] == "api" and changes[0]["user"] == "editor_b"
    assert changes[0]["after"]["initiatives"] == [2]


def test_api_excerpt_with_unknown_codes_is_a_400_naming_them_and_saves_nothing(cast, coded):
    response = cast.client("editor_a").post(
        "/api/v1/excerpts/",
        {
            "interview": coded.interviews[0].pk,
            "text_en": "Nothing of this is kept.",
            "question": "strategy/9",
            "categories": ["beauty"],
            "initiatives": [99],
            "factors": ["luck"],
        },
        content_type=JSON,
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"question", "categories", "factors"}
    assert "beauty" in errors["categories"][0] and "luck" in errors["factors"][0]
    assert not Excerpt.objects.filter(text_en="Nothing of this is kept.").exists()


def test_api_excerpt_of_an_initiative_of_another_program_is_a_400(cast, coded):
    response = cast.client("editor_a").post(
        "/api/v1/excerpts/",
        {"interview": coded.interviews[0].pk, "text_en": "Elsewhere.", "initiatives": [99]},
        content_type=JSON,
    )
    assert response.status_code == 400 and "99" in response.json()["initiatives"][0]


def test_api_excerpt_without_interview_or_text_is_a_400(cast, coded):
    client = cast.client("editor_a")
    no_interview = client.post("/api/v1/excerpts/", {"text_en": "x"}, content_type=JSON)
    assert no_interview.status_code == 400 and "interview" in no_interview.json()
    no_text = client.post(
        "/api/v1/excerpts/", {"interview": coded.interviews[0].pk}, content_type=JSON
    )
    assert no_text.status_code == 400 and "text_en" in no_text.json()


def test_api_excerpt_patch_leaves_the_codes_not_given(cast, coded):
    response = cast.client("editor_a").patch(
        f"/api/v1/excerpts/{coded.first.pk}/",
        {"text_es": "La agencia quería formar a su personal.", "factors": []},
        content_type=JSON,
    )
    assert response.status_code == 200
    item = response.json()
    assert item["text_es"].startswith("La agencia") and item["factors"] == []
    assert (item["categories"], item["initiatives"]) == (["incentives"], [1])


def test_api_excerpt_may_not_move_to_another_interview(cast, coded):
    response = cast.client("editor_a").patch(
        f"/api/v1/excerpts/{coded.first.pk}/",
        {"interview": coded.interviews[1].pk},
        content_type=JSON,
    )
    assert response.status_code == 400 and "interview" in response.json()
    assert Excerpt.objects.get(pk=coded.first.pk).interview == coded.interviews[0]


def test_api_delete_of_a_cited_excerpt_is_a_400_saying_where(cast, period, coded):
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met", "excerpts": [coded.first.pk]}},
        actor=cast.users["editor_a"],
    )
    response = cast.client("editor_b").delete(f"/api/v1/excerpts/{coded.first.pk}/")
    assert response.status_code == 400
    assert "#1 (need)" in response.json()["non_field_errors"][0]
    assert Excerpt.objects.filter(pk=coded.first.pk).exists()


def test_api_excerpt_list_queries_stay_flat(cast, coded):
    client = cast.client("viewer_a")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/excerpts/", {"program": "TEST"})
    for number in range(4):
        services.excerpt_save(
            interview=coded.interviews[number % 2],
            values={"text_en": f"More {number}", "question": coded.question},
            categories=list(coded.categories.values()),
            initiatives=[1, 2],
            factors=[coded.factor],
            actor=cast.users["editor_a"],
        )
    with CaptureQueriesContext(connection) as many:
        items = client.get("/api/v1/excerpts/", {"program": "TEST"}).json()["results"]
    assert len(items) == 6 and len(many) == len(few)
