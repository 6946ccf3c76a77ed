import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.specialists import services
from alianza.specialists.choices import ReadChannel, RenewalDecision
from alianza.specialists.models import (
    HeadcountRecord,
    NoticeReceipt,
    PersonalDataRead,
    ServiceContract,
)
from alianza.specialists.tests.factories import NoticeFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def _contract_data(staff, **changes):
    return {
        "reference": "SC-0002",
        "specialist": staff.specialist,
        "position": staff.position,
        "holder": staff.cast.partner_b,
        "start_date": D(2020, 1, 1),
        "end_date": D(2020, 12, 31),
        "monthly_cost": Decimal("3200.00"),
        **changes,
    }


def test_a_contract_ending_before_it_starts_is_refused_and_nothing_saved(staff):
    records = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            program=staff.program,
            data=_contract_data(staff, start_date=D(2020, 6, 1), end_date=D(2020, 5, 1)),
            actor=staff.cast.users["hr_b"],
        )
    assert "SC-0002" in error.value.message_dict["end_date"][0]
    assert not ServiceContract.objects.filter(reference="SC-0002").exists()
    assert ChangeRecord.objects.count() == records


def test_overlapping_contracts_for_one_person_on_one_position_are_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            program=staff.program,
            data=_contract_data(staff, start_date=D(2019, 12, 1), end_date=D(2020, 6, 30)),
            actor=staff.cast.users["coordinator_a"],
        )
    message = error.value.message_dict["start_date"][0]
    assert "SC-0002" in message and "SC-0001" in message
    assert not ServiceContract.objects.filter(reference="SC-0002").exists()


def test_an_update_into_an_overlap_is_refused_and_the_contract_stays(staff):
    second = services.contract_create(
        program=staff.program, data=_contract_data(staff), actor=staff.cast.users["hr_b"]
    )
    with pytest.raises(ValidationError):
        services.contract_update(
            contract=second, data={"start_date": D(2019, 6, 1)}, actor=staff.cast.users["hr_b"]
        )
    second.refresh_from_db()
    assert second.start_date == D(2020, 1, 1)


def test_a_holder_outside_the_partners_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            program=staff.program,
            data=_contract_data(staff, holder=staff.cast.outsider_institution),
            actor=staff.cast.users["hr_b"],
        )
    assert "holder" in error.value.message_dict


def test_only_hr_focal_points_and_coordinators_register_contracts(staff):
    for role in ("editor_a", "viewer_a", "outsider"):
        with pytest.raises(PermissionDenied):
            services.contract_create(
                program=staff.program, data=_contract_data(staff), actor=staff.cast.users[role]
            )
    assert not ServiceContract.objects.filter(reference="SC-0002").exists()


def test_a_renewal_follows_the_contract_and_records_the_decision(staff):
    renewal = services.contract_renew(
        contract=staff.contract,
        data={
            "reference": "SC-0002",
            "start_date": D(2020, 1, 1),
            "end_date": D(2020, 12, 31),
            "monthly_cost": Decimal("3300"),
        },
        actor=staff.cast.users["hr_b"],
    )
    staff.contract.refresh_from_db()
    assert renewal.renews == staff.contract
    assert renewal.holder == staff.cast.partner_b and renewal.position == staff.position
    assert staff.contract.renewal_decision == RenewalDecision.RENEW


def test_a_renewal_starting_inside_the_contract_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.contract_renew(
            contract=staff.contract,
            data={"reference": "SC-0002", "start_date": D(2019, 12, 31), "end_date": D(2020, 3, 1)},
            actor=staff.cast.users["hr_b"],
        )
    assert "renews" in error.value.message_dict or "start_date" in error.value.message_dict
    staff.contract.refresh_from_db()
    assert staff.contract.renewal_decision == ""


def test_personal_data_changes_are_audited_without_their_values(staff):
    services.personal_data_update(
        specialist=staff.specialist,
        data={"phone": "+52 55 9999 9999"},
        actor=staff.cast.users["hr_b"],
    )
    change = ChangeRecord.objects.filter(action="specialists.personal_data.update").get()
    assert change.changed_fields == ["phone"]
    assert "9999" not in str(change.before) + str(change.after)


def test_personal_data_are_written_only_by_the_holders_hr_focal_point(staff):
    for role in ("focal_a", "coordinator_b", "superuser", "specialist"):
        with pytest.raises(PermissionDenied):
            services.personal_data_update(
                specialist=staff.specialist, data={"phone": "1"}, actor=staff.cast.users[role]
            )
    staff.personal.refresh_from_db()
    assert staff.personal.phone != "1"


