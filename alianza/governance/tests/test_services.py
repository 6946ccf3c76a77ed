"""Disputes go through their steps in order, agreed by both partners; board meetings keep
their attendance by institution."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.contracts.tests.factories import ContractFactory
from alianza.governance import services
from alianza.governance.choices import DisputeStage
from alianza.governance.models import BoardMeeting, Dispute

pytestmark = pytest.mark.django_db
D = datetime.date


def open_case(cast, actor="editor_a"):
    contract = ContractFactory(program=cast.program)
    return services.dispute_open(
        program=cast.program,
        data={
            "subject": "consultancy_quality",
            "contract": contract,
            "title_es": "Calidad del informe",
            "opened_on": D(2019, 5, 2),
            "criteria_es": "Dos devoluciones sin corrección.",
        },
        actor=cast.users[actor],
    )


def partners(cast):
    return [cast.partner_a.pk, cast.partner_b.pk]


def test_either_partner_opens_a_case_and_agrees_its_own_criteria(cast):
    dispute = open_case(cast, actor="editor_b")
    assert dispute.opened_by_institution == cast.partner_b
    assert dispute.stage(partners(cast)) == DisputeStage.CRITERIA
    assert dispute.waiting_for(partners(cast)) == [cast.partner_a.pk]


def test_a_case_on_quality_must_name_the_contract(cast):
    with pytest.raises(ValidationError) as refused:
        services.dispute_open(
            program=cast.program,
            data={
                "subject": "consultancy_quality",
                "title_es": "x",
                "opened_on": D(2019, 5, 2),
                "criteria_es": "y",
            },
            actor=cast.users["editor_a"],
        )
    assert "contract" in refused.value.message_dict
    assert not Dispute.objects.exists()


def test_the_expert_waits_for_both_partners_criteria(cast):
    dispute = open_case(cast)
    with pytest.raises(ValidationError) as refused:
        services.dispute_appoint_expert(
            dispute=dispute,
            expert="Panel",
            appointed_on=D(2019, 6, 1),
            actor=cast.users["coordinator_a"],
        )
    assert "expert" in refused.value.message_dict


def test_a_case_runs_from_criteria_to_decision(cast):
    dispute = open_case(cast)
    services.dispute_agree_criteria(
        dispute=dispute, agreed_on=D(2019, 5, 10), actor=cast.users["coordinator_b"]
    )
    services.dispute_appoint_expert(
        dispute=dispute,
        expert="Dra. Pérez",
        appointed_on=D(2019, 5, 20),
        actor=cast.users["coordinator_a"],
    )
    services.dispute_record_opinion(
        dispute=dispute,
        opinion_es="Corregir la sección 3.",
        opinion_on=D(2019, 6, 15),
        actor=cast.users["coordinator_b"],
    )
    services.dispute_decide(
        dispute=dispute,
        decision_es="Se pide corrección.",
        decided_on=D(2019, 6, 20),
        outcome="remedy",
        actor=cast.users["coordinator_a"],
    )
    dispute.refresh_from_db()
    assert dispute.stage(partners(cast)) == DisputeStage.CLOSED and not dispute.is_open


def test_only_coordinators_agree_the_criteria(cast):
    dispute = open_case(cast)
    with pytest.raises(PermissionDenied):
        services.dispute_agree_criteria(
            dispute=dispute, agreed_on=D(2019, 5, 10), actor=cast.users["editor_b"]
        )


def test_a_meeting_keeps_attendance_by_institution_and_its_decisions(cast):
    meeting = services.meeting_create(
        program=cast.program,
        data={"held_on": D(2019, 2, 1), "agenda_es": "1. Plan anual"},
        attendance=[
            {"institution": cast.partner_a, "person_name": "Ana", "role": "Directora"},
            {"institution": cast.partner_b, "person_name": "Luis", "role": ""},
        ],
        decisions=[{"text_es": "Aprobar el plan"}],
        actor=cast.users["editor_a"],
    )
    assert sorted(a.institution.code for a in meeting.attendance.all()) == ["agency_a", "undp_b"]
    assert meeting.decisions.get().number == 1


def test_a_meeting_without_agenda_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            program=cast.program, data={"held_on": D(2019, 2, 1)}, actor=cast.users["editor_a"]
        )
    assert "agenda_es" in refused.value.message_dict
    assert not BoardMeeting.objects.exists()


def test_an_action_owner_must_belong_to_a_partner(cast):
    with pytest.raises(ValidationError) as refused:
        services.action_item_create(
            program=cast.program,
            data={
                "description_es": "Enviar",
                "owner_institution": cast.outsider_institution,
                "due_on": D(2019, 3, 1),
            },
            actor=cast.users["editor_a"],
        )
    assert "owner_institution" in refused.value.message_dict
