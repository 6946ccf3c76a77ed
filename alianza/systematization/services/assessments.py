"""Writes to the assessments of initiatives and their consolidation: each assessor's
verdicts, the consolidated result that follows their agreement, and the values a
coordinator settles."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.initiatives.models import Initiative
from alianza.programs.permissions import require
from alianza.systematization import permissions as perms
from alianza.systematization.choices import CriterionValue, ValueOrigin
from alianza.systematization.models import (
    Assessment,
    AssessmentItem,
    ConsolidatedResult,
    ConsolidatedValue,
    Criterion,
    Excerpt,
    SystematizationPeriod,
)
from alianza.systematization.services.common import (
    bilingual,
    criteria_by_code,
    initiative_label,
    record_change,
    set_fields,
    set_m2m,
)

ITEM_FIELDS = {"value", "links", "is_reconstructed", "translated_fields"} | bilingual(
    ["evidence", "source_note"]
)
ASSESSMENT_FIELDS = bilingual(["notes", "source_note"])


@transaction.atomic
def assessment_save(
    *,
    period: SystematizationPeriod,
    initiative: Initiative,
    items: Mapping[str, Mapping[str, Any] | None],
    actor: User,
    assessor: User | None = None,
    assessor_label: str = "",
    values: Mapping[str, Any] | None = None,
) -> Assessment:
    """Create or change one assessor's assessment of an initiative in a period.

    `items` maps criterion codes to {value, evidence_en, evidence_es, links, excerpts,
    is_reconstructed, source_note_en, source_note_es}; None (or an empty value) removes the
    verdict. Criteria not given are left as they are. A criterion that is not in the
    period's set is refused, naming it. Editing roles assess as themselves; an assessment
    for another user or for a team (no user) is a coordinator's.
    """
    program = period.program
    require(
        perms.can_assess(actor, program),
        _("You may not assess the initiatives of %(code)s.") % {"code": program.code},
    )
    if assessor is None and not assessor_label:
        assessor = actor if actor.is_authenticated and actor.pk else None
    own = assessor is not None and assessor.pk == actor.pk
    require(
        own or perms.can_consolidate(actor, program),
        _("Only a coordinator may record another assessor's assessment."),
    )
    label = assessor_label or (assessor.get_full_name() or assessor.username if assessor else "")
    errors: dict[str, list[str]] = {}
    if initiative.program_id != program.pk:
        errors["initiative"] = [
            _("%(who)s is not an initiative of the period's program.")
            % {"who": initiative_label(initiative)}
        ]
    if not label:
        errors["assessor_label"] = [_("Say who assessed.")]
    criteria = criteria_by_code(period)
    unknown = sorted(code for code in items if code not in criteria)
    for code in unknown:
        errors.setdefault("criterion", []).append(
            _(
                "'%(criterion)s' is not a criterion of the set '%(set)s' that period "
                "%(period)s uses (assessment of %(who)s)."
            )
            % {
                "criterion": code,
                "set": period.criteria_set.code,
                "period": period.code,
                "who": initiative_label(initiative),
            }
        )
    if errors:
        raise ValidationError(errors)

    lookup = (
        {"assessor": assessor}
        if assessor is not None
        else {"assessor__isnull": True, "assessor_label": label}
    )
    assessment = locked_first(
        Assessment.objects.filter(period=period, initiative=initiative, **lookup)
    )
    before = audit.snapshot(assessment) if assessment else None
    if assessment is None:
        assessment = Assessment(
            period=period, initiative=initiative, assessor=assessor, assessor_label=label
        )
    try:
        if set_fields(
            assessment,
            {**(values or {}), "assessor_label": label},
            ASSESSMENT_FIELDS | {"assessor_label"},
        ):
            assessment.full_clean()
            assessment.save()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict)

    existing = {i.criterion.code: i for i in assessment.items.select_related("criterion")}
    for code, raw in items.items():
        item = existing.get(code)
        if raw is None or not raw.get("value"):
            if item is not None:
                item.delete()
            continue
        raw = dict(raw)
        excerpts = raw.pop("excerpts", None)
        if item is None:
            item = AssessmentItem(assessment=assessment, criterion=criteria[code])
        try:
            if set_fields(item, raw, ITEM_FIELDS):
                item.full_clean(exclude=["assessment"])
                item.save()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(
                    f"{criteria[code].code}: {message}" for message in messages
                )
            continue
        if excerpts is not None:
            allowed = Excerpt.objects.filter(interview__period__program=program)
            found = list(allowed.filter(pk__in=[getattr(e, "pk", e) for e in excerpts]))
            if len(found) != len({getattr(e, "pk", e) for e in excerpts}):
                errors.setdefault("excerpts", []).append(
                    _("%(criterion)s: an excerpt is not from an interview of %(program)s.")
                    % {"criterion": code, "program": program.code}
                )
                continue
            set_m2m(item.excerpts, found)
    if errors:
        raise ValidationError(errors)
    record_change(
        actor,
        f"systematization.assessment.{'update' if before else 'create'}",
        assessment,
        before,
    )
    resync_result(period, initiative, actor=actor)
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: Assessment, actor: User) -> None:
    program = assessment.period.program
    own = assessment.assessor_id is not None and assessment.assessor_id == actor.pk
    require(
        (own and perms.can_assess(actor, program)) or perms.can_consolidate(actor, program),
        _("Only the assessor or a coordinator may delete an assessment."),
    )
    lock_for_update(assessment)
    before = audit.snapshot(assessment)
    period, initiative = assessment.period, assessment.initiative
    for item in assessment.items.all():
        item.delete()
    audit.delete_and_record(
        assessment, actor=actor, action="systematization.assessment.delete", before=before
    )
    resync_result(period, initiative, actor=actor)


# --- consolidation ----------------------------------------------------------------------------


def agreement(period: SystematizationPeriod, initiative: Initiative) -> dict[int, str | None]:
    """{criterion id: the value all assessors give, or None when they disagree}; criteria
    no assessor scored are absent."""
    verdicts: dict[int, set[str]] = {}
    for criterion_id, value in AssessmentItem.objects.filter(
        assessment__period=period, assessment__initiative=initiative
    ).values_list("criterion_id", "value"):
        verdicts.setdefault(criterion_id, set()).add(value)
    return {cid: (next(iter(v)) if len(v) == 1 else None) for cid, v in verdicts.items()}


def bring_to_agreement(result: ConsolidatedResult) -> bool:
    """Bring the values that come from agreement in line with the assessments; settled
    values stay. True when anything changed."""
    wanted = agreement(result.period, result.initiative)
    changed = False
    current = {v.criterion_id: v for v in result.values.all()}
    for criterion_id, row in current.items():
        if row.origin == ValueOrigin.SETTLED:
            continue
        if criterion_id not in wanted:
            row.delete()
            changed = True
        elif row.value != wanted[criterion_id]:
            row.value = wanted[criterion_id]
            row.save(update_fields=["value"])
            changed = True
    for criterion_id, value in wanted.items():
        if criterion_id not in current:
            ConsolidatedValue.objects.create(
                result=result, criterion_id=criterion_id, value=value, origin=ValueOrigin.AGREEMENT
            )
            changed = True
    return changed


def resync_result(period: SystematizationPeriod, initiative: Initiative, *, actor: User) -> None:
    """Bring an existing consolidated result in line with the assessments just changed."""
    result = ConsolidatedResult.objects.filter(period=period, initiative=initiative).first()
    if result is None:
        return
    lock_for_update(result)
    before = audit.snapshot(result)
    if bring_to_agreement(result):
        record_change(actor, "systematization.consolidated_result.sync", result, before)


RESULT_FIELDS = {"is_special_mention"} | bilingual(
    ["special_mention_reason", "notes", "source_note"]
)


@transaction.atomic
def consolidated_result_create(
    *,
    period: SystematizationPeriod,
    initiative: Initiative,
    actor: User,
    values: Mapping[str, Any] | None = None,
) -> ConsolidatedResult:
    """Consolidate the assessments of an initiative in a period. One result per initiative
    and period: a second one is refused."""
    program = period.program
    require(
        perms.can_consolidate(actor, program),
        _("Only a coordinator may consolidate the assessments of %(code)s.")
        % {"code": program.code},
    )
    if initiative.program_id != program.pk:
        raise ValidationError(
            {
                "initiative": _("%(who)s is not an initiative of the period's program.")
                % {"who": initiative_label(initiative)}
            }
        )
    if ConsolidatedResult.objects.filter(period=period, initiative=initiative).exists():
        raise ValidationError(
            {
                "initiative": _(
                    "%(who)s already has a consolidated result in period %(period)s; change "
                    "that one instead."
                )
                % {"who": initiative_label(initiative), "period": period.code}
            }
        )
    result = ConsolidatedResult(
        period=period, initiative=initiative, consolidated_by=actor if actor.pk else None
    )
    set_fields(result, values or {}, RESULT_FIELDS)
    result.full_clean(validate_constraints=False)
    result.save()
    bring_to_agreement(result)
    record_change(actor, "systematization.consolidated_result.create", result, None)
    return result


@transaction.atomic
def consolidated_result_update(
    *, result: ConsolidatedResult, values: Mapping[str, Any], actor: User
) -> ConsolidatedResult:
    """Change the hand-chosen parts of a result: special mention and its reason, notes."""
    require(
        perms.can_consolidate(actor, result.period.program),
        _("Only a coordinator may change a consolidated result."),
    )
    lock_for_update(result)
    before = audit.snapshot(result)
    if set_fields(result, values, RESULT_FIELDS):
        result.full_clean(validate_constraints=False)
        result.save()
    record_change(actor, "systematization.consolidated_result.update", result, before)
    return result


@transaction.atomic
def consolidated_value_settle(
    *,
    result: ConsolidatedResult,
    criterion: Criterion | str,
    value: str | None,
    actor: User,
    reason_en: str = "",
    reason_es: str = "",
) -> ConsolidatedResult:
    """A coordinator settles one criterion's value (None goes back to the assessors'
    agreement)."""
    require(
        perms.can_consolidate(actor, result.period.program),
        _("Only a coordinator may settle a criterion."),
    )
    criteria = criteria_by_code(result.period)
    code = criterion if isinstance(criterion, str) else criterion.code
    if code not in criteria or (
        not isinstance(criterion, str) and criteria[code].pk != criterion.pk
    ):
        raise ValidationError(
            {
                "criterion": _("'%(criterion)s' is not a criterion of the set '%(set)s'.")
                % {"criterion": code, "set": result.period.criteria_set.code}
            }
        )
    if value not in (None, "", *CriterionValue.values):
        raise ValidationError({"value": _("'%(value)s' is not a valid value.") % {"value": value}})
    lock_for_update(result)
    before = audit.snapshot(result)
    row = result.values.filter(criterion=criteria[code]).first()
    if value:
        if not (reason_en or reason_es):
            raise ValidationError(
                {
                    "reason_en": _("Say why %(criterion)s is settled this way.")
                    % {"criterion": criteria[code].name}
                }
            )
        row = row or ConsolidatedValue(result=result, criterion=criteria[code])
        row.value, row.origin = value, ValueOrigin.SETTLED
        row.settled_by = actor if actor.pk else None
        row.reason_en, row.reason_es = reason_en.strip(), reason_es.strip()
        row.save()
    elif row is not None and row.origin == ValueOrigin.SETTLED:
        row.delete()
    bring_to_agreement(result)
    record_change(actor, "systematization.consolidated_result.settle", result, before)
    return result
