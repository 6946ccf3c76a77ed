"""A program's systematization set up from the services, the pages and the API: who may,
what is refused (naming the field, nothing saved) and what the audit trail keeps."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alianza.audit.models import ChangeRecord
from alianza.systematization import services
from alianza.systematization.models import (
    CaseType,
    CriteriaSet,
    Lesson,
    SuccessFactor,
    SystematizationPeriod,
)

pytestmark = pytest.mark.django_db


def _criteria(n: int) -> list[dict]:
    return [{"code": f"c{i}", "number": i, "name_en": f"Criterion {i}"} for i in range(1, n + 1)]


def _rubric(cast, user, *, code="rubric", n=10, threshold=7):
    return services.criteria_set_create(
        program=cast.program,
        code=code,
        values={"name_en": "Rubric", "flagship_threshold": threshold},
        criteria=_criteria(n),
        actor=user,
    )


# --- services -----------------------------------------------------------------------------------


def test_a_coordinator_creates_a_rubric_with_its_flagship_rule_audited(cast):
    user = cast.users["coordinator_a"]
    rubric = _rubric(cast, user)
    assert rubric.criteria.count() == 10
    assert rubric.flagship_threshold == 7
    record = ChangeRecord.objects.filter(action="systematization.criteria_set.create").last()
    assert record.object_id == str(rubric.pk)
    assert len(record.after["criteria"]) == 10


@pytest.mark.parametrize("role", ["editor_a", "viewer_a", "outsider"])
def test_only_coordinators_set_the_criteria(cast, role):
    with pytest.raises(PermissionDenied):
        _rubric(cast, cast.users[role])
    assert not CriteriaSet.objects.filter(code="rubric").exists()


def test_a_threshold_above_the_criteria_is_refused_on_its_field_and_nothing_saved(cast):
    with pytest.raises(ValidationError) as refused:
        _rubric(cast, cast.users["coordinator_a"], n=5, threshold=7)
    assert "flagship_threshold" in refused.value.message_dict
    assert not CriteriaSet.objects.filter(code="rubric").exists()


def test_a_code_already_used_is_refused_not_overwritten(cast):
    user = cast.users["coordinator_a"]
    _rubric(cast, user)
    with pytest.raises(ValidationError) as refused:
        _rubric(cast, user, n=8, threshold=2)
    assert "code" in refused.value.message_dict
    assert CriteriaSet.objects.get(code="rubric").criteria.count() == 10


def test_a_second_criteria_set_in_an_assessed_period_is_refused(cast, period):
    user = cast.users["coordinator_a"]
    other = _rubric(cast, user, n=3, threshold=2)
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met"}},
        actor=user,
    )
    with pytest.raises(ValidationError) as refused:
        services.period_update(period=period, values={"criteria_set": other}, actor=user)
    assert "criteria_set" in refused.value.message_dict
    period.refresh_from_db()
    assert period.criteria_set_id != other.pk


def test_every_setup_record_is_created_changed_and_deleted_through_services(cast):
    user = cast.users["coordinator_a"]
    rubric = _rubric(cast, user)
    period = services.period_create(
        program=cast.program,
        code="2020-2024",
        values={
            "name_en": "2020-2024",
            "start_date": datetime.date(2020, 1, 1),
            "end_date": datetime.date(2024, 12, 31),
            "criteria_set": rubric,
        },
        actor=user,
    )
    factor = services.success_factor_create(
        program=cast.program, code="trust", values={"name_en": "Trust"}, actor=user
    )
    case_type = services.case_type_create(
        program=cast.program, code="gov", values={"name_en": "Government"}, actor=user
    )
    informant = services.informant_create(
        program=cast.program,
        code="x01",
        values={"case_type": case_type, "institution": cast.partner_a},
        actor=cast.users["editor_a"],
    )
    scope = services.analysis_scope_create(
        program=cast.program,
        code="design",
        values={"name_en": "Design"},
        categories=[{"code": "fit", "name_en": "Fit"}],
        questions=[{"number": 1, "text_en": "Why?"}],
        actor=user,
    )
    lesson = services.lesson_create(
        period=period,
        values={"factor": factor, "kind": "lesson_learned", "number": 1, "text_en": "Listen."},
        actor=cast.users["editor_a"],
    )
    recommendation = services.recommendation_create(
        period=period, code="R1", values={"factor": factor, "text_en": "Keep going."}, actor=user
    )
    services.success_factor_update(factor=factor, values={"name_es": "Confianza"}, actor=user)
    services.lesson_update(lesson=lesson, values={"text_es": "Escuchar."}, actor=user)
    assert SuccessFactor.objects.get(pk=factor.pk).name_es == "Confianza"
    assert Lesson.objects.get(pk=lesson.pk).text_es == "Escuchar."
    # In use: refused, naming what refers to it.
    with pytest.raises(ValidationError):
        services.success_factor_delete(factor=factor, actor=user)
    with pytest.raises(ValidationError):
        services.criteria_set_delete(criteria_set=rubric, actor=user)
    services.recommendation_delete(recommendation=recommendation, actor=user)
    services.lesson_delete(lesson=lesson, actor=user)
    services.informant_delete(informant=informant, actor=user)
    services.analysis_scope_delete(scope=scope, actor=user)
    services.case_type_delete(case_type=case_type, actor=user)
    services.period_delete(period=period, actor=user)
    services.success_factor_delete(factor=factor, actor=user)
    services.criteria_set_delete(criteria_set=rubric, actor=user)
    for gone in (recommendation, lesson, informant, scope, case_type, factor, rubric):
        assert not type(gone).objects.filter(pk=gone.pk).exists()
    assert not SystematizationPeriod.objects.filter(code="2020-2024").exists()
    deleted = set(
        ChangeRecord.objects.filter(action__endswith=".delete").values_list("action", flat=True)
    )
    assert {
        "systematization.criteria_set.delete",
        "systematization.period.delete",
        "systematization.success_factor.delete",
        "systematization.informant.delete",
        "systematization.lesson.delete",
    } <= deleted


def test_an_editor_adds_informants_but_not_case_types(cast):
    with pytest.raises(PermissionDenied):
        services.case_type_create(
            program=cast.program, code="gov", values={"name_en": "G"}, actor=cast.users["editor_a"]
        )


# --- pages --------------------------------------------------------------------------------------


def test_the_setup_page_lists_every_kind_with_links_for_coordinators(cast, period):
    url = reverse("systematization:setup", kwargs={"code": cast.program.code})
    page = cast.client("coordinator_a").get(url)
    assert page.status_code == 200
    for key in ("criteria-sets", "periods", "success-factors", "case-types", "informants"):
        assert f'data-testid="new-{key}"' in page.content.decode()
    viewer = cast.client("viewer_a").get(url).content.decode()
    assert 'data-testid="new-criteria-sets"' not in viewer


def test_a_rubric_typed_one_criterion_per_line_is_saved_from_the_page(cast):
    url = reverse(
        "systematization:setup_create", kwargs={"code": cast.program.code, "kind": "criteria-sets"}
    )
    lines = "\n".join(f"c{i} | Criterion {i} | Criterio {i}" for i in range(1, 11))
    answer = cast.client("coordinator_a").post(
        url,
        {"code": "rubric", "name_en": "Rubric", "flagship_threshold": "7", "criteria": lines},
    )
    assert answer.status_code == 302
    rubric = CriteriaSet.objects.get(program=cast.program, code="rubric")
    assert rubric.criteria.count() == 10
    assert rubric.criteria.get(number=3).name_es == "Criterio 3"


def test_a_weighted_rubric_is_typed_with_a_weight_column_and_shown_with_its_weights(cast):
    url = reverse(
        "systematization:setup_create", kwargs={"code": cast.program.code, "kind": "criteria-sets"}
    )
    lines = "a | Alpha | Alfa | | 3\nb | Beta | Beta | required |\nc | Gamma | Gama | | 2"
    answer = cast.client("coordinator_a").post(
        url,
        {"code": "weighed", "name_en": "Weighed", "flagship_threshold": "5", "criteria": lines},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    rubric = CriteriaSet.objects.get(program=cast.program, code="weighed")
    assert list(rubric.criteria.values_list("code", "weight", "is_required")) == [
        ("a", 3, False),
        ("b", 1, True),
        ("c", 2, False),
    ]
    edit = reverse(
        "systematization:setup_update",
        kwargs={"code": cast.program.code, "kind": "criteria-sets", "pk": rubric.pk},
    )
    form = cast.client("coordinator_a").get(edit).content.decode()
    assert "a | Alpha | Alfa |  | 3" in form


def test_a_weight_that_is_not_a_number_is_refused_naming_the_criterion(cast):
    url = reverse(
        "systematization:setup_create", kwargs={"code": cast.program.code, "kind": "criteria-sets"}
    )
    answer = cast.client("coordinator_a").post(
        url,
        {"code": "bad", "name_en": "Bad", "flagship_threshold": "1", "criteria": "a | A | A | | x"},
    )
    assert answer.status_code == 400
    assert 'data-field="criteria"' in answer.content.decode()
    assert not CriteriaSet.objects.filter(code="bad").exists()


def test_the_page_shows_the_refusal_on_the_threshold_and_saves_nothing(cast):
    url = reverse(
        "systematization:setup_create", kwargs={"code": cast.program.code, "kind": "criteria-sets"}
    )
    answer = cast.client("coordinator_a").post(
        url,
        {"code": "rubric", "name_en": "Rubric", "flagship_threshold": "7", "criteria": "a | A"},
    )
    assert answer.status_code == 400
    assert 'data-field="flagship_threshold"' in answer.content.decode()
    assert not CriteriaSet.objects.filter(code="rubric").exists()


def test_an_informant_added_on_the_page_is_offered_by_the_interview_form(cast, period):
    CaseType.objects.create(program=cast.program, code="gov", name_en="Government")
    create = reverse(
        "systematization:setup_create", kwargs={"code": cast.program.code, "kind": "informants"}
    )
    case_type = CaseType.objects.get(program=cast.program, code="gov")
    answer = cast.client("editor_a").post(
        create, {"code": "n01", "case_type": case_type.pk, "institution": cast.partner_a.pk}
    )
    assert answer.status_code == 302
    form = cast.client("editor_a").get(
        reverse("systematization:interview_create", kwargs={"code": cast.program.code})
    )
    assert "n01" in form.content.decode()


def test_an_unknown_kind_is_not_found(cast):
    url = reverse(
        "systematization:setup_create", kwargs={"code": cast.program.code, "kind": "nothing"}
    )
    assert cast.client("coordinator_a").get(url).status_code == 404


# --- API ----------------------------------------------------------------------------------------


def test_the_api_creates_a_rubric_and_refuses_a_threshold_above_its_criteria(cast):
    client = cast.client("coordinator_a")
    body = {
        "program": cast.program.code,
        "code": "rubric",
        "name_en": "Rubric",
        "flagship_threshold": 11,
        "criteria": _criteria(10),
    }
    refused = client.post("/api/v1/criteria-sets/", body, content_type="application/json")
    assert refused.status_code == 400
    assert "flagship_threshold" in refused.json()
    assert not CriteriaSet.objects.filter(code="rubric").exists()
    body["flagship_threshold"] = 7
    made = client.post("/api/v1/criteria-sets/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["flagship_threshold"] == 7
    assert len(made.json()["criteria"]) == 10
    changed = client.patch(
        f"/api/v1/criteria-sets/{made.json()['id']}/",
        {"flagship_threshold": 8},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["flagship_threshold"] == 8
    assert changed["ETag"]


def test_the_api_refuses_an_editor_and_another_programs_coordinator(cast):
    body = {"program": cast.program.code, "code": "trust", "name_en": "Trust"}
    editor = cast.client("editor_a").post(
        "/api/v1/success-factors/", body, content_type="application/json"
    )
    assert editor.status_code == 403
    assert not SuccessFactor.objects.filter(code="trust").exists()


def test_the_api_writes_periods_case_types_informants_lessons_and_recommendations(cast):
    client = cast.client("coordinator_a")
    _rubric(cast, cast.users["coordinator_a"])

    def post(path, body):
        answer = client.post(path, body, content_type="application/json")
        assert answer.status_code == 201, answer.content
        return answer.json()

    code = cast.program.code
    post(
        "/api/v1/systematization-periods/",
        {
            "program": code,
            "code": "2020-2024",
            "name_en": "2020-2024",
            "start_date": "2020-01-01",
            "end_date": "2024-12-31",
            "criteria_set": "rubric",
        },
    )
    post("/api/v1/success-factors/", {"program": code, "code": "trust", "name_en": "Trust"})
    post("/api/v1/case-types/", {"program": code, "code": "gov", "name_en": "Government"})
    informant = post(
        "/api/v1/informants/",
        {"program": code, "code": "x01", "case_type": "gov", "institution": "agency_a"},
    )
    assert informant["institution"] == "agency_a"
    post(
        "/api/v1/lessons/",
        {
            "program": code,
            "period": "2020-2024",
            "factor": "trust",
            "kind": "good_practice",
            "number": 1,
            "text_en": "Listen.",
            "initiatives": [1],
        },
    )
    post(
        "/api/v1/recommendations/",
        {
            "program": code,
            "period": "2020-2024",
            "code": "R1",
            "factor": "trust",
            "text_en": "Keep going.",
        },
    )
    unknown = client.post(
        "/api/v1/informants/",
        {"program": code, "code": "x02", "case_type": "nope"},
        content_type="application/json",
    )
    assert unknown.status_code == 400
    assert "case_type" in unknown.json()


def test_setup_writes_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/programs/",
        "/api/v1/partnerships/",
        "/api/v1/institutions/",
        "/api/v1/classification-schemes/",
        "/api/v1/criteria-sets/",
        "/api/v1/systematization-periods/",
        "/api/v1/success-factors/",
        "/api/v1/case-types/",
        "/api/v1/informants/",
        "/api/v1/lessons/",
        "/api/v1/recommendations/",
    ):
        assert "post" in paths[path], path
    body = paths["/api/v1/criteria-sets/"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("CriteriaSetInputRequest")
