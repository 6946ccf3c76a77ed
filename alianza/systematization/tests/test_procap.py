"""PROCAP's systematization as the report gives it, computed from the records."""

from collections import Counter

import pytest
from django.core.management import call_command

from alianza.audit.models import ChangeRecord
from alianza.initiatives.models import Initiative
from alianza.systematization.models import (
    AssessmentItem,
    ConsolidatedResult,
    Informant,
    Interview,
    KeyAction,
    Lesson,
    ManagementResponse,
    Nomination,
    Recommendation,
)
from alianza.systematization.querysets import annotate_initiatives

pytestmark = pytest.mark.django_db


def _counts(procap):
    return {
        r.initiative.number: r.met_count
        for r in ConsolidatedResult.objects.filter(period__program=procap)
        .with_counts()
        .select_related("initiative")
    }


def test_procap_criteria_counts_are_the_reports(procap):
    assert _counts(procap) == {8: 15, 4: 13, 5: 13, 1: 11, 13: 10, 16: 5}


def test_procap_flagships_are_gender_procid_consultation_and_virtual_training(procap):
    flagships = ConsolidatedResult.objects.filter(period__program=procap).with_counts()
    assert sorted(r.initiative.number for r in flagships if r.is_flagship) == [4, 5, 8]


def test_procap_special_mentions_are_the_mapping_and_the_decalogue_with_reasons(procap):
    mentions = ConsolidatedResult.objects.filter(period__program=procap, is_special_mention=True)
    assert {r.initiative.number for r in mentions} == {13, 16}
    reasons = {r.initiative.number: r.special_mention_reason_en for r in mentions}
    assert "most frequently mentioned" in reasons[13]
    assert "five criteria" in reasons[16]


def test_procap_uninformed_initiatives_stay_unassessed(procap):
    annotated = {
        i.number: i for i in annotate_initiatives(Initiative.objects.filter(program=procap))
    }
    unassessed = sorted(n for n, i in annotated.items() if i.criteria_met is None)
    assert unassessed == [2, 3, 6, 7, 9, 10, 11, 12, 14, 15]
    assert not any(annotated[n].flagship for n in unassessed)


def test_procap_every_criterion_value_is_marked_reconstructed_with_a_source_note(procap):
    items = AssessmentItem.objects.filter(assessment__period__program=procap)
    assert items.count() == 6 * 17
    assert not items.filter(is_reconstructed=False).exists()
    assert not items.filter(source_note_en="").exists()


def test_procap_informants_criterion_is_recorded_but_not_counted(procap):
    criteria_set = procap.criteria_sets.get()
    assert criteria_set.criteria.count() == 17
    assert criteria_set.criteria.filter(counts_toward_threshold=True).count() == 16
    assert criteria_set.flagship_threshold == 13
    assert criteria_set.balance_scheme.code == "support_dimension"
    added = criteria_set.criteria.get(number=17)
    assert AssessmentItem.objects.filter(criterion=added).count() == 6


def test_procap_13_or_more_ambiguity_is_noted_on_both_flagships_at_13(procap):
    for number in (4, 5):
        notes = set(
            AssessmentItem.objects.filter(
                assessment__initiative__program=procap, assessment__initiative__number=number
            ).values_list("source_note_en", flat=True)
        )
        assert len(notes) == 1 and "more than 13" in notes.pop()


def test_procap_24_informants_by_annex_4_case_type_without_names(procap):
    counts = Counter(
        Informant.objects.filter(program=procap).values_list("case_type__code", flat=True)
    )
    assert counts == {"a": 7, "b": 6, "c": 3, "d": 4, "f": 4}
    assert Interview.objects.filter(period__program=procap).count() == 24
    field_names = {f.name for f in Informant._meta.get_fields()}
    assert not {"name", "first_name", "last_name", "person_name"} & field_names


def test_procap_nominations_give_no_per_informant_data(procap):
    nominations = Nomination.objects.filter(period__program=procap)
    assert {n.initiative.number: n.prominence for n in nominations} == {
        13: "most_frequent",
        16: "repeated",
    }
    assert not nominations.filter(informant__isnull=False).exists()


def test_procap_recommendations_by_factor_without_management_responses(procap):
    codes = list(
        Recommendation.objects.filter(period__program=procap).values_list("code", flat=True)
    )
    assert codes == ["1a", "1b", "1c", "2a", "2b", "3a", "4a", "4b", "5a", "5b", "5c"]
    by_factor = Counter(
        Recommendation.objects.filter(period__program=procap).values_list(
            "factor__number", flat=True
        )
    )
    assert by_factor == {1: 3, 2: 2, 3: 1, 4: 2, 5: 3}
    assert not ManagementResponse.objects.exists()
    assert not KeyAction.objects.exists()


def test_procap_table_7_lessons_and_good_practices_by_factor(procap):
    lessons = Lesson.objects.filter(period__program=procap)
    counts = Counter(lessons.values_list("factor__code", "kind"))
    assert counts[("strategy", "lesson_learned")] == 3
    assert counts[("results", "good_practice")] == 3
    assert {f for f, _k in counts} == {
        "strategy",
        "cooperation",
        "steering_structure",
        "processes",
        "results",
        "learning",
    }
    flagships = lessons.get(text_en__startswith="The flagship projects had")
    assert sorted(flagships.initiatives.values_list("number", flat=True)) == [4, 5, 8]


def test_procap_loading_the_systematization_twice_changes_nothing(procap):
    before = ChangeRecord.objects.count()
    call_command("load_procap", verbosity=0)
    assert ChangeRecord.objects.count() == before


def test_procap_assessments_are_in_the_audit_trail_as_the_loader(procap):
    records = ChangeRecord.objects.filter(action="systematization.assessment.create")
    assert records.count() == 6
    assert set(records.values_list("source", flat=True)) == {"load_procap"}
