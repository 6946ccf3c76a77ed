"""Writes to a program's systematization.

Pages, the API and the PROCAP loader call these. Each checks the actor's permission,
validates everything before keeping anything (errors keyed by field, naming the record),
writes in one transaction and records the change in the audit trail. Upserts write only
what differs, so that loading reference data twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.accounts.models import Institution, User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.systematization import permissions as perms
from alianza.systematization.choices import (
    ActionStatus,
    CriterionValue,
    ValueOrigin,
)
from alianza.systematization.models import (
    ActionUpdate,
    AnalysisCategory,
    AnalysisScope,
    Assessment,
    AssessmentItem,
    CaseType,
    ConsolidatedResult,
    ConsolidatedValue,
    CriteriaSet,
    Criterion,
    Excerpt,
    Informant,
    Interview,
    KeyAction,
    Lesson,
    ManagementResponse,
    Nomination,
    Question,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)

# --- helpers --------------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _clean_strings(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}


def _set_fields(obj, values: Mapping[str, Any], allowed: Iterable[str]) -> bool:
    """Set `values` on obj (unknown keys refused); True if anything differs or obj is new."""
    allowed = set(allowed)
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    changed = obj.pk is None
    for field, value in _clean_strings(values).items():
        try:
            current = getattr(obj, field)
        except ObjectDoesNotExist:  # a foreign key not set yet
            current = None
        if current != value:
            changed = True
        setattr(obj, field, value)
    return changed


def _save(obj, *, exclude: Sequence[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude))
    obj.save()


def _set_m2m(relation, wanted: Iterable) -> bool:
    wanted = {o.pk: o for o in wanted}
    current = set(relation.values_list("pk", flat=True))
    if current == set(wanted):
        return False
    relation.set(list(wanted.values()))
    return True


def _texts(fields: Iterable[str]) -> set[str]:
    return {f"{base}_{lang}" for base in fields for lang in ("en", "es")}


def _record(actor, action: str, obj, before) -> None:
    audit.record(actor=actor, action=action, obj=obj, before=before)


def _upsert(model, lookup: Mapping[str, Any], values: Mapping[str, Any], allowed, *, actor, action):
    """Create the record matching `lookup`, or bring it to `values`; audited when it
    changes."""
    obj = locked_first(model.objects.filter(**lookup))
    before = audit.snapshot(obj) if obj else None
    if obj is None:
        obj = model(**lookup)
    if _set_fields(obj, values, allowed):
        _save(obj)
    _record(actor, f"{action}.{'update' if before else 'create'}", obj, before)
    return obj


# --- criteria sets and periods ----------------------------------------------------------------

CRITERIA_SET_FIELDS = {"flagship_threshold", "balance_scheme"} | _texts(
    ["name", "description", "source_note"]
)
CRITERION_FIELDS = {"number", "counts_toward_threshold", "is_required"} | _texts(
    ["name", "description", "source_note"]
)


@transaction.atomic
def criteria_set_upsert(
    *,
    program: Program,
    code: str,
    values: Mapping[str, Any],
    criteria: Sequence[Mapping[str, Any]],
    actor: User,
) -> CriteriaSet:
    """A program's criteria set with its criteria (matched by code) and its flagship rule.

    A criterion missing from `criteria` is removed only when no assessment uses it.
    """
    _require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the criteria of %(code)s.") % {"code": program.code},
    )
    criteria_set = locked_first(CriteriaSet.objects.filter(program=program, code=code))
    before = audit.snapshot(criteria_set) if criteria_set else None
    if criteria_set is None:
        criteria_set = CriteriaSet(program=program, code=code)
    if _set_fields(criteria_set, values, CRITERIA_SET_FIELDS):
        _save(criteria_set)
    errors: dict[str, list[str]] = {}
    existing = {c.code: c for c in criteria_set.criteria.all()}
    wanted = {raw["code"] for raw in criteria}
    for criterion_code, criterion in existing.items():
        if criterion_code not in wanted:
            if criterion.assessment_items.exists() or criterion.consolidated_values.exists():
                errors.setdefault("criteria", []).append(
                    _("Criterion '%(code)s' is in use and cannot be removed.")
                    % {"code": criterion_code}
                )
            else:
                criterion.delete()
    for raw in criteria:
        criterion = existing.get(raw["code"]) or Criterion(
            criteria_set=criteria_set, code=raw["code"]
        )
        fields = {k: v for k, v in raw.items() if k != "code"}
        try:
            if _set_fields(criterion, fields, CRITERION_FIELDS):
                _save(criterion)
        except ValidationError as exc:
            errors.setdefault("criteria", []).extend(
                f"{raw['code']}: {message}" for message in exc.messages
            )
    counting = criteria_set.criteria.filter(counts_toward_threshold=True).count()
    if not errors and criteria_set.flagship_threshold > counting:
        errors["flagship_threshold"] = [
            _(
                "Criteria set %(code)s: the threshold (%(threshold)s) is higher than the "
                "number of criteria that count (%(counting)s)."
            )
            % {"code": code, "threshold": criteria_set.flagship_threshold, "counting": counting}
        ]
    if errors:
        raise ValidationError(errors)
    _record(
        actor,
        f"systematization.criteria_set.{'update' if before else 'create'}",
        criteria_set,
        before,
    )
    return criteria_set


PERIOD_FIELDS = {
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "criteria_set",
} | _texts(["name", "source_note"])


@transaction.atomic
def period_upsert(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> SystematizationPeriod:
    """A systematization period of the program and the criteria set it is assessed with."""
    _require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the systematization periods of %(code)s.")
        % {"code": program.code},
    )
    return _upsert(
        SystematizationPeriod,
        {"program": program, "code": code},
        values,
        PERIOD_FIELDS,
        actor=actor,
        action="systematization.period",
    )


# --- assessments ------------------------------------------------------------------------------

ITEM_FIELDS = {"value", "links", "is_reconstructed"} | _texts(["evidence", "source_note"])
ASSESSMENT_FIELDS = _texts(["notes", "source_note"])


def _who(initiative: Initiative) -> str:
    return _("initiative %(number)s of %(program)s") % {
        "number": initiative.number,
        "program": initiative.program.code,
    }


def _criteria_by_code(period: SystematizationPeriod) -> dict[str, Criterion]:
    return {c.code: c for c in period.criteria_set.criteria.all()}


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
    _require(
        perms.can_assess(actor, program),
        _("You may not assess the initiatives of %(code)s.") % {"code": program.code},
    )
    if assessor is None and not assessor_label:
        assessor = actor if actor.is_authenticated and actor.pk else None
    if (assessor is None or assessor.pk != actor.pk) and not perms.can_consolidate(actor, program):
        raise PermissionDenied(_("Only a coordinator may record another assessor's assessment."))
    label = assessor_label or (assessor.get_full_name() or assessor.username if assessor else "")
    errors: dict[str, list[str]] = {}
    if initiative.program_id != program.pk:
        errors["initiative"] = [
            _("%(who)s is not an initiative of the period's program.") % {"who": _who(initiative)}
        ]
    if not label:
        errors["assessor_label"] = [_("Say who assessed.")]
    criteria = _criteria_by_code(period)
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
                "who": _who(initiative),
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
        if _set_fields(
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
            if _set_fields(item, raw, ITEM_FIELDS):
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
            _set_m2m(item.excerpts, found)
    if errors:
        raise ValidationError(errors)
    _record(
        actor,
        f"systematization.assessment.{'update' if before else 'create'}",
        assessment,
        before,
    )
    _sync_result(period, initiative, actor=actor)
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: Assessment, actor: User) -> None:
    program = assessment.period.program
    own = assessment.assessor_id is not None and assessment.assessor_id == actor.pk
    _require(
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
    _sync_result(period, initiative, actor=actor)


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


def _apply_agreement(result: ConsolidatedResult) -> bool:
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


def _sync_result(period, initiative, *, actor) -> None:
    result = ConsolidatedResult.objects.filter(period=period, initiative=initiative).first()
    if result is None:
        return
    lock_for_update(result)
    before = audit.snapshot(result)
    if _apply_agreement(result):
        _record(actor, "systematization.consolidated_result.sync", result, before)


RESULT_FIELDS = {"is_special_mention"} | _texts(["special_mention_reason", "notes", "source_note"])


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
    _require(
        perms.can_consolidate(actor, program),
        _("Only a coordinator may consolidate the assessments of %(code)s.")
        % {"code": program.code},
    )
    if initiative.program_id != program.pk:
        raise ValidationError(
            {
                "initiative": _("%(who)s is not an initiative of the period's program.")
                % {"who": _who(initiative)}
            }
        )
    if ConsolidatedResult.objects.filter(period=period, initiative=initiative).exists():
        raise ValidationError(
            {
                "initiative": _(
                    "%(who)s already has a consolidated result in period %(period)s; change "
                    "that one instead."
                )
                % {"who": _who(initiative), "period": period.code}
            }
        )
    result = ConsolidatedResult(
        period=period, initiative=initiative, consolidated_by=actor if actor.pk else None
    )
    _set_fields(result, values or {}, RESULT_FIELDS)
    result.full_clean(validate_constraints=False)
    result.save()
    _apply_agreement(result)
    _record(actor, "systematization.consolidated_result.create", result, None)
    return result


@transaction.atomic
def consolidated_result_update(
    *, result: ConsolidatedResult, values: Mapping[str, Any], actor: User
) -> ConsolidatedResult:
    """Change the hand-chosen parts of a result: special mention and its reason, notes."""
    _require(
        perms.can_consolidate(actor, result.period.program),
        _("Only a coordinator may change a consolidated result."),
    )
    lock_for_update(result)
    before = audit.snapshot(result)
    if _set_fields(result, values, RESULT_FIELDS):
        result.full_clean(validate_constraints=False)
        result.save()
    _record(actor, "systematization.consolidated_result.update", result, before)
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
    _require(
        perms.can_consolidate(actor, result.period.program),
        _("Only a coordinator may settle a criterion."),
    )
    criteria = _criteria_by_code(result.period)
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
    _apply_agreement(result)
    _record(actor, "systematization.consolidated_result.settle", result, before)
    return result


# --- informants, interviews, analysis frame ---------------------------------------------------


@transaction.atomic
def case_type_upsert(*, program: Program, code: str, values: Mapping[str, Any], actor: User):
    _require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the case types of %(code)s.") % {"code": program.code},
    )
    return _upsert(
        CaseType,
        {"program": program, "code": code},
        values,
        {"order"} | _texts(["name", "description", "source_note"]),
        actor=actor,
        action="systematization.case_type",
    )


@transaction.atomic
def success_factor_upsert(*, program: Program, code: str, values: Mapping[str, Any], actor: User):
    _require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the success factors of %(code)s.")
        % {"code": program.code},
    )
    return _upsert(
        SuccessFactor,
        {"program": program, "code": code},
        values,
        {"number", "order"} | _texts(["name", "description", "source_note"]),
        actor=actor,
        action="systematization.success_factor",
    )


@transaction.atomic
def analysis_scope_upsert(
    *,
    program: Program,
    code: str,
    values: Mapping[str, Any],
    categories: Sequence[Mapping[str, Any]],
    questions: Sequence[Mapping[str, Any]],
    actor: User,
) -> AnalysisScope:
    """An analysis scope with its categories (by code) and questions (by number); the given
    lists replace the stored ones."""
    _require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the analysis frame of %(code)s.") % {"code": program.code},
    )
    scope = locked_first(AnalysisScope.objects.filter(program=program, code=code))
    before = audit.snapshot(scope) if scope else None
    scope = scope or AnalysisScope(program=program, code=code)
    if _set_fields(scope, values, {"order"} | _texts(["name", "source_note"])):
        _save(scope)
    errors: list[str] = []
    for model, key, rows, fields in (
        (AnalysisCategory, "code", categories, {"order"} | _texts(["name"])),
        (Question, "number", questions, _texts(["heading", "text"])),
    ):
        existing = {getattr(o, key): o for o in model.objects.filter(scope=scope)}
        wanted = {raw[key] for raw in rows}
        for k, obj in existing.items():
            if k not in wanted:  # coded excerpts lose it: recorded as their updates
                audit.delete_and_record(
                    obj, actor=actor, action=f"systematization.{model._meta.model_name}.delete"
                )
        for position, raw in enumerate(rows, start=1):
            obj = existing.get(raw[key]) or model(scope=scope, **{key: raw[key]})
            data = {k: v for k, v in raw.items() if k != key}
            if model is AnalysisCategory:
                data.setdefault("order", position)
            try:
                if _set_fields(obj, data, fields):
                    _save(obj)
            except ValidationError as exc:
                errors.extend(f"{raw[key]}: {m}" for m in exc.messages)
    if errors:
        raise ValidationError({"categories": errors})
    _record(
        actor, f"systematization.analysis_scope.{'update' if before else 'create'}", scope, before
    )
    return scope


INFORMANT_FIELDS = {"case_type", "institution", "listed_as"} | _texts(["role", "source_note"])


@transaction.atomic
def informant_upsert(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> Informant:
    """An informant, known by a code, case type and institution (never by name)."""
    _require(
        perms.can_edit_learning(actor, program),
        _("You may not change the informants of %(code)s.") % {"code": program.code},
    )
    return _upsert(
        Informant,
        {"program": program, "code": code},
        values,
        INFORMANT_FIELDS,
        actor=actor,
        action="systematization.informant",
    )


INTERVIEW_FIELDS = {"informant", "held_on"} | _texts(["notes", "source_note"])


@transaction.atomic
def interview_upsert(
    *, period: SystematizationPeriod, number: int, values: Mapping[str, Any], actor: User
) -> Interview:
    """The interview `number` of a period, created or brought to `values` (the loader's
    and the edit form's way in)."""
    _require(
        perms.can_edit_learning(actor, period.program),
        _("You may not change the interviews of %(code)s.") % {"code": period.program.code},
    )
    return _upsert(
        Interview,
        {"period": period, "number": number},
        values,
        INTERVIEW_FIELDS,
        actor=actor,
        action="systematization.interview",
    )


@transaction.atomic
def interview_create(
    *,
    period: SystematizationPeriod,
    values: Mapping[str, Any],
    actor: User,
    number: int | None = None,
) -> Interview:
    """Record a new interview with an informant in a period. Without a number it takes
    the period's next one; a number the period already uses is refused, never
    overwritten."""
    program = period.program
    _require(
        perms.can_edit_learning(actor, program),
        _("You may not record interviews in %(code)s.") % {"code": program.code},
    )
    if number is None:
        number = (period.interviews.aggregate(n=Max("number"))["n"] or 0) + 1
    elif Interview.objects.filter(period=period, number=number).exists():
        raise ValidationError(
            {
                "number": _("Period %(period)s already has an interview %(number)s.")
                % {"period": period.code, "number": number}
            }
        )
    interview = Interview(period=period, number=number)
    _set_fields(interview, values, INTERVIEW_FIELDS)
    _save(interview)
    _record(actor, "systematization.interview.create", interview, None)
    return interview


def _program_initiatives(program, numbers_or_objects, errors: dict, key: str) -> list[Initiative]:
    found = []
    for item in numbers_or_objects:
        if isinstance(item, Initiative):
            initiative = item if item.program_id == program.pk else None
        else:
            initiative = Initiative.objects.filter(program=program, number=item).first()
        if initiative is None:
            errors.setdefault(key, []).append(
                _("%(program)s has no initiative %(number)s.")
                % {"program": program.code, "number": getattr(item, "number", item)}
            )
            continue
        found.append(initiative)
    return found


@transaction.atomic
def excerpt_save(
    *,
    interview: Interview,
    values: Mapping[str, Any],
    actor: User,
    excerpt: Excerpt | None = None,
    categories: Sequence[AnalysisCategory] | None = None,
    initiatives: Sequence[Initiative | int] | None = None,
    factors: Sequence[SuccessFactor] | None = None,
) -> Excerpt:
    """Create or change a coded interview excerpt: its text, the question it answers and
    its codes (analysis categories, initiatives, success factors), all of the interview's
    program. A code list left as None stays as it is (empty for a new excerpt)."""
    program = interview.period.program
    _require(
        perms.can_edit_learning(actor, program),
        _("You may not code the interviews of %(code)s.") % {"code": program.code},
    )
    errors: dict[str, list[str]] = {}
    if excerpt is not None and excerpt.interview_id != interview.pk:
        raise ValidationError(
            {"interview": _("An excerpt stays with the interview it was taken from.")}
        )
    if excerpt is not None:
        lock_for_update(excerpt)
    before = audit.snapshot(excerpt) if excerpt else None
    excerpt = excerpt or Excerpt(interview=interview)
    if categories is not None and any(c.scope.program_id != program.pk for c in categories):
        errors["categories"] = [_("An analysis category belongs to another program.")]
    if factors is not None and any(f.program_id != program.pk for f in factors):
        errors["factors"] = [_("A success factor belongs to another program.")]
    found = (
        _program_initiatives(program, initiatives, errors, "initiatives")
        if initiatives is not None
        else None
    )
    question = values.get("question")
    if question is not None and question.scope.program_id != program.pk:
        errors["question"] = [_("The question belongs to another program's interview guide.")]
    try:
        if _set_fields(excerpt, values, {"question"} | _texts(["text"])):
            excerpt.full_clean(exclude=["interview"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    excerpt.save()
    if categories is not None:
        _set_m2m(excerpt.categories, categories)
    if found is not None:
        _set_m2m(excerpt.initiatives, found)
    if factors is not None:
        _set_m2m(excerpt.factors, factors)
    _record(actor, f"systematization.excerpt.{'update' if before else 'create'}", excerpt, before)
    return excerpt


@transaction.atomic
def excerpt_delete(*, excerpt: Excerpt, actor: User) -> None:
    """Remove a coded excerpt. One that an assessment or a lesson cites as evidence is
    refused, naming where, so that no evidence disappears unseen; its last state stays in
    the audit trail."""
    program = excerpt.interview.period.program
    _require(
        perms.can_edit_learning(actor, program),
        _("You may not code the interviews of %(code)s.") % {"code": program.code},
    )
    citing = [
        f"#{number} ({criterion})"
        for number, criterion in excerpt.assessment_items.order_by(
            "assessment__initiative__number", "criterion__number"
        ).values_list("assessment__initiative__number", "criterion__code")
    ] + [
        f"{factor} {kind} {number}"
        for factor, kind, number in excerpt.lessons.order_by(
            "factor__order", "kind", "number"
        ).values_list("factor__code", "kind", "number")
    ]
    if citing:
        raise ValidationError(
            _(
                "The excerpt is cited as evidence (%(where)s): take it out of those "
                "assessments and lessons first."
            )
            % {"where": ", ".join(dict.fromkeys(citing))}
        )
    audit.delete_and_record(excerpt, actor=actor, action="systematization.excerpt.delete")


@transaction.atomic
def nomination_upsert(
    *,
    period: SystematizationPeriod,
    initiative: Initiative,
    informant: Informant | None,
    values: Mapping[str, Any],
    actor: User,
) -> Nomination:
    """An informant's nomination of an emblematic initiative, or (no informant) what the
    source says of the informants as a group."""
    _require(
        perms.can_edit_learning(actor, period.program),
        _("You may not change the nominations of %(code)s.") % {"code": period.program.code},
    )
    lookup = {"period": period, "initiative": initiative}
    lookup |= {"informant": informant} if informant else {"informant__isnull": True}
    nomination = locked_first(Nomination.objects.filter(**lookup))
    before = audit.snapshot(nomination) if nomination else None
    nomination = nomination or Nomination(period=period, initiative=initiative, informant=informant)
    if _set_fields(nomination, values, {"prominence"} | _texts(["reason", "source_note"])):
        _save(nomination)
    _record(
        actor, f"systematization.nomination.{'update' if before else 'create'}", nomination, before
    )
    return nomination


# --- lessons and recommendations ----------------------------------------------------------------


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
    _require(
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
        _program_initiatives(program, initiatives, errors, "initiatives")
        if initiatives is not None
        else None
    )
    if excerpts is not None and any(e.interview.period.program_id != program.pk for e in excerpts):
        errors["excerpts"] = [_("An excerpt is from an interview of another program.")]
    try:
        if _set_fields(lesson, values, _texts(["text", "evidence", "source_note"])):
            lesson.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    lesson.save()
    if found is not None:
        _set_m2m(lesson.initiatives, found)
    if excerpts is not None:
        _set_m2m(lesson.excerpts, excerpts)
    _record(actor, f"systematization.lesson.{'update' if before else 'create'}", lesson, before)
    return lesson


@transaction.atomic
def recommendation_upsert(
    *, period: SystematizationPeriod, code: str, values: Mapping[str, Any], actor: User
) -> Recommendation:
    _require(
        perms.can_manage_systematization(actor, period.program),
        _("Only a coordinator may change the recommendations of %(code)s.")
        % {"code": period.program.code},
    )
    return _upsert(
        Recommendation,
        {"period": period, "code": code},
        values,
        {"factor", "order"} | _texts(["text", "source_note"]),
        actor=actor,
        action="systematization.recommendation",
    )


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
    _require(
        perms.can_respond_for(actor, program, institution),
        _("Only a coordinator of %(institution)s may answer for it.")
        % {"institution": institution},
    )
    row = locked_first(
        ManagementResponse.objects.filter(recommendation=recommendation, institution=institution)
    )
    before = audit.snapshot(row) if row else None
    row = row or ManagementResponse(recommendation=recommendation, institution=institution)
    values = {"response": response, "reason_en": reason_en, "reason_es": reason_es}
    if responded_on is not None:
        values["responded_on"] = responded_on
    if _set_fields(row, values, {"response", "reason_en", "reason_es", "responded_on"}):
        row.responded_by = actor if actor.pk else None
        _save(row)
    _record(
        actor,
        f"systematization.management_response.{'update' if before else 'create'}",
        row,
        before,
    )
    return row


ACTION_FIELDS = {"owner", "responsible_unit", "due_date"} | _texts(["description"])


def _check_action_dates(values: Mapping[str, Any], errors: dict, number) -> None:
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
    _require(
        perms.can_edit_learning(actor, program),
        _("You may not add key actions in %(code)s.") % {"code": program.code},
    )
    number = max(recommendation.actions.values_list("number", flat=True), default=0) + 1
    values = {"owner": None, "due_date": None, **values}
    errors: dict[str, list[str]] = {}
    _check_action_dates(values, errors, number)
    if errors:
        raise ValidationError(errors)
    action = KeyAction(recommendation=recommendation, number=number)
    _set_fields(action, values, ACTION_FIELDS)
    _save(action)
    _record(actor, "systematization.key_action.create", action, None)
    return action


@transaction.atomic
def key_action_update(*, action: KeyAction, values: Mapping[str, Any], actor: User) -> KeyAction:
    program = action.recommendation.period.program
    _require(
        perms.can_edit_learning(actor, program),
        _("You may not change key actions in %(code)s.") % {"code": program.code},
    )
    lock_for_update(action)
    before = audit.snapshot(action)
    errors: dict[str, list[str]] = {}
    _check_action_dates(values, errors, action.number)
    if errors:
        raise ValidationError(errors)
    if _set_fields(action, values, ACTION_FIELDS):
        _save(action)
    _record(actor, "systematization.key_action.update", action, before)
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
    _require(
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
    _save(action)
    update = ActionUpdate.objects.create(
        action=action,
        author=actor if actor.pk else None,
        status=status,
        comment_en=comment_en.strip(),
        comment_es=comment_es.strip(),
    )
    _record(actor, "systematization.key_action.follow_up", action, before)
    return update