def test_reading_personal_data_is_logged_and_refused_reads_are_not_served(staff):
    data = services.personal_data_read(
        specialist=staff.specialist, actor=staff.cast.users["hr_b"], channel=ReadChannel.PAGE
    )
    assert data.identity_document == "PEAA850314MDF"
    with pytest.raises(PermissionDenied):
        services.personal_data_read(
            specialist=staff.specialist,
            actor=staff.cast.users["coordinator_a"],
            channel=ReadChannel.API,
        )
    reads = list(PersonalDataRead.objects.values_list("reader__username", "channel", "institution"))
    assert reads == [("hr_b", "page", staff.cast.partner_b.pk)]


def test_headcount_upsert_refuses_a_year_without_figures_and_writes_nothing_twice(staff):
    actor = staff.cast.users["coordinator_a"]
    with pytest.raises(ValidationError) as error:
        services.headcount_upsert(program=staff.program, year=2014, data={}, actor=actor)
    assert "2014" in error.value.message_dict["headcount"][0]
    services.headcount_upsert(program=staff.program, year=2013, data={"headcount": 40}, actor=actor)
    services.headcount_upsert(program=staff.program, year=2013, data={"headcount": 40}, actor=actor)
    assert HeadcountRecord.objects.get(program=staff.program, year=2013).headcount == 40
    assert ChangeRecord.objects.filter(action__startswith="specialists.headcount").count() == 1


def test_a_specialist_reading_a_notice_leaves_one_receipt(staff):
    notice = NoticeFactory(program=staff.program)
    first = services.notice_mark_read(notice=notice, actor=staff.cast.users["specialist"])
    again = services.notice_mark_read(notice=notice, actor=staff.cast.users["specialist"])
    assert first == again
    assert services.notice_mark_read(notice=notice, actor=staff.cast.users["coordinator_a"]) is None
    assert NoticeReceipt.objects.filter(notice=notice).count() == 1


def test_questions_come_from_specialists_and_answers_from_hr(staff):
    with pytest.raises(PermissionDenied):
        services.question_ask(program=staff.program, text="?", actor=staff.cast.users["viewer_a"])
    question = services.question_ask(
        program=staff.program, text="When is the renewal?", actor=staff.cast.users["specialist"]
    )
    with pytest.raises(PermissionDenied):
        services.question_answer(question=question, answer="x", actor=staff.cast.users["editor_a"])
    with pytest.raises(ValidationError):
        services.question_answer(question=question, answer="  ", actor=staff.cast.users["hr_b"])
    services.question_answer(
        question=question, answer="In November.", actor=staff.cast.users["hr_b"]
    )
    question.refresh_from_db()
    assert question.answer == "In November." and question.answered_by == staff.cast.users["hr_b"]


def test_a_position_with_a_negative_cost_is_refused(staff):
    with pytest.raises(ValidationError) as error:
        services.position_create(
            program=staff.program,
            data={
                "code": "P-009",
                "title_en": "Analyst",
                "function_en": "Analysis",
                "host_institution": staff.cast.partner_a,
                "priority": "essential",
                "monthly_cost": Decimal("-1"),
            },
            actor=staff.cast.users["hr_b"],
        )
    assert "monthly_cost" in error.value.message_dict
    assert not staff.program.positions.filter(code="P-009").exists()


def test_a_salary_change_is_recorded_by_name_only(staff):
    services.contract_update(
        contract=staff.contract,
        data={"monthly_cost": Decimal("3456.78")},
        actor=staff.cast.users["hr_b"],
    )
    change = ChangeRecord.objects.filter(action="specialists.service_contract.update").get()
    assert change.changed_fields == ["monthly_cost"]
    assert "3456" not in str(change.before) + str(change.after)
    staff.contract.refresh_from_db()
    assert staff.contract.monthly_cost == Decimal("3456.78")


def test_care_facts_tell_coverage_without_values(staff):
    from alianza.specialists.selectors import care_facts

    inside = care_facts(staff.specialist, start=D(2019, 3, 1), end=D(2019, 3, 31))
    across = care_facts(staff.specialist, start=D(2019, 12, 20), end=D(2020, 1, 10))
    assert inside.insured and inside.emergency_contact
    assert not across.insured
    assert not PersonalDataRead.objects.exists()
