"""Creating, changing and removing what a program's systematization is set up with: criteria
sets (with their criteria and flagship rule), periods, success factors, case types,
informants, the interview guide (analysis scopes), lessons and recommendations.

The upserts of the other modules (the PROCAP loader's way in) do the writing; these add
what pages and the API need: a create that refuses a code already used instead of
changing that record, an update that keeps the record's natural key, and deletes that
refuse to take the partners' joint work with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.core.services import refuse_taken
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.search import index as search_index
from alianza.systematization import permissions as perms
from alianza.systematization.models import (
    AnalysisScope,
    CaseType,
    CriteriaSet,
    Informant,
    Lesson,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)
from alianza.systematization.services.criteria import criteria_set_upsert, period_upsert
from alianza.systematization.services.informants import (
    analysis_scope_upsert,
    case_type_upsert,
    informant_upsert,
)
from alianza.systematization.services.learning import (
    lesson_upsert,
    recommendation_upsert,
    success_factor_upsert,
)


def _require_manager(actor: User, program: Program) -> None:
    require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may set up the systematization of %(code)s.")
        % {"code": program.code},
    )


def _require_editor(actor: User, program: Program) -> None:
    require(
        perms.can_edit_learning(actor, program),
        _("You may not change the systematization records of %(code)s.") % {"code": program.code},
    )


def _delete(obj: models.Model, *, actor: User, action: str) -> None:
    """Delete with its audit record; rows that PROTECT it refuse the delete, named."""
    audit.delete_and_record(obj, actor=actor, action=action)


# --- Criteria sets ------------------------------------------------------------------------------


def _criteria_rows(criteria_set: CriteriaSet) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "number": c.number,
            "name_en": c.name_en,
            "name_es": c.name_es,
            "counts_toward_threshold": c.counts_toward_threshold,
            "is_required": c.is_required,
        }
        for c in criteria_set.criteria.order_by("number")
    ]


@transaction.atomic
def criteria_set_create(
    *,
    program: Program,
    code: str,
    values: Mapping[str, Any],
    criteria: Sequence[Mapping[str, Any]],
    actor: User,
) -> CriteriaSet:
    """A new criteria set of the program with its criteria and flagship rule. A threshold
    above the number of criteria that count is refused on `flagship_threshold`."""
    _require_manager(actor, program)
    refuse_taken(CriteriaSet.objects.filter(program=program, code=code), field="code", value=code)
    return criteria_set_upsert(
        program=program, code=code, values=values, criteria=criteria, actor=actor
    )


@transaction.atomic
def criteria_set_update(
    *,
    criteria_set: CriteriaSet,
    values: Mapping[str, Any],
    criteria: Sequence[Mapping[str, Any]] | None,
    actor: User,
) -> CriteriaSet:
    """Change a criteria set (its code stays); `criteria`, when given, replace its
    criteria (matched by code; one in use by an assessment is kept and the change
    refused)."""
    _require_manager(actor, criteria_set.program)
    lock_for_update(criteria_set)
    return criteria_set_upsert(
        program=criteria_set.program,
        code=criteria_set.code,
        values=values,
        criteria=_criteria_rows(criteria_set) if criteria is None else criteria,
        actor=actor,
    )


@transaction.atomic
def criteria_set_delete(*, criteria_set: CriteriaSet, actor: User) -> None:
    """Remove a criteria set with its criteria; refused while a period is assessed with it."""
    _require_manager(actor, criteria_set.program)
    _delete(criteria_set, actor=actor, action="systematization.criteria_set.delete")


# --- Periods ------------------------------------------------------------------------------------


@transaction.atomic
def period_create(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> SystematizationPeriod:
    """A new systematization period of the program, assessed with one of its criteria sets."""
    _require_manager(actor, program)
    refuse_taken(
        SystematizationPeriod.objects.filter(program=program, code=code), field="code", value=code
    )
    return period_upsert(program=program, code=code, values=values, actor=actor)


@transaction.atomic
def period_update(
    *, period: SystematizationPeriod, values: Mapping[str, Any], actor: User
) -> SystematizationPeriod:
    """Change a period (its code stays). Once the period has assessments, its criteria set
    cannot be replaced: one period is assessed against one set."""
    _require_manager(actor, period.program)
    return period_upsert(program=period.program, code=period.code, values=values, actor=actor)


@transaction.atomic
def period_delete(*, period: SystematizationPeriod, actor: User) -> None:
    """Remove a period; refused while it holds assessments, interviews, lessons or
    recommendations (the partners' work is never removed as a side effect)."""
    _require_manager(actor, period.program)
    held = [
        str(model._meta.verbose_name_plural)
        for model, relation in (
            (period.assessments.model, period.assessments),
            (period.results.model, period.results),
            (period.interviews.model, period.interviews),
            (period.lessons.model, period.lessons),
            (period.recommendations.model, period.recommendations),
        )
        if relation.exists()
    ]
    if held:
        raise ValidationError(
            {
                "code": _("Period %(code)s still holds %(records)s: remove them first.")
                % {"code": period.code, "records": ", ".join(held)}
            }
        )
    _delete(period, actor=actor, action="systematization.period.delete")


# --- Success factors, case types, informants, the interview guide ------------------------------


@transaction.atomic
def success_factor_create(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> SuccessFactor:
    _require_manager(actor, program)
    refuse_taken(SuccessFactor.objects.filter(program=program, code=code), field="code", value=code)
    return success_factor_upsert(program=program, code=code, values=values, actor=actor)


@transaction.atomic
def success_factor_update(
    *, factor: SuccessFactor, values: Mapping[str, Any], actor: User
) -> SuccessFactor:
    return success_factor_upsert(
        program=factor.program, code=factor.code, values=values, actor=actor
    )


@transaction.atomic
def success_factor_delete(*, factor: SuccessFactor, actor: User) -> None:
    """Remove a success factor; refused while lessons or recommendations are filed under it."""
    _require_manager(actor, factor.program)
    _delete(factor, actor=actor, action="systematization.success_factor.delete")


@transaction.atomic
def case_type_create(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> CaseType:
    _require_manager(actor, program)
    refuse_taken(CaseType.objects.filter(program=program, code=code), field="code", value=code)
    return case_type_upsert(program=program, code=code, values=values, actor=actor)


@transaction.atomic
def case_type_update(*, case_type: CaseType, values: Mapping[str, Any], actor: User) -> CaseType:
    return case_type_upsert(
        program=case_type.program, code=case_type.code, values=values, actor=actor
    )


@transaction.atomic
def case_type_delete(*, case_type: CaseType, actor: User) -> None:
    """Remove a case type; refused while informants are of that type."""
    _require_manager(actor, case_type.program)
    _delete(case_type, actor=actor, action="systematization.case_type.delete")


@transaction.atomic
def informant_create(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> Informant:
    """A new informant of the program: a code, a case type and an institution, no name."""
    _require_editor(actor, program)
    refuse_taken(Informant.objects.filter(program=program, code=code), field="code", value=code)
    return informant_upsert(program=program, code=code, values=values, actor=actor)


@transaction.atomic
def informant_update(*, informant: Informant, values: Mapping[str, Any], actor: User) -> Informant:
    return informant_upsert(
        program=informant.program, code=informant.code, values=values, actor=actor
    )


@transaction.atomic
def informant_delete(*, informant: Informant, actor: User) -> None:
    """Remove an informant; refused while interviews or nominations are theirs."""
    _require_editor(actor, informant.program)
    _delete(informant, actor=actor, action="systematization.informant.delete")


def _guide_rows(scope: AnalysisScope) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    categories = [
        {"code": c.code, "name_en": c.name_en, "name_es": c.name_es}
        for c in scope.categories.order_by("order", "code")
    ]
    questions = [
        {"number": q.number, "text_en": q.text_en, "text_es": q.text_es}
        for q in scope.questions.order_by("number")
    ]
    return categories, questions


@transaction.atomic
def analysis_scope_create(
    *,
    program: Program,
    code: str,
    values: Mapping[str, Any],
    categories: Sequence[Mapping[str, Any]],
    questions: Sequence[Mapping[str, Any]],
    actor: User,
) -> AnalysisScope:
    """A new part of the interview guide: a scope with its analysis categories and
    questions."""
    _require_manager(actor, program)
    refuse_taken(AnalysisScope.objects.filter(program=program, code=code), field="code", value=code)
    return analysis_scope_upsert(
        program=program,
        code=code,
        values=values,
        categories=categories,
        questions=questions,
        actor=actor,
    )


@transaction.atomic
def analysis_scope_update(
    *,
    scope: AnalysisScope,
    values: Mapping[str, Any],
    categories: Sequence[Mapping[str, Any]] | None,
    questions: Sequence[Mapping[str, Any]] | None,
    actor: User,
) -> AnalysisScope:
    """Change a part of the interview guide; lists given replace the stored ones."""
    _require_manager(actor, scope.program)
    stored_categories, stored_questions = _guide_rows(scope)
    return analysis_scope_upsert(
        program=scope.program,
        code=scope.code,
        values=values,
        categories=stored_categories if categories is None else categories,
        questions=stored_questions if questions is None else questions,
        actor=actor,
    )


@transaction.atomic
def analysis_scope_delete(*, scope: AnalysisScope, actor: User) -> None:
    """Remove a part of the interview guide; the excerpts coded with its categories lose
    those codes (recorded as their updates)."""
    _require_manager(actor, scope.program)
    _delete(scope, actor=actor, action="systematization.analysis_scope.delete")


# --- Lessons and recommendations ----------------------------------------------------------------

LESSON_KEYS = ("factor", "kind", "number")


@transaction.atomic
def lesson_create(
    *,
    period: SystematizationPeriod,
    values: Mapping[str, Any],
    actor: User,
    initiatives: Sequence[Any] | None = None,
) -> Lesson:
    """A new lesson or good practice of a period, under a success factor; `values` holds
    `factor`, `kind` and `number` (taken: refused on `number`) and the texts."""
    program = period.program
    _require_editor(actor, program)
    values = dict(values)
    keys = {key: values.pop(key, None) for key in LESSON_KEYS}
    errors = {
        key: [_("This field is required.")] for key, value in keys.items() if value in (None, "")
    }
    factor = keys["factor"]
    if factor is not None and getattr(factor, "program_id", None) != program.pk:
        errors["factor"] = [_("A success factor belongs to another program.")]
    if errors:
        raise ValidationError(errors)
    refuse_taken(Lesson.objects.filter(period=period, **keys), field="number", value=keys["number"])
    return lesson_upsert(period=period, values=values, actor=actor, initiatives=initiatives, **keys)


@transaction.atomic
def lesson_update(
    *,
    lesson: Lesson,
    values: Mapping[str, Any],
    actor: User,
    initiatives: Sequence[Any] | None = None,
) -> Lesson:
    """Change a lesson's texts and initiatives (its factor, kind and number stay)."""
    values = {k: v for k, v in values.items() if k not in LESSON_KEYS}
    return lesson_upsert(
        period=lesson.period,
        factor=lesson.factor,
        kind=lesson.kind,
        number=lesson.number,
        values=values,
        actor=actor,
        initiatives=initiatives,
    )


@transaction.atomic
def lesson_delete(*, lesson: Lesson, actor: User) -> None:
    _require_editor(actor, lesson.period.program)
    pk = lesson.pk
    _delete(lesson, actor=actor, action="systematization.lesson.delete")
    search_index.unindex("lesson", [pk])


@transaction.atomic
def recommendation_create(
    *, period: SystematizationPeriod, code: str, values: Mapping[str, Any], actor: User
) -> Recommendation:
    _require_manager(actor, period.program)
    factor = values.get("factor")
    if factor is not None and factor.program_id != period.program_id:
        raise ValidationError({"factor": _("A success factor belongs to another program.")})
    refuse_taken(Recommendation.objects.filter(period=period, code=code), field="code", value=code)
    return recommendation_upsert(period=period, code=code, values=values, actor=actor)


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, values: Mapping[str, Any], actor: User
) -> Recommendation:
    factor = values.get("factor")
    if factor is not None and factor.program_id != recommendation.period.program_id:
        raise ValidationError({"factor": _("A success factor belongs to another program.")})
    return recommendation_upsert(
        period=recommendation.period, code=recommendation.code, values=values, actor=actor
    )


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation, actor: User) -> None:
    """Remove a recommendation; refused while partners have responded to it or it has key
    actions."""
    _require_manager(actor, recommendation.period.program)
    pk = recommendation.pk
    _delete(recommendation, actor=actor, action="systematization.recommendation.delete")
    search_index.unindex("recommendation", [pk])


__all__ = [
    "analysis_scope_create",
    "analysis_scope_delete",
    "analysis_scope_update",
    "case_type_create",
    "case_type_delete",
    "case_type_update",
    "criteria_set_create",
    "criteria_set_delete",
    "criteria_set_update",
    "informant_create",
    "informant_delete",
    "informant_update",
    "lesson_create",
    "lesson_delete",
    "lesson_update",
    "period_create",
    "period_delete",
    "period_update",
    "recommendation_create",
    "recommendation_delete",
    "recommendation_update",
    "success_factor_create",
    "success_factor_delete",
    "success_factor_update",
]
