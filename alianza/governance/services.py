"""Writes to board meetings, action items and disputes; each audited in its transaction.

A dispute moves through its steps in order: both partners agree the activation criteria,
an expert or panel is appointed, gives an informed opinion, and the partners decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution, User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.core.services import assign_fields
from alianza.governance.choices import DisputeStage
from alianza.governance.models import (
    ActionItem,
    Attendance,
    BoardDecision,
    BoardMeeting,
    CriteriaAgreement,
    Dispute,
)
from alianza.programs.models import Program
from alianza.programs.permissions import can_edit_program_records, can_manage_program

MEETING_FIELDS = {
    "held_on",
    "kind",
    "location",
    "agenda_en",
    "agenda_es",
    "minutes_en",
    "minutes_es",
}
ACTION_FIELDS = {
    "meeting",
    "description_en",
    "description_es",
    "owner_institution",
    "owner",
    "due_on",
    "status",
    "completed_on",
}
DISPUTE_FIELDS = {
    "subject",
    "contract",
    "initiative",
    "title_en",
    "title_es",
    "description_en",
    "description_es",
    "opened_on",
    "criteria_en",
    "criteria_es",
}


def _partner_ids(program: Program) -> list[int]:
    return list(program.partnerships.values_list("institution_id", flat=True))


def _require_edit(actor: User, program: Program) -> None:
    if not can_edit_program_records(actor, program):
        raise PermissionDenied(
            _("You may not change the joint governance records of %(code)s.")
            % {"code": program.code}
        )


def _require_coordinator(actor: User, program: Program) -> None:
    if not can_manage_program(actor, program):
        raise PermissionDenied(
            _("Only a coordinator of a partner of %(code)s may take this step.")
            % {"code": program.code}
        )


def _acting_partner(actor: User, program: Program, institution: Institution | None, field: str):
    """The partner institution the actor acts for (administrators may name one)."""
    if institution is None or not actor.is_superuser:
        institution = actor.institution
    if institution is None or institution.pk not in _partner_ids(program):
        raise ValidationError(
            {
                field: _("Only a partner institution of %(code)s takes this step.")
                % {"code": program.code}
            }
        )
    return institution


# --- Board meetings -------------------------------------------------------------------------


def _replace_meeting_children(meeting, attendance, decisions) -> None:
    partners = set(_partner_ids(meeting.program))
    errors: dict[str, list[str]] = {}
    built_attendance, built_decisions = [], []
    for index, raw in enumerate(attendance or [], start=1):
        row = Attendance(meeting=meeting, **raw)
        try:
            row.full_clean(exclude=["meeting"])
        except ValidationError as exc:
            errors.setdefault("attendance", []).extend(f"{index}: {m}" for m in exc.messages)
            continue
        built_attendance.append(row)
    for index, raw in enumerate(decisions or [], start=1):
        row = BoardDecision(
            meeting=meeting,
            number=raw.get("number") or index,
            text_en=raw.get("text_en", ""),
            text_es=raw.get("text_es", ""),
        )
        if not (row.text_en or row.text_es):
            errors.setdefault("decisions", []).append(
                _("Decision %(n)s: write it in Spanish or English.") % {"n": index}
            )
            continue
        built_decisions.append(row)
    if attendance is not None and not partners & {a.institution_id for a in built_attendance}:
        errors.setdefault("attendance", []).append(_("Record who attended for the partners."))
    if errors:
        raise ValidationError(errors)
    if attendance is not None:
        for row in meeting.attendance.all():
            row.delete()
        for row in built_attendance:
            row.save()
    if decisions is not None:
        for row in meeting.decisions.all():
            row.delete()
        for row in built_decisions:
            row.save()


@transaction.atomic
def meeting_create(
    *,
    program: Program,
    data: Mapping[str, Any],
    actor: User,
    attendance: Sequence[Mapping[str, Any]] | None = None,
    decisions: Sequence[Mapping[str, Any]] | None = None,
) -> BoardMeeting:
    """Record a Project Board meeting with who attended for each institution and what it
    decided."""
    _require_edit(actor, program)
    meeting = BoardMeeting(program=program)
    assign_fields(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    _replace_meeting_children(meeting, attendance, decisions)
    audit.record(actor=actor, action="governance.meeting.create", obj=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: BoardMeeting,
    data: Mapping[str, Any],
    actor: User,
    attendance: Sequence[Mapping[str, Any]] | None = None,
    decisions: Sequence[Mapping[str, Any]] | None = None,
) -> BoardMeeting:
    _require_edit(actor, meeting.program)
    lock_for_update(meeting)
    before = audit.snapshot(meeting)
    assign_fields(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    _replace_meeting_children(meeting, attendance, decisions)
    audit.record(actor=actor, action="governance.meeting.update", obj=meeting, before=before)
    return meeting


# --- Action items ---------------------------------------------------------------------------


def _check_owner(item: ActionItem) -> None:
    if item.owner_institution_id and item.owner_institution_id not in _partner_ids(item.program):
        raise ValidationError(
            {"owner_institution": _("The owner institution is not a partner of the program.")}
        )


@transaction.atomic
def action_item_create(*, program: Program, data: Mapping[str, Any], actor: User) -> ActionItem:
    _require_edit(actor, program)
    item = ActionItem(program=program)
    assign_fields(item, data, ACTION_FIELDS)
    item.full_clean()
    _check_owner(item)
    audit.save_and_record(item, actor=actor, action="governance.action_item.create")
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, data: Mapping[str, Any], actor: User) -> ActionItem:
    _require_edit(actor, item.program)
    lock_for_update(item)
    before = audit.snapshot(item)
    assign_fields(item, data, ACTION_FIELDS)
    item.full_clean()
    _check_owner(item)
    audit.save_and_record(item, actor=actor, action="governance.action_item.update", before=before)
    return item


# --- Disputes -------------------------------------------------------------------------------


@transaction.atomic
def dispute_open(
    *,
    program: Program,
    data: Mapping[str, Any],
    actor: User,
    institution: Institution | None = None,
) -> Dispute:
    """Either partner opens a case and proposes the criteria that activate the mechanism;
    opening it counts as the opener's agreement to those criteria."""
    _require_edit(actor, program)
    opener = _acting_partner(actor, program, institution, "opened_by_institution")
    dispute = Dispute(program=program, opened_by_institution=opener, opened_by=actor)
    assign_fields(dispute, data, DISPUTE_FIELDS)
    dispute.number = max(program.disputes.values_list("number", flat=True), default=0) + 1
    dispute.full_clean()
    dispute.save()
    CriteriaAgreement.objects.create(
        dispute=dispute, institution=opener, agreed_by=actor, agreed_on=dispute.opened_on
    )
    audit.record(actor=actor, action="governance.dispute.open", obj=dispute)
    return dispute


