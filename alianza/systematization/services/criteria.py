"""Writes to a program's criteria sets (with their criteria and flagship rule) and its
systematization periods."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import locked_first
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.systematization import permissions as perms
from alianza.systematization.models import (
    CriteriaSet,
    Criterion,
    SystematizationPeriod,
)
from alianza.systematization.services.common import (
    bilingual,
    full_save,
    record_change,
    set_fields,
    upsert,
)

CRITERIA_SET_FIELDS = {"flagship_threshold", "balance_scheme"} | bilingual(
    ["name", "description", "source_note"]
)
CRITERION_FIELDS = {"number", "counts_toward_threshold", "is_required", "weight"} | bilingual(
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
    require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the criteria of %(code)s.") % {"code": program.code},
    )
    criteria_set = locked_first(CriteriaSet.objects.filter(program=program, code=code))
    before = audit.snapshot(criteria_set) if criteria_set else None
    if criteria_set is None:
        criteria_set = CriteriaSet(program=program, code=code)
    if set_fields(criteria_set, values, CRITERIA_SET_FIELDS):
        full_save(criteria_set)
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
            if set_fields(criterion, fields, CRITERION_FIELDS):
                full_save(criterion)
        except ValidationError as exc:
            errors.setdefault("criteria", []).extend(
                f"{raw['code']}: {message}" for message in exc.messages
            )
    counting = list(
        criteria_set.criteria.filter(counts_toward_threshold=True).values_list("weight", flat=True)
    )
    reachable = sum(counting)
    if not errors and criteria_set.flagship_threshold > reachable:
        if reachable == len(counting):
            message = _(
                "Criteria set %(code)s: the threshold (%(threshold)s) is higher than the "
                "number of criteria that count (%(counting)s)."
            ) % {"code": code, "threshold": criteria_set.flagship_threshold, "counting": reachable}
        else:
            message = _(
                "Criteria set %(code)s: the threshold (%(threshold)s) is higher than the "
                "weights of the criteria that count add up to (%(counting)s)."
            ) % {"code": code, "threshold": criteria_set.flagship_threshold, "counting": reachable}
        errors["flagship_threshold"] = [message]
    if errors:
        raise ValidationError(errors)
    record_change(
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
} | bilingual(["name", "source_note"])


@transaction.atomic
def period_upsert(
    *, program: Program, code: str, values: Mapping[str, Any], actor: User
) -> SystematizationPeriod:
    """A systematization period of the program and the criteria set it is assessed with."""
    require(
        perms.can_manage_systematization(actor, program),
        _("Only a coordinator may change the systematization periods of %(code)s.")
        % {"code": program.code},
    )
    stored = SystematizationPeriod.objects.filter(program=program, code=code).first()
    wanted = values.get("criteria_set")
    if (
        stored is not None
        and wanted is not None
        and wanted.pk != stored.criteria_set_id
        and (stored.assessments.exists() or stored.results.exists())
    ):
        raise ValidationError(
            {
                "criteria_set": _(
                    "Period %(code)s is already assessed with criteria set %(set)s: a second "
                    "criteria set cannot be active in the same period."
                )
                % {"code": code, "set": stored.criteria_set.code}
            }
        )
    return upsert(
        SystematizationPeriod,
        {"program": program, "code": code},
        values,
        PERIOD_FIELDS,
        actor=actor,
        action="systematization.period",
    )
