"""Who may read and change the systematization: every page and endpoint, every role.

Anyone who may see the program reads its matrix, figures, lessons, recommendations and
report; the working records (assessments by assessor, informants, follow-up) are the
partners'; editing roles assess and follow actions up; coordinators consolidate, settle
and answer for their own institution. A non-public program answers 404 to non-partners.
"""

from __future__ import annotations

import datetime

import pytest

from alianza.conftest import COORDINATOR_ROLES, EDITOR_ROLES, PARTNER_ROLES, ROLES
from alianza.core.tests.matrix import assert_access, assert_answer, expected_answer
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory
from alianza.systematization import services
from alianza.systematization.models import (
    Assessment,
    ConsolidatedResult,
    Excerpt,
    Interview,
    KeyAction,
)
from alianza.systematization.tests.factories import (
    RecommendationFactory,
    code_interviews,
    systematize,
)

pytestmark = pytest.mark.django_db

BASE = "/programs/TEST/systematization/"
JSON = "application/json"


def expect_internal(response, role):
    assert_answer(response, expected_answer(role, PARTNER_ROLES))


@pytest.fixture
def assessed(cast, period):
    """Initiative 1 assessed by editor_a and consolidated; a recommendation with an action."""
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met", "evidence_en": "Seen in the minutes"}},
        actor=cast.users["editor_a"],
    )
    services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=cast.users["coordinator_a"]
    )
    recommendation = RecommendationFactory(period=period, code="1a")
    services.key_action_create(
        recommendation=recommendation,
        values={
            "description_en": "Secret plan",
            "owner": cast.partner_a,
            "due_date": datetime.date(2020, 1, 1),
        },
        actor=cast.users["editor_a"],
    )
    return recommendation


def test_figures_in_other_formats_are_public(cast, period):
    """The access matrix fetches one figure as CSV; the drawing is public too."""
    assert_access(cast.client("anonymous"), BASE + "figures/criteria-matrix.svg", "ok")


@pytest.mark.parametrize("role", ROLES)
def test_assessment_page_post_saves_for_editing_roles_only(cast, period, role):
    response = cast.client(role).post(
        BASE + "assess/1/", {"value_need": "met", "evidence_need": "ok"}
    )
    saved = Assessment.objects.filter(initiative=cast.public_initiative).exists()
    assert saved == (role in EDITOR_ROLES)
    assert response.status_code in ((302,) if role in EDITOR_ROLES else (302, 403))


