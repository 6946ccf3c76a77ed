"""Writes to board meetings, action items and disputes; each audited in its transaction.

A dispute moves through its steps in order: all partners agree the activation criteria,
an expert or panel is appointed, gives an informed opinion, and the partners decide.
`dispute_step` is that state machine, for the page and the API alike.

None of these is `durable`: pages and the API call them inside the transaction that checks
the record's version (`save_if_current`, `VersionedMixin`), and `dispute_step` nests the
step services.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from alianza.governance.permissions import can_edit_governance_records, can_take_dispute_step
from alianza.programs.models import Program
from alianza.programs.permissions import require

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
EDIT_REFUSED = gettext_lazy("You may not change the joint governance records of %(code)s.")
STEP_REFUSED = gettext_lazy("Only a coordinator of a partner of %(code)s may take this step.")


def _partner_ids(program: Program) -> list[int]:
    return list(program.partnerships.values_list("institution_id", flat=True))


def _acting_partner(
    actor: User, program: Program, institution: Institution | None, field: str
) -> Institution:
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


def _replace_meeting_children(
    meeting: BoardMeeting,
    attendance: Sequence[Mapping[str, Any]] | None,
    decisions: Sequence[Mapping[str, Any]] | None,
) -> None:
    partners = set(_partner_ids(meeting.program))
    errors: dict[str, list[str]] = {}
    built_attendance: list[Attendance] = []
    built_decisions: list[BoardDecision] = []
    for index, raw in enumerate(attendance or [], start=1):
        present = Attendance(meeting=meeting, **raw)
        try:
            present.full_clean(exclude=["meeting"])
        except ValidationError as exc:
            errors.setdefault("attendance", []).extend(f"{index}: {m}" for m in exc.messages)
            continue
        built_attendance.append(present)
    for index, raw in enumerate(decisions or [], start=1):
        decision = BoardDecision(
            meeting=meeting,
            number=raw.get("number") or index,
            text_en=raw.get("text_en", ""),
            text_es=raw.get("text_es", ""),
        )
        if not (decision.text_en or decision.text_es):
            errors.setdefault("decisions", []).append(
                _("Decision %(n)s: write it in Spanish or English.") % {"n": index}
            )
            continue
        built_decisions.append(decision)
    if attendance is not None and not partners & {a.institution_id for a in built_attendance}:
        errors.setdefault("attendance", []).append(_("Record who attended for the partners."))
    if errors:
        raise ValidationError(errors)
    if attendance is not None:
        for old_attendance in meeting.attendance.all():
            old_attendance.delete()
        for present in built_attendance:
            present.save()
    if decisions is not None:
        for old_decision in meeting.decisions.all():
            old_decision.delete()
        for decision in built_decisions:
            decision.save()


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
    require(can_edit_governance_records(actor, program), EDIT_REFUSED % {"code": program.code})
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
    require(
        can_edit_governance_records(actor, meeting.program),
        EDIT_REFUSED % {"code": meeting.program.code},
    )
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
    require(can_edit_governance_records(actor, program), EDIT_REFUSED % {"code": program.code})
    item = ActionItem(program=program)
    assign_fields(item, data, ACTION_FIELDS)
    item.full_clean()
    _check_owner(item)
    audit.save_and_record(item, actor=actor, action="governance.action_item.create")
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, data: Mapping[str, Any], actor: User) -> ActionItem:
    require(
        can_edit_governance_records(actor, item.program), EDIT_REFUSED % {"code": item.program.code}
    )
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
    """Any partner opens a case and proposes the criteria that activate the mechanism;
    opening it counts as the opener's agreement to those criteria."""
    require(can_edit_governance_records(actor, program), EDIT_REFUSED % {"code": program.code})
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
    require(
        can_take_dispute_step(actor, dispute.program), STEP_REFUSED % {"code": dispute.program.code}
    )
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
    require(
        can_take_dispute_step(actor, dispute.program), STEP_REFUSED % {"code": dispute.program.code}
    )
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


# --- The dispute's state machine ------------------------------------------------------------

#: What each step takes, named as the page's form and the API's body name it.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    DisputeStage.CRITERIA: ("agreed_on",),
    DisputeStage.EXPERT: ("expert", "appointed_on"),
    DisputeStage.OPINION: ("opinion_es", "opinion_en", "opinion_on"),
    DisputeStage.DECISION: ("decision_es", "decision_en", "decided_on", "outcome"),
}
#: Which of them the step cannot go without.
STEP_REQUIRED: dict[str, tuple[str, ...]] = {
    DisputeStage.CRITERIA: ("agreed_on",),
    DisputeStage.EXPERT: ("expert", "appointed_on"),
    DisputeStage.OPINION: ("opinion_on",),
    DisputeStage.DECISION: ("decided_on", "outcome"),
}
#: The dispute's own fields that a step's data names otherwise.
_STEP_NAMES = {"expert_appointed_on": "appointed_on"}


@transaction.atomic
def dispute_step(
    *, dispute: Dispute, data: Mapping[str, Any], actor: User, step: str | None = None
) -> Dispute:
    """Take the case's next step with `data` (`STEP_FIELDS` of that step): a partner agrees
    the criteria, then the expert is appointed, gives the opinion, and the partners decide.

    `step` is the one the caller's form was made for (None: whichever the case is at); if
    the case has moved on, nothing is saved. Errors are keyed by the step's fields: a
    missing one is refused before asking who takes the step, as the API always did.
    """
    stage = _stage(dispute)
    if stage == DisputeStage.CLOSED:
        raise ValidationError({"stage": _("The case is decided.")})
    if step is not None and step != stage:
        field = STEP_FIELDS.get(step, ("stage",))[0]
        raise ValidationError(
            {
                field: _("%(record)s is at another step: %(stage)s.")
                % {"record": dispute.label, "stage": DisputeStage(stage).label}
            }
        )
    missing = [name for name in STEP_REQUIRED[stage] if not data.get(name)]
    if missing:
        raise ValidationError({name: _("This step needs it.") for name in missing})
    try:
        _take_step(stage, dispute=dispute, data=data, actor=actor)
    except ValidationError as exc:
        raise _keyed_by_step_fields(exc) from exc
    return dispute


def _take_step(stage: str, *, dispute: Dispute, data: Mapping[str, Any], actor: User) -> None:
    if stage == DisputeStage.CRITERIA:
        dispute_agree_criteria(dispute=dispute, agreed_on=data["agreed_on"], actor=actor)
    elif stage == DisputeStage.EXPERT:
        dispute_appoint_expert(
            dispute=dispute, expert=data["expert"], appointed_on=data["appointed_on"], actor=actor
        )
    elif stage == DisputeStage.OPINION:
        dispute_record_opinion(
            dispute=dispute,
            opinion_en=data.get("opinion_en", ""),
            opinion_es=data.get("opinion_es", ""),
            opinion_on=data["opinion_on"],
            actor=actor,
        )
    else:
        dispute_decide(
            dispute=dispute,
            decision_en=data.get("decision_en", ""),
            decision_es=data.get("decision_es", ""),
            decided_on=data["decided_on"],
            outcome=data["outcome"],
            actor=actor,
        )


def _keyed_by_step_fields(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {_STEP_NAMES.get(field, field): errors for field, errors in exc.error_dict.items()}
    )
