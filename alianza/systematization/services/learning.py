"""Writes to what the systematization learns and recommends: success factors, lessons
and good practices, recommendations, the partners' management responses and the key
actions with their follow-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution, User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.core.services import add_errors
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.search import index as search_index
from alianza.systematization import permissions as perms
from alianza.systematization.choices import ActionStatus
from alianza.systematization.models import (
    ActionUpdate,
    Excerpt,
    KeyAction,
    Lesson,
    ManagementResponse,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)
from alianza.systematization.services.common import (
    bilingual,
    full_save,
    program_initiatives,
    record_change,
    set_fields,
    set_m2m,
    upsert,
)


@transaction.atomic
def success_factor_upsert(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> SuccessFactor:
    require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the success factors of %(code)s.")
        % {"code": program.code},
    )
    return upsert(
        SuccessFactor,
        {"program": program, "code": code},
        values,
        {"number", "order"} | bilingual(["name", "description", "source_note"]),
        actor=actor,
        action="systematization.success_factor",
    )


@transaction.atomic
def lesson_upsert(
    *,
    period: SystematizationPeriod,
    factor: SuccessFactor,
    kind: str,
    number: int,
    values: Mapping[str, Any],
    actor: User,
    initiatives: Sequence[Initiative | int] | None = None,
    excerpts: Sequence[Excerpt] | None = None,
) -> Lesson:
    """A lesson learned or good practice under a success factor, with what supports it."""
    program = period.program
    require(
        perms.can_edit_learning(actor, program),
        _("You may not change the lessons of %(code)s.") % {"code": program.code},
    )
    lesson = locked_first(
        Lesson.objects.filter(period=period, factor=factor, kind=kind, number=number)
    )
    before = audit.snapshot(lesson) if lesson else None
    lesson = lesson or Lesson(period=period, factor=factor, kind=kind, number=number)
    errors: dict[str, list[str]] = {}
    found = (
        program_initiatives(program, initiatives, errors, "initiatives")
        if initiatives is not None
        else None
    )
    if excerpts is not None and any(e.interview.period.program_id != program.pk for e in excerpts):
        errors["excerpts"] = [_("An excerpt is from an interview of another program.")]
    try:
        if set_fields(
            lesson, values, {"translated_fields"} | bilingual(["text", "evidence", "source_note"])
        ):
            lesson.full_clean()
    except ValidationError as exc:
        add_errors(errors, exc)
    if errors:
        raise ValidationError(errors)
    lesson.save()
    if found is not None:
        set_m2m(lesson.initiatives, found)
    if excerpts is not None:
        set_m2m(lesson.excerpts, excerpts)
    record_change(
        actor, f"systematization.lesson.{'update' if before else 'create'}", lesson, before
    )
    search_index.index_record("lesson", lesson)
    return lesson


@transaction.atomic
def recommendation_upsert(
    *, period: SystematizationPeriod, code: str, values: Mapping[str, Any], actor: User
) -> Recommendation:
    require(
        perms.can_manage_systematization(actor, period.program),
        _("Only a coordinator may change the recommendations of %(code)s.")
        % {"code": period.program.code},
    )
    recommendation = upsert(
        Recommendation,
        {"period": period, "code": code},
        values,
        {"factor", "order", "translated_fields"} | bilingual(["text", "source_note"]),
        actor=actor,
        action="systematization.recommendation",
    )
    search_index.index_record("recommendation", recommendation)
    return recommendation


@transaction.atomic
def management_response_set(
    *,
    recommendation: Recommendation,
    institution: Institution,
    response: str,
    actor: User,
    reason_en: str = "",
    reason_es: str = "",
    responded_on: date | None = None,
) -> ManagementResponse:
    """A partner's response to a recommendation: accepted, partially accepted or rejected
    (the last two with a reason). A coordinator answers for their own institution."""
    program = recommendation.period.program
    require(
        perms.can_respond_for(actor, program, institution),
        _("Only a coordinator of %(institution)s may answer for it.")
        % {"institution": institution},
    )
    row = locked_first(
        ManagementResponse.objects.filter(recommendation=recommendation, institution=institution)
    )
    before = audit.snapshot(row) if row else None
    row = row or ManagementResponse(recommendation=recommendation, institution=institution)
    values: dict[str, Any] = {"response": response, "reason_en": reason_en, "reason_es": reason_es}
    if responded_on is not None:
        values["responded_on"] = responded_on
    if set_fields(row, values, {"response", "reason_en", "reason_es", "responded_on"}):
        row.responded_by = actor if actor.pk else None
        full_save(row)
    record_change(
        actor,
        f"systematization.management_response.{'update' if before else 'create'}",
        row,
        before,
    )
    return row


ACTION_FIELDS = {"owner", "responsible_unit", "due_date"} | bilingual(["description"])


def _check_owner_and_due_date(
    values: Mapping[str, Any], errors: dict[str, list[str]], number: int
) -> None:
    for field, message in (
        ("owner", _("Key action %(number)s needs an owner.")),
        ("due_date", _("Key action %(number)s needs a due date.")),
    ):
        if field in values and not values[field]:
            errors.setdefault(field, []).append(message % {"number": number})


@transaction.atomic
def key_action_create(
    *, recommendation: Recommendation, values: Mapping[str, Any], actor: User
) -> KeyAction:
    """A key action for a recommendation; an owner and a due date are required."""
    program = recommendation.period.program
    require(
        perms.can_edit_learning(actor, program),
        _("You may not add key actions in %(code)s.") % {"code": program.code},
    )
    number = max(recommendation.actions.values_list("number", flat=True), default=0) + 1
    values = {"owner": None, "due_date": None, **values}
    errors: dict[str, list[str]] = {}
    _check_owner_and_due_date(values, errors, number)
    if errors:
        raise ValidationError(errors)
    action = KeyAction(recommendation=recommendation, number=number)
    set_fields(action, values, ACTION_FIELDS)
    full_save(action)
    record_change(actor, "systematization.key_action.create", action, None)
    return action


@transaction.atomic
def key_action_update(*, action: KeyAction, values: Mapping[str, Any], actor: User) -> KeyAction:
    program = action.recommendation.period.program
    require(
        perms.can_edit_learning(actor, program),
        _("You may not change key actions in %(code)s.") % {"code": program.code},
    )
    lock_for_update(action)
    before = audit.snapshot(action)
    errors: dict[str, list[str]] = {}
    _check_owner_and_due_date(values, errors, action.number)
    if errors:
        raise ValidationError(errors)
    if set_fields(action, values, ACTION_FIELDS):
        full_save(action)
    record_change(actor, "systematization.key_action.update", action, before)
    return action


@transaction.atomic
def key_action_follow_up(
    *,
    action: KeyAction,
    status: str,
    actor: User,
    comment_en: str = "",
    comment_es: str = "",
    on: date | None = None,
) -> ActionUpdate:
    """Record progress on a key action: its new status and a comment, kept in its history."""
    program = action.recommendation.period.program
    require(
        perms.can_edit_learning(actor, program),
        _("You may not follow up key actions in %(code)s.") % {"code": program.code},
    )
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("'%(status)s' is not a status.") % {"status": status}})
    if not (comment_en.strip() or comment_es.strip()) and status == action.status:
        raise ValidationError(
            {
                "comment_en": _("Say what changed in key action %(number)s.")
                % {"number": action.number}
            }
        )
    lock_for_update(action)
    before = audit.snapshot(action)
    action.status = status
    action.completed_on = (on or timezone.localdate()) if status == ActionStatus.COMPLETED else None
    full_save(action)
    update = ActionUpdate.objects.create(
        action=action,
        author=actor if actor.pk else None,
        status=status,
        comment_en=comment_en.strip(),
        comment_es=comment_es.strip(),
    )
    record_change(actor, "systematization.key_action.follow_up", action, before)
    return update
