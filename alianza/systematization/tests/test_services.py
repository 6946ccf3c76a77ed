"""Writes go through the services: permission, one transaction, validation naming the field,
the audit trail; counts and flagships are computed, never typed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory
from alianza.systematization import services
from alianza.systematization.choices import ActionStatus
from alianza.systematization.models import (
    ActionUpdate,
    Assessment,
    AssessmentItem,
    ConsolidatedResult,
    Excerpt,
    Interview,
    KeyAction,
    ManagementResponse,
)
from alianza.systematization.querysets import annotate_initiatives
from alianza.systematization.tests.factories import (
    RecommendationFactory,
    code_interviews,
    systematize,
)

pytestmark = pytest.mark.django_db

MET = {"value": "met"}
NOT_MET = {"value": "not_met"}


def _assess(period, initiative, user, **items):
    return services.assessment_save(period=period, initiative=initiative, items=items, actor=user)


def _result(period, initiative):
    return ConsolidatedResult.objects.with_counts().get(period=period, initiative=initiative)


def test_assessment_of_a_criterion_outside_the_set_is_refused_naming_it(cast, period):
    with pytest.raises(ValidationError) as exc:
        _assess(period, cast.public_initiative, cast.users["editor_a"], need=MET, beauty=MET)
    assert "criterion" in exc.value.message_dict
    assert "beauty" in exc.value.message_dict["criterion"][0]
    assert not Assessment.objects.exists() and not AssessmentItem.objects.exists()


def test_assessment_with_a_bad_link_saves_nothing(cast, period):
    with pytest.raises(ValidationError) as exc:
        _assess(
            period,
            cast.public_initiative,
            cast.users["editor_a"],
            need=MET,
            impact={"value": "met", "links": "not a link"},
        )
    assert "links" in exc.value.message_dict
    assert not AssessmentItem.objects.exists() and not Assessment.objects.exists()


def test_assessment_by_a_viewer_is_refused(cast, period):
    with pytest.raises(PermissionDenied):
        _assess(period, cast.public_initiative, cast.users["viewer_a"], need=MET)


def test_an_editor_may_not_record_another_assessors_assessment(cast, period):
    with pytest.raises(PermissionDenied):
        services.assessment_save(
            period=period,
            initiative=cast.public_initiative,
            items={"need": MET},
            assessor=cast.users["editor_b"],
            actor=cast.users["editor_a"],
        )


def test_every_assessment_change_is_in_the_audit_trail(cast, period):
    editor = cast.users["editor_a"]
    assessment = _assess(period, cast.public_initiative, editor, need=MET)
    _assess(period, cast.public_initiative, editor, need=NOT_MET, impact=MET)
    _assess(period, cast.public_initiative, editor, impact=None)
    services.assessment_delete(assessment=assessment, actor=editor)
    records = ChangeRecord.objects.filter(
        object_id=str(assessment.pk), action__startswith="systematization.assessment"
    )
    assert list(records.order_by("pk").values_list("action", flat=True)) == [
        "systematization.assessment.create",
        "systematization.assessment.update",
        "systematization.assessment.update",
        "systematization.assessment.delete",
    ]
    second = records.order_by("pk")[1]
    assert second.before["items"]["need"]["value"] == "met"
    assert second.after["items"]["need"]["value"] == "not_met"
    assert set(records.values_list("actor_username", flat=True)) == {"editor_a"}


def test_saving_the_same_assessment_again_writes_no_audit_record(cast, period):
    _assess(period, cast.public_initiative, cast.users["editor_a"], need=MET)
    before = ChangeRecord.objects.count()
    _assess(period, cast.public_initiative, cast.users["editor_a"], need=MET)
    assert ChangeRecord.objects.count() == before


def test_consolidation_takes_the_agreement_and_leaves_disagreements_to_settle(cast, period):
    initiative = cast.public_initiative
    _assess(period, initiative, cast.users["editor_a"], need=MET, impact=MET, reach=MET)
    _assess(period, initiative, cast.users["editor_b"], need=MET, impact=NOT_MET, reach=MET)
    services.consolidated_result_create(
        period=period, initiative=initiative, actor=cast.users["coordinator_a"]
    )
    result = _result(period, initiative)
    assert (result.met_count, result.pending_count, result.is_flagship) == (2, 1, True)


def test_a_coordinators_settlement_changes_the_computed_count_and_is_audited(cast, period):
    initiative = cast.public_initiative
    _assess(period, initiative, cast.users["editor_a"], need=MET, impact=MET)
    _assess(period, initiative, cast.users["editor_b"], need=NOT_MET, impact=MET)
    result = services.consolidated_result_create(
        period=period, initiative=initiative, actor=cast.users["coordinator_a"]
    )
    assert _result(period, initiative).met_count == 1
    services.consolidated_value_settle(
        result=result,
        criterion="need",
        value="met",
        reason_en="The report shows it.",
        actor=cast.users["coordinator_b"],
    )
    assert (_result(period, initiative).met_count, _result(period, initiative).pending_count) == (
        2,
        0,
    )
    assert ChangeRecord.objects.filter(
        action="systematization.consolidated_result.settle", object_id=str(result.pk)
    ).exists()


def test_settling_without_a_reason_is_refused(cast, period):
    _assess(period, cast.public_initiative, cast.users["editor_a"], need=MET)
    result = services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=cast.users["coordinator_a"]
    )
    with pytest.raises(ValidationError) as exc:
        services.consolidated_value_settle(
            result=result, criterion="need", value="not_met", actor=cast.users["coordinator_a"]
        )
    assert "reason_en" in exc.value.message_dict
    assert _result(period, cast.public_initiative).met_count == 1


def test_an_assessment_change_after_consolidation_updates_the_agreed_values(cast, period):
    initiative = cast.public_initiative
    _assess(period, initiative, cast.users["editor_a"], need=MET)
    services.consolidated_result_create(
        period=period, initiative=initiative, actor=cast.users["coordinator_a"]
    )
    _assess(period, initiative, cast.users["editor_a"], need=MET, impact=MET)
    assert _result(period, initiative).met_count == 2
    assert ChangeRecord.objects.filter(action="systematization.consolidated_result.sync").exists()


def test_a_second_consolidated_result_for_the_same_initiative_and_period_is_refused(cast, period):
    coordinator = cast.users["coordinator_a"]
    services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=coordinator
    )
    with pytest.raises(ValidationError) as exc:
        services.consolidated_result_create(
            period=period, initiative=cast.public_initiative, actor=coordinator
        )
    assert "initiative" in exc.value.message_dict
    assert ConsolidatedResult.objects.filter(initiative=cast.public_initiative).count() == 1


def test_only_coordinators_consolidate(cast, period):
    with pytest.raises(PermissionDenied):
        services.consolidated_result_create(
            period=period, initiative=cast.public_initiative, actor=cast.users["editor_a"]
        )


def test_a_special_mention_needs_a_reason(cast, period):
    result = services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=cast.users["coordinator_a"]
    )
    with pytest.raises(ValidationError) as exc:
        services.consolidated_result_update(
            result=result, values={"is_special_mention": True}, actor=cast.users["coordinator_a"]
        )
    assert "special_mention_reason_en" in exc.value.message_dict
    result.refresh_from_db()
    assert not result.is_special_mention


def test_criteria_that_do_not_count_are_recorded_but_not_counted(cast, period):
    _assess(period, cast.public_initiative, cast.users["editor_a"], need=MET, extra=MET)
    services.consolidated_result_create(
        period=period, initiative=cast.public_initiative, actor=cast.users["coordinator_a"]
    )
    result = _result(period, cast.public_initiative)
    assert (result.met_count, result.counting_total, result.is_flagship) == (1, 3, False)


def test_a_second_program_with_its_own_set_and_rule_needs_no_code_change(cast):
    program = ProgramFactory(code="OTHER", is_public=True)
    PartnershipFactory(program=program, institution=cast.partner_a)
    other = systematize(program, threshold=2, codes=("a", "b", "c", "d"), required=("d",))
    strong = InitiativeFactory(program=program, number=1)
    weak = InitiativeFactory(program=program, number=2)
    editor, coordinator = cast.users["editor_a"], cast.users["coordinator_a"]
    _assess(other, strong, editor, a=MET, d=MET)
    _assess(other, weak, editor, a=MET, b=MET, c=MET, d=NOT_MET)
    for initiative in (strong, weak):
        services.consolidated_result_create(period=other, initiative=initiative, actor=coordinator)
    annotated = {
        i.number: (i.criteria_met, i.flagship)
        for i in annotate_initiatives(program.initiatives.all())
    }
    assert annotated == {1: (2, True), 2: (3, False)}  # 2 requires criterion d


def test_a_criteria_set_threshold_above_its_counting_criteria_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.criteria_set_upsert(
            program=cast.program,
            code="too_high",
            values={"name_en": "x", "flagship_threshold": 5},
            criteria=[{"code": "a", "number": 1, "name_en": "A"}],
            actor=cast.users["coordinator_a"],
        )
    assert "flagship_threshold" in exc.value.message_dict
    assert not cast.program.criteria_sets.filter(code="too_high").exists()


def test_weighted_criteria_make_the_flagship_rule_a_score(cast):
    """A program that weighs its criteria: 'impact' counts 3, the others 1, flagship at 4.
    Two criteria met can make a flagship, three can fall short; the count stays a count."""
    program = ProgramFactory(code="WEIGHED", is_public=True)
    PartnershipFactory(program=program, institution=cast.partner_a)
    coordinator, editor = cast.users["coordinator_a"], cast.users["editor_a"]
    criteria_set = services.criteria_set_upsert(
        program=program,
        code="weighted",
        values={"name_en": "Weighted rubric", "flagship_threshold": 4},
        criteria=[
            {"code": "need", "number": 1, "name_en": "Need"},
            {"code": "impact", "number": 2, "name_en": "Impact", "weight": 3},
            {"code": "reach", "number": 3, "name_en": "Reach"},
            {"code": "cost", "number": 4, "name_en": "Cost"},
        ],
        actor=coordinator,
    )
    record = ChangeRecord.objects.filter(action="systematization.criteria_set.create").last()
    assert [c["weight"] for c in record.after["criteria"]] == [1, 3, 1, 1]
    period = services.period_upsert(
        program=program,
        code="p1",
        values={
            "name_en": "Period",
            "start_date": datetime.date(2020, 1, 1),
            "end_date": datetime.date(2021, 12, 31),
            "criteria_set": criteria_set,
        },
        actor=coordinator,
    )
    weighty = InitiativeFactory(program=program, number=1)
    broad = InitiativeFactory(program=program, number=2)
    _assess(period, weighty, editor, need=MET, impact=MET)
    _assess(period, broad, editor, need=MET, reach=MET, cost=MET, impact=NOT_MET)
    for initiative in (weighty, broad):
        services.consolidated_result_create(period=period, initiative=initiative, actor=coordinator)
    results = {
        r.initiative.number: (r.met_count, r.met_score, r.is_flagship)
        for r in ConsolidatedResult.objects.filter(period=period).with_counts()
    }
    assert results == {1: (2, 4, True), 2: (3, 3, False)}


def test_a_threshold_above_what_the_weights_reach_is_refused_naming_the_field(cast):
    with pytest.raises(ValidationError) as exc:
        services.criteria_set_upsert(
            program=cast.program,
            code="weighted",
            values={"name_en": "x", "flagship_threshold": 6},
            criteria=[
                {"code": "a", "number": 1, "name_en": "A", "weight": 2},
                {"code": "b", "number": 2, "name_en": "B", "weight": 3},
            ],
            actor=cast.users["coordinator_a"],
        )
    assert "(5)" in exc.value.message_dict["flagship_threshold"][0]
    assert not cast.program.criteria_sets.filter(code="weighted").exists()


def test_a_weight_of_zero_is_refused_on_the_criteria(cast):
    with pytest.raises(ValidationError) as exc:
        services.criteria_set_upsert(
            program=cast.program,
            code="zero",
            values={"name_en": "x", "flagship_threshold": 1},
            criteria=[{"code": "a", "number": 1, "name_en": "A", "weight": 0}],
            actor=cast.users["coordinator_a"],
        )
    assert exc.value.message_dict["criteria"][0].startswith("a: ")
    assert not cast.program.criteria_sets.filter(code="zero").exists()


def test_a_key_action_without_owner_or_due_date_is_refused(cast, period):
    recommendation = RecommendationFactory(period=period)
    with pytest.raises(ValidationError) as exc:
        services.key_action_create(
            recommendation=recommendation,
            values={"description_en": "Do it"},
            actor=cast.users["editor_a"],
        )
    assert set(exc.value.message_dict) == {"owner", "due_date"}
    assert not KeyAction.objects.exists()


def test_a_key_action_owner_must_be_a_partner(cast, period):
    recommendation = RecommendationFactory(period=period)
    with pytest.raises(ValidationError) as exc:
        services.key_action_create(
            recommendation=recommendation,
            values={
                "description_en": "Do it",
                "owner": cast.outsider_institution,
                "due_date": datetime.date(2030, 1, 1),
            },
            actor=cast.users["editor_a"],
        )
    assert "owner" in exc.value.message_dict


def test_follow_up_keeps_a_history_and_completing_closes_the_overdue_action(cast, period):
    recommendation = RecommendationFactory(period=period)
    action = services.key_action_create(
        recommendation=recommendation,
        values={
            "description_en": "Do it",
            "owner": cast.partner_a,
            "due_date": datetime.date(2020, 1, 1),
        },
        actor=cast.users["editor_a"],
    )
    assert list(KeyAction.objects.overdue()) == [action]
    services.key_action_follow_up(
        action=action,
        status=ActionStatus.INITIATED,
        comment_en="Started",
        actor=cast.users["editor_a"],
    )
    services.key_action_follow_up(
        action=action,
        status=ActionStatus.COMPLETED,
        comment_en="Done",
        actor=cast.users["editor_b"],
    )
    assert list(ActionUpdate.objects.filter(action=action).values_list("status", flat=True)) == [
        "initiated",
        "completed",
    ]
    assert not KeyAction.objects.overdue().exists()
    assert ChangeRecord.objects.filter(action="systematization.key_action.follow_up").count() == 2


def test_a_coordinator_responds_for_their_own_institution_only(cast, period):
    recommendation = RecommendationFactory(period=period)
    with pytest.raises(PermissionDenied):
        services.management_response_set(
            recommendation=recommendation,
            institution=cast.partner_b,
            response="accepted",
            actor=cast.users["coordinator_a"],
        )
    services.management_response_set(
        recommendation=recommendation,
        institution=cast.partner_a,
        response="accepted",
        actor=cast.users["coordinator_a"],
    )
    assert ManagementResponse.objects.get().institution == cast.partner_a


def test_a_rejection_needs_a_reason(cast, period):
    recommendation = RecommendationFactory(period=period)
    with pytest.raises(ValidationError) as exc:
        services.management_response_set(
            recommendation=recommendation,
            institution=cast.partner_a,
            response="rejected",
            actor=cast.users["coordinator_a"],
        )
    assert "reason_en" in exc.value.message_dict
    assert not ManagementResponse.objects.exists()


def _interview(cast, period):
    from alianza.systematization.models import AnalysisCategory

    coordinator = cast.users["coordinator_a"]
    case = services.case_type_upsert(
        program=cast.program, code="a", values={"name_en": "Leaders"}, actor=coordinator
    )
    informant = services.informant_upsert(
        program=cast.program,
        code="i01",
        values={"case_type": case, "institution": cast.partner_a},
        actor=coordinator,
    )
    scope = services.analysis_scope_upsert(
        program=cast.program,
        code="strategy",
        values={"name_en": "Strategy"},
        categories=[{"code": "incentives", "name_en": "Incentives"}],
        questions=[{"number": 1, "text_en": "What was the need?"}],
        actor=coordinator,
    )
    interview = services.interview_upsert(
        period=period, number=1, values={"informant": informant}, actor=coordinator
    )
    return interview, AnalysisCategory.objects.get(scope=scope)


def test_a_coded_excerpt_supports_an_assessment_and_names_its_links(cast, period):
    interview, category = _interview(cast, period)
    factor = services.success_factor_upsert(
        program=cast.program,
        code="strategy",
        values={"name_en": "Strategy"},
        actor=cast.users["coordinator_a"],
    )
    excerpt = services.excerpt_save(
        interview=interview,
        values={"text_en": "It was badly needed."},
        categories=[category],
        initiatives=[1],
        factors=[factor],
        actor=cast.users["editor_a"],
    )
    assessment = services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met", "excerpts": [excerpt.pk]}},
        actor=cast.users["editor_b"],
    )
    item = assessment.items.get()
    assert list(item.excerpts.all()) == [excerpt]
    assert list(excerpt.initiatives.values_list("number", flat=True)) == [1]
    record = ChangeRecord.objects.filter(action="systematization.excerpt.create").get()
    assert record.after["categories"] == ["incentives"]


def test_an_excerpt_about_an_initiative_of_another_program_is_refused(cast, period):
    interview, _category = _interview(cast, period)
    with pytest.raises(ValidationError) as exc:
        services.excerpt_save(
            interview=interview,
            values={"text_en": "x"},
            initiatives=[99],
            actor=cast.users["editor_a"],
        )
    assert "initiatives" in exc.value.message_dict
    assert not interview.excerpts.exists()


# --- interviews and coded excerpts ----------------------------------------------------------


def test_a_new_interview_takes_the_periods_next_number_and_is_audited(cast, period):
    coded = code_interviews(cast, period)
    assert [i.number for i in coded.interviews] == [1, 2]
    third = services.interview_create(
        period=period, values={"informant": coded.informants["i01"]}, actor=cast.users["editor_b"]
    )
    assert third.number == 3
    record = ChangeRecord.objects.get(
        action="systematization.interview.create", object_id=str(third.pk)
    )
    assert record.actor_username == "editor_b"
    assert record.after["informant_id"] == coded.informants["i01"].pk


def test_a_new_interview_with_a_number_in_use_is_refused_not_overwritten(cast, period):
    coded = code_interviews(cast, period)
    with pytest.raises(ValidationError) as exc:
        services.interview_create(
            period=period,
            number=2,
            values={"informant": coded.informants["i01"]},
            actor=cast.users["editor_a"],
        )
    assert list(exc.value.message_dict) == ["number"]
    assert "2" in exc.value.message_dict["number"][0]
    assert Interview.objects.filter(period=period).count() == 2
    assert Interview.objects.get(period=period, number=2).informant.code == "i02"


def test_a_viewer_may_not_record_an_interview(cast, period):
    coded = code_interviews(cast, period)
    with pytest.raises(PermissionDenied):
        services.interview_create(
            period=period,
            values={"informant": coded.informants["i01"]},
            actor=cast.users["viewer_a"],
        )
    assert Interview.objects.filter(period=period).count() == 2


def test_an_interview_with_an_informant_of_another_program_is_refused(cast, period):
    coded = code_interviews(cast, period)
    other = ProgramFactory(code="OTHER")
    PartnershipFactory(program=other, institution=cast.partner_a)
    other_period = systematize(other)
    with pytest.raises(ValidationError) as exc:
        services.interview_create(
            period=other_period,
            values={"informant": coded.informants["i01"]},
            actor=cast.users["editor_a"],
        )
    assert "informant" in exc.value.message_dict
    assert not other_period.interviews.exists()


def test_an_excerpt_coded_to_a_category_of_another_program_is_refused(cast, period):
    coded = code_interviews(cast, period)
    other = ProgramFactory(code="OTHER")
    PartnershipFactory(program=other, institution=cast.partner_a)
    scope = services.analysis_scope_upsert(
        program=other,
        code="elsewhere",
        values={"name_en": "Elsewhere"},
        categories=[{"code": "foreign", "name_en": "Foreign"}],
        questions=[],
        actor=cast.users["coordinator_a"],
    )
    with pytest.raises(ValidationError) as exc:
        services.excerpt_save(
            interview=coded.interviews[0],
            excerpt=coded.first,
            values={"text_en": "Changed"},
            categories=[scope.categories.get()],
            actor=cast.users["editor_a"],
        )
    assert list(exc.value.message_dict) == ["categories"]
    coded.first.refresh_from_db()
    assert coded.first.text_en == "The agency wanted its own staff trained."
    assert [c.code for c in coded.first.categories.all()] == ["incentives"]


def test_an_excerpt_change_leaves_the_code_lists_not_given_as_they_are(cast, period):
    coded = code_interviews(cast, period)
    services.excerpt_save(
        interview=coded.interviews[0],
        excerpt=coded.first,
        values={"text_es": "La agencia quería formar a su personal."},
        actor=cast.users["editor_b"],
    )
    excerpt = Excerpt.objects.get(pk=coded.first.pk)
    assert excerpt.text_es.startswith("La agencia")
    assert [c.code for c in excerpt.categories.all()] == ["incentives"]
    assert [i.number for i in excerpt.initiatives.all()] == [1]
    assert [f.code for f in excerpt.factors.all()] == ["strategy"]
    record = ChangeRecord.objects.filter(action="systematization.excerpt.update").get()
    assert record.changed_fields == ["text_es"]


def test_an_excerpt_stays_with_its_interview(cast, period):
    coded = code_interviews(cast, period)
    with pytest.raises(ValidationError) as exc:
        services.excerpt_save(
            interview=coded.interviews[1],
            excerpt=coded.first,
            values={},
            actor=cast.users["editor_a"],
        )
    assert "interview" in exc.value.message_dict
    assert Excerpt.objects.get(pk=coded.first.pk).interview == coded.interviews[0]


def test_an_excerpt_cited_as_evidence_is_not_deleted_and_says_where(cast, period):
    coded = code_interviews(cast, period)
    services.assessment_save(
        period=period,
        initiative=cast.public_initiative,
        items={"need": {"value": "met", "excerpts": [coded.first.pk]}},
        actor=cast.users["editor_a"],
    )
    services.lesson_upsert(
        period=period,
        factor=coded.factor,
        kind="lesson_learned",
        number=1,
        values={"text_en": "Train your own staff."},
        excerpts=[coded.first],
        actor=cast.users["editor_a"],
    )
    with pytest.raises(ValidationError) as exc:
        services.excerpt_delete(excerpt=coded.first, actor=cast.users["editor_a"])
    message = exc.value.messages[0]
    assert "#1 (need)" in message and "strategy lesson_learned 1" in message
    assert Excerpt.objects.filter(pk=coded.first.pk).exists()
    assert not ChangeRecord.objects.filter(action="systematization.excerpt.delete").exists()


def test_an_uncited_excerpt_is_deleted_and_its_last_state_kept_in_the_trail(cast, period):
    coded = code_interviews(cast, period)
    pk = coded.second.pk
    services.excerpt_delete(excerpt=coded.second, actor=cast.users["editor_a"])
    assert not Excerpt.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.get(action="systematization.excerpt.delete", object_id=str(pk))
    assert record.operation == "delete" and record.actor_username == "editor_a"
    assert record.before["text_en"] == "UNDP brought procurement know-how."
    assert record.before["categories"] == ["added_value"] and record.before["initiatives"] == [2]
    assert record.program_id == cast.program.pk


def test_a_viewer_may_not_delete_an_excerpt(cast, period):
    coded = code_interviews(cast, period)
    with pytest.raises(PermissionDenied):
        services.excerpt_delete(excerpt=coded.second, actor=cast.users["viewer_b"])
    assert Excerpt.objects.filter(pk=coded.second.pk).exists()