@pytest.mark.parametrize("role", ROLES)
def test_consolidating_is_for_coordinators_only(cast, period, role):
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met"}},
        actor=cast.users["editor_a"],
    )
    cast.client(role).post(BASE + "consolidate/1/create/")
    exists = ConsolidatedResult.objects.filter(initiative=cast.public_initiative).exists()
    assert exists == (role in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_settling_is_for_coordinators_only(cast, period, assessed, role):
    cast.client(role).post(
        BASE + "consolidate/1/settle/", {"criterion": "need", "value": "not_met", "reason": "x"}
    )
    value = (
        ConsolidatedResult.objects.get(initiative=cast.public_initiative)
        .values.get(criterion__code="need")
        .value
    )
    assert value == ("not_met" if role in COORDINATOR_ROLES else "met")


@pytest.mark.parametrize("role", ROLES)
def test_follow_up_and_responses_are_shown_to_partner_members_only(cast, period, assessed, role):
    """On the recommendations page and in the report."""
    html = cast.client(role).get(BASE + "recommendations/").content.decode()
    assert ("Secret plan" in html) == (role in PARTNER_ROLES)
    assert ('data-testid="follow-up-summary"' in html) == (role in PARTNER_ROLES)
    report = cast.client(role).get(BASE + "report.html").content.decode()
    assert ("Secret plan" in report) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_key_action_follow_up_is_for_editing_roles_only(cast, period, assessed, role):
    action = KeyAction.objects.get()
    cast.client(role).post(
        BASE + f"actions/{action.pk}/follow-up/", {"status": "initiated", "comment_en": "go"}
    )
    action.refresh_from_db()
    assert (action.status == "initiated") == (role in EDITOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_responding_is_for_coordinators_for_their_institution(cast, period, assessed, role):
    cast.client(role).post(BASE + "recommendations/1a/respond/", {"response": "accepted"})
    responded = assessed.responses.values_list("institution__code", flat=True)
    expected = {"coordinator_a": ["agency_a"], "coordinator_b": ["undp_b"]}.get(role, [])
    assert list(responded) == expected


# --- interviews and coded excerpts ----------------------------------------------------------


@pytest.fixture
def coded(cast, period):
    return code_interviews(cast, period)


def _path(template: str, coded) -> str:
    return BASE + template.format(interview=coded.interviews[0].pk, excerpt=coded.second.pk)


@pytest.mark.parametrize("role", ROLES)
def test_interview_pages_are_for_partner_members_only(cast, coded, role):
    client = cast.client(role)
    for path, shown in [
        ("interviews/", 'data-interview="1"'),
        ("evidence/", "The agency wanted its own staff trained."),
        ("interviews/{interview}/", "The agency wanted its own staff trained."),
    ]:
        response = client.get(_path(path, coded))
        expect_internal(response, role)
        assert (shown in response.content.decode()) == (role in PARTNER_ROLES), path


@pytest.mark.parametrize("role", ROLES)
def test_the_matrix_shows_internal_initiatives_and_the_interview_tabs_to_partners_only(
    cast, coded, role
):
    html = cast.client(role).get(BASE).content.decode()
    assert ('data-number="2"' in html) == (role in PARTNER_ROLES)
    assert ('data-testid="nav-interviews"' in html) == (role in PARTNER_ROLES)
    assert ('data-testid="nav-evidence"' in html) == (role in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_recording_an_interview_is_for_editing_roles_only(cast, coded, role):
    cast.client(role).post(BASE + "interviews/new/", {"informant": coded.informants["i02"].pk})
    recorded = Interview.objects.filter(period__program=cast.program, number=3).exists()
    assert recorded == (role in EDITOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_coding_an_excerpt_is_for_editing_roles_only(cast, coded, role):
    cast.client(role).post(
        _path("interviews/{interview}/excerpts/new/", coded), {"text_en": "Said by the page."}
    )
    assert Excerpt.objects.filter(text_en="Said by the page.").exists() == (role in EDITOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_changing_an_excerpt_is_for_editing_roles_only(cast, coded, role):
    cast.client(role).post(_path("excerpts/{excerpt}/edit/", coded), {"text_en": "Rewritten."})
    coded.second.refresh_from_db()
    assert (coded.second.text_en == "Rewritten.") == (role in EDITOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_deleting_an_excerpt_is_for_editing_roles_only(cast, coded, role):
    cast.client(role).post(_path("excerpts/{excerpt}/delete/", coded))
    assert Excerpt.objects.filter(pk=coded.second.pk).exists() == (role not in EDITOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_interviews_of_another_program_are_404_even_for_its_partners(cast, coded, role):
    other = ProgramFactory(code="OTHER", is_public=True)
    PartnershipFactory(program=other, institution=cast.partner_a)
    PartnershipFactory(program=other, institution=cast.partner_b)
    systematize(other)
    response = cast.client(role).get(
        f"/programs/OTHER/systematization/interviews/{coded.interviews[0].pk}/"
    )
    assert response.status_code == (
        404 if role in PARTNER_ROLES else 302 if role == "anonymous" else 403
    )


# --- a program that is not public ---------------------------------------------------------


@pytest.fixture
def hidden(cast):
    program = ProgramFactory(code="HIDDEN", is_public=False)
    PartnershipFactory(program=program, institution=cast.partner_a)
    PartnershipFactory(program=program, institution=cast.partner_b)
    systematize(program)
    return program


@pytest.mark.parametrize("role", ROLES)
def test_non_public_program_systematization_is_404_for_non_partners(cast, hidden, role):
    """Its pages, and its criteria matrix through the API."""
    client = cast.client(role)
    expected = "ok" if role in PARTNER_ROLES else "404"
    for path in [
        "",
        "figures/",
        "lessons/",
        "recommendations/",
        "report.html",
        "figures/criteria-matrix.png",
        "interviews/",
        "evidence/",
    ]:
        assert_access(client, "/programs/HIDDEN/systematization/" + path, expected)
    response = client.get("/api/v1/criteria-matrix/", {"program": "HIDDEN"})
    assert response.status_code == (200 if role in PARTNER_ROLES else 404)


# --- API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_assessment_post_saves_for_editing_roles_only(cast, period, role):
    response = cast.client(role).post(
        "/api/v1/assessments/",
        {"program": "TEST", "initiative": 1, "items": {"need": {"value": "met"}}},
        content_type=JSON,
    )
    assert_answer(response, expected_answer(role, EDITOR_ROLES, anonymous="401|403"))
    assert Assessment.objects.exists() == (role in EDITOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_api_consolidated_results_are_for_coordinators_to_create(cast, period, role):
    response = cast.client(role).post(
        "/api/v1/consolidated-results/", {"program": "TEST", "initiative": 1}, content_type=JSON
    )
    assert (response.status_code == 201) == (role in COORDINATOR_ROLES)
    assert ConsolidatedResult.objects.exists() == (role in COORDINATOR_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_api_assessments_key_actions_and_responses_are_for_partner_members_only(
    cast, period, assessed, role
):
    response = cast.client(role).get("/api/v1/assessments/", {"program": "TEST"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == (1 if role in PARTNER_ROLES else 0)
    actions = cast.client(role).get("/api/v1/key-actions/").json()["results"]
    assert len(actions) == (1 if role in PARTNER_ROLES else 0)
    recommendations = (
        cast.client(role).get("/api/v1/recommendations/", {"program": "TEST"}).json()["results"]
    )
    assert (recommendations[0]["actions"] is None) == (role not in PARTNER_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_api_consolidated_results_of_internal_initiatives_are_for_partners(cast, period, role):
    for initiative in (cast.public_initiative, cast.internal_initiative):
        services.consolidated_result_create(
            period=period, initiative=initiative, actor=cast.users["coordinator_a"]
        )
    results = cast.client(role).get("/api/v1/consolidated-results/").json()["results"]
    assert sorted(r["initiative"] for r in results) == ([1, 2] if role in PARTNER_ROLES else [1])


@pytest.mark.parametrize("role", ROLES)
def test_api_interviews_and_excerpts_are_listed_to_partner_members_only(cast, coded, role):
    client = cast.client(role)
    for endpoint, pk in [("interviews", coded.interviews[0].pk), ("excerpts", coded.first.pk)]:
        response = client.get(f"/api/v1/{endpoint}/", {"program": "TEST"})
        assert response.status_code == 200
        assert response.json()["count"] == (2 if role in PARTNER_ROLES else 0), endpoint
        detail = client.get(f"/api/v1/{endpoint}/{pk}/")
        assert detail.status_code == (200 if role in PARTNER_ROLES else 404), endpoint


def _api_refusal(response, role):
    if role in EDITOR_ROLES:
        return
    if role == "anonymous":
        assert response.status_code in (401, 403)
    elif role == "outsider":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_api_excerpt_post_saves_for_editing_roles_only(cast, coded, role):
    response = cast.client(role).post(
        "/api/v1/excerpts/",
        {"interview": coded.interviews[0].pk, "text_en": "Said through the API."},
        content_type=JSON,
    )
    saved = Excerpt.objects.filter(text_en="Said through the API.").exists()
    assert saved == (role in EDITOR_ROLES)
    assert (response.status_code == 201) == (role in EDITOR_ROLES)
    _api_refusal(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_api_excerpt_patch_and_delete_are_for_editing_roles_only(cast, coded, role):
    client = cast.client(role)
    patched = client.patch(
        f"/api/v1/excerpts/{coded.second.pk}/", {"factors": ["strategy"]}, content_type=JSON
    )
    assert coded.second.factors.exists() == (role in EDITOR_ROLES)
    _api_refusal(patched, role)
    deleted = client.delete(f"/api/v1/excerpts/{coded.second.pk}/")
    assert Excerpt.objects.filter(pk=coded.second.pk).exists() == (role not in EDITOR_ROLES)
    assert (deleted.status_code == 204) == (role in EDITOR_ROLES)
    _api_refusal(deleted, role)


@pytest.mark.parametrize("role", ROLES)
def test_api_interviews_are_read_only(cast, coded, role):
    response = cast.client(role).post(
        "/api/v1/interviews/", {"informant": "i01"}, content_type=JSON
    )
    assert response.status_code in (401, 403, 405)
    assert Interview.objects.filter(period__program=cast.program).count() == 2
