"""Writes to the evidence from informants: case types, the analysis frame (scopes with
their categories and questions), informants, interviews, their coded excerpts and the
informants' nominations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update, locked_first
from alianza.core.services import add_errors
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.systematization import permissions as perms
from alianza.systematization.models import (
    AnalysisCategory,
    AnalysisScope,
    CaseType,
    Excerpt,
    Informant,
    Interview,
    Nomination,
    Question,
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
def case_type_upsert(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> CaseType:
    require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the case types of %(code)s.") % {"code": program.code},
    )
    return upsert(
        CaseType,
        {"program": program, "code": code},
        values,
        {"order"} | bilingual(["name", "description", "source_note"]),
        actor=actor,
        action="systematization.case_type",
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
    require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the analysis frame of %(code)s.") % {"code": program.code},
    )
    scope = locked_first(AnalysisScope.objects.filter(program=program, code=code))
    before = audit.snapshot(scope) if scope else None
    scope = scope or AnalysisScope(program=program, code=code)
    if set_fields(scope, values, {"order"} | bilingual(["name", "source_note"])):
        full_save(scope)
    errors: list[str] = []
    for model, key, rows, fields in (
        (AnalysisCategory, "code", categories, {"order"} | bilingual(["name"])),
        (Question, "number", questions, {"translated_fields"} | bilingual(["heading", "text"])),
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
                if set_fields(obj, data, fields):
                    full_save(obj)
            except ValidationError as exc:
                errors.extend(f"{raw[key]}: {m}" for m in exc.messages)
    if errors:
        raise ValidationError({"categories": errors})
    record_change(
        actor, f"systematization.analysis_scope.{'update' if before else 'create'}", scope, before
    )
    return scope


INFORMANT_FIELDS = {"case_type", "institution", "listed_as", "translated_fields"} | bilingual(
    ["role", "source_note"]
)


@transaction.atomic
def informant_upsert(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> Informant:
    """An informant, known by a code, case type and institution (never by name)."""
    require(
        perms.can_edit_learning(actor, program),
        _("You may not change the informants of %(code)s.") % {"code": program.code},
    )
    return upsert(
        Informant,
        {"program": program, "code": code},
        values,
        INFORMANT_FIELDS,
        actor=actor,
        action="systematization.informant",
    )


INTERVIEW_FIELDS = {"informant", "held_on"} | bilingual(["notes", "source_note"])


@transaction.atomic
def interview_upsert(
    *, period: SystematizationPeriod, number: int, values: Mapping[str, Any], actor: User
) -> Interview:
    """The interview `number` of a period, created or brought to `values` (the loader's
    and the edit form's way in)."""
    require(
        perms.can_edit_learning(actor, period.program),
        _("You may not change the interviews of %(code)s.") % {"code": period.program.code},
    )
    return upsert(
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
    require(
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
    set_fields(interview, values, INTERVIEW_FIELDS)
    full_save(interview)
    record_change(actor, "systematization.interview.create", interview, None)
    return interview


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
    require(
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
        program_initiatives(program, initiatives, errors, "initiatives")
        if initiatives is not None
        else None
    )
    question = values.get("question")
    if question is not None and question.scope.program_id != program.pk:
        errors["question"] = [_("The question belongs to another program's interview guide.")]
    try:
        if set_fields(excerpt, values, {"question"} | bilingual(["text"])):
            excerpt.full_clean(exclude=["interview"])
    except ValidationError as exc:
        add_errors(errors, exc)
    if errors:
        raise ValidationError(errors)
    excerpt.save()
    if categories is not None:
        set_m2m(excerpt.categories, categories)
    if found is not None:
        set_m2m(excerpt.initiatives, found)
    if factors is not None:
        set_m2m(excerpt.factors, factors)
    record_change(
        actor, f"systematization.excerpt.{'update' if before else 'create'}", excerpt, before
    )
    return excerpt


@transaction.atomic
def excerpt_delete(*, excerpt: Excerpt, actor: User) -> None:
    """Remove a coded excerpt. One that an assessment or a lesson cites as evidence is
    refused, naming where, so that no evidence disappears unseen; its last state stays in
    the audit trail."""
    program = excerpt.interview.period.program
    require(
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
    require(
        perms.can_edit_learning(actor, period.program),
        _("You may not change the nominations of %(code)s.") % {"code": period.program.code},
    )
    lookup: dict[str, Any] = {"period": period, "initiative": initiative}
    lookup |= {"informant": informant} if informant else {"informant__isnull": True}
    nomination = locked_first(Nomination.objects.filter(**lookup))
    before = audit.snapshot(nomination) if nomination else None
    nomination = nomination or Nomination(period=period, initiative=initiative, informant=informant)
    if set_fields(
        nomination,
        values,
        {"prominence", "translated_fields"} | bilingual(["reason", "source_note"]),
    ):
        full_save(nomination)
    record_change(
        actor, f"systematization.nomination.{'update' if before else 'create'}", nomination, before
    )
    return nomination