def _stage(dispute: Dispute) -> str:
    return dispute.stage(_partner_ids(dispute.program))


def _require_stage(dispute: Dispute, stage: str, field: str) -> None:
    current = _stage(dispute)
    if current != stage:
        raise ValidationError(
            {
                field: _("%(record)s is at another step: %(stage)s.")
                % {"record": dispute.label, "stage": DisputeStage(current).label}
            }
        )


@transaction.atomic
def dispute_agree_criteria(
    *, dispute: Dispute, agreed_on: date, actor: User, institution: Institution | None = None
) -> CriteriaAgreement:
    """A partner's coordinator agrees the activation criteria of the case."""
    _require_coordinator(actor, dispute.program)
    partner = _acting_partner(actor, dispute.program, institution, "institution")
    lock_for_update(dispute)
    _require_stage(dispute, DisputeStage.CRITERIA, "institution")
    if partner.pk in dispute.agreed_institution_ids():
        raise ValidationError(
            {
                "institution": _("%(partner)s already agreed the criteria of %(record)s.")
                % {"partner": partner, "record": dispute.label}
            }
        )
    if agreed_on < dispute.opened_on:
        raise ValidationError(
            {"agreed_on": _("The agreement cannot come before the case was opened.")}
        )
    before = audit.snapshot(dispute)
    agreement = CriteriaAgreement(
        dispute=dispute, institution=partner, agreed_by=actor, agreed_on=agreed_on
    )
    agreement.full_clean()
    agreement.save()
    audit.record(
        actor=actor, action="governance.dispute.agree_criteria", obj=dispute, before=before
    )
    return agreement


def _step(
    dispute: Dispute,
    *,
    stage: str,
    values: Mapping[str, Any],
    actor: User,
    action: str,
    required: Sequence[str],
) -> Dispute:
    _require_coordinator(actor, dispute.program)
    first = required[0]
    lock_for_update(dispute)
    _require_stage(dispute, stage, first)
    missing = {f: _("This step needs it.") for f in required if not values.get(f)}
    if missing:
        raise ValidationError(missing)
    before = audit.snapshot(dispute)
    for key, value in values.items():
        setattr(dispute, key, value.strip() if isinstance(value, str) else value)
    audit.save_and_record(dispute, actor=actor, action=action, before=before)
    return dispute


@transaction.atomic
def dispute_appoint_expert(
    *, dispute: Dispute, expert: str, appointed_on: date, actor: User
) -> Dispute:
    return _step(
        dispute,
        stage=DisputeStage.EXPERT,
        values={"expert": expert, "expert_appointed_on": appointed_on},
        actor=actor,
        action="governance.dispute.appoint_expert",
        required=("expert", "expert_appointed_on"),
    )


@transaction.atomic
def dispute_record_opinion(
    *, dispute: Dispute, opinion_en: str = "", opinion_es: str = "", opinion_on: date, actor: User
) -> Dispute:
    if not (opinion_en or opinion_es):
        raise ValidationError({"opinion_es": _("Write the opinion in Spanish or English.")})
    return _step(
        dispute,
        stage=DisputeStage.OPINION,
        values={"opinion_en": opinion_en, "opinion_es": opinion_es, "opinion_on": opinion_on},
        actor=actor,
        action="governance.dispute.opinion",
        required=("opinion_on",),
    )


@transaction.atomic
def dispute_decide(
    *,
    dispute: Dispute,
    decision_en: str = "",
    decision_es: str = "",
    decided_on: date,
    outcome: str,
    actor: User,
) -> Dispute:
    if not (decision_en or decision_es):
        raise ValidationError({"decision_es": _("Write the decision in Spanish or English.")})
    return _step(
        dispute,
        stage=DisputeStage.DECISION,
        values={
            "decision_en": decision_en,
            "decision_es": decision_es,
            "decided_on": decided_on,
            "outcome": outcome,
        },
        actor=actor,
        action="governance.dispute.decide",
        required=("decided_on", "outcome"),
    )
