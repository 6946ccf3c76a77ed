"""Writes to the joint risk register. A review re-scores the risk it reviews; owners are
replaced as a whole when given; every write is audited.

None of these is `durable`: pages and the API call them inside the transaction that checks
the record's version (`save_if_current`, `VersionedMixin`), `risk_upsert` nests
`risk_create`/`risk_update`, and load_procap runs its loaders in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.core.services import assign_fields
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.risks.models import Risk, RiskAction, RiskOwner, RiskReview
from alianza.risks.permissions import can_edit_risk_register

RISK_FIELDS = {
    "number",
    "title_en",
    "title_es",
    "category",
    "cause_en",
    "cause_es",
    "effect_en",
    "effect_es",
    "initiative",
    "likelihood",
    "impact",
    "status",
    "identified_on",
    "next_review_on",
    "source_note_en",
    "source_note_es",
}
ACTION_FIELDS = {
    "description_en",
    "description_es",
    "owner_institution",
    "owner",
    "due_on",
    "status",
    "completed_on",
}
REVIEW_FIELDS = {"reviewed_on", "likelihood", "impact", "notes", "next_review_on"}
REFUSED = gettext_lazy("You may not change the risk register of %(code)s.")


def _set_owners(risk: Risk, owners: Sequence[Mapping[str, Any]]) -> None:
    partner_ids = set(risk.program.partnerships.values_list("institution_id", flat=True))
    built, errors = [], []
    for index, raw in enumerate(owners, start=1):
        owner = RiskOwner(risk=risk, **raw)
        if owner.institution_id not in partner_ids:
            errors.append(_("Owner %(n)s: the institution is not a partner.") % {"n": index})
            continue
        if owner.user is not None and owner.user.institution != owner.institution:
            errors.append(
                _("Owner %(n)s: the user does not belong to that institution.") % {"n": index}
            )
            continue
        try:
            owner.full_clean(exclude=["risk"], validate_constraints=False)
        except ValidationError as exc:
            errors.extend(f"{index}: {m}" for m in exc.messages)
            continue
        built.append(owner)
    if len({o.institution_id for o in built}) != len(built):
        errors.append(_("One owner per institution."))
    if errors:
        raise ValidationError({"owners": errors})
    wanted = sorted(
        ({"institution": o.institution.code, "user": o.user_id, "name": o.name} for o in built),
        key=lambda o: str(o["institution"]),
    )
    if wanted == risk.audit_related()["owners"]:
        return
    for existing in risk.owners.all():
        existing.delete()
    for owner in built:
        owner.save()


@transaction.atomic
def risk_create(
    *,
    program: Program,
    data: Mapping[str, Any],
    actor: User,
    owners: Sequence[Mapping[str, Any]] | None = None,
) -> Risk:
    """Add a risk to the register; its number is the next free one unless given."""
    require(can_edit_risk_register(actor, program), REFUSED % {"code": program.code})
    risk = Risk(program=program)
    assign_fields(risk, data, RISK_FIELDS)
    if not risk.number:
        risk.number = max(program.risks.values_list("number", flat=True), default=0) + 1
    risk.full_clean()
    risk.save()
    if owners is not None:
        _set_owners(risk, owners)
    audit.record(actor=actor, action="risks.risk.create", obj=risk)
    return risk


@transaction.atomic
def risk_update(
    *,
    risk: Risk,
    data: Mapping[str, Any],
    actor: User,
    owners: Sequence[Mapping[str, Any]] | None = None,
) -> Risk:
    require(can_edit_risk_register(actor, risk.program), REFUSED % {"code": risk.program.code})
    lock_for_update(risk)
    before = audit.snapshot(risk)
    assign_fields(risk, data, RISK_FIELDS)
    risk.full_clean()
    if owners is not None:
        _set_owners(risk, owners)
    if audit.snapshot(risk) != before:
        risk.save()
        audit.record(actor=actor, action="risks.risk.update", obj=risk, before=before)
    return risk


@transaction.atomic
def risk_upsert(*, program: Program, number: int, data: Mapping[str, Any], actor: User) -> Risk:
    """Create risk `number` or bring it to `data`; nothing is written when equal (loaders)."""
    existing = Risk.objects.filter(program=program, number=number).first()
    if existing is None:
        return risk_create(program=program, data={**data, "number": number}, actor=actor)
    return risk_update(risk=existing, data=data, actor=actor)


@transaction.atomic
def risk_review_create(*, risk: Risk, data: Mapping[str, Any], actor: User) -> RiskReview:
    """Review a risk: the scores given become the risk's current ones, with the next review."""
    require(can_edit_risk_register(actor, risk.program), REFUSED % {"code": risk.program.code})
    lock_for_update(risk)
    review = RiskReview(risk=risk, reviewer=actor, institution=actor.institution)
    assign_fields(review, data, REVIEW_FIELDS)
    audit.save_and_record(review, actor=actor, action="risks.review.create")
    before = audit.snapshot(risk)
    if review.likelihood is not None:
        risk.likelihood, risk.impact = review.likelihood, review.impact
    risk.next_review_on = review.next_review_on
    risk.full_clean()
    if audit.snapshot(risk) != before:
        risk.save()
        audit.record(actor=actor, action="risks.risk.review", obj=risk, before=before)
    return review


@transaction.atomic
def risk_action_create(*, risk: Risk, data: Mapping[str, Any], actor: User) -> RiskAction:
    require(can_edit_risk_register(actor, risk.program), REFUSED % {"code": risk.program.code})
    action = RiskAction(risk=risk)
    assign_fields(action, data, ACTION_FIELDS)
    _check_action_owner(action)
    audit.save_and_record(action, actor=actor, action="risks.action.create")
    return action


@transaction.atomic
def risk_action_update(*, action: RiskAction, data: Mapping[str, Any], actor: User) -> RiskAction:
    require(
        can_edit_risk_register(actor, action.risk.program),
        REFUSED % {"code": action.risk.program.code},
    )
    lock_for_update(action)
    before = audit.snapshot(action)
    assign_fields(action, data, ACTION_FIELDS)
    _check_action_owner(action)
    audit.save_and_record(action, actor=actor, action="risks.action.update", before=before)
    return action


def _check_action_owner(action: RiskAction) -> None:
    partners = set(action.risk.program.partnerships.values_list("institution_id", flat=True))
    if action.owner_institution_id and action.owner_institution_id not in partners:
        raise ValidationError(
            {"owner_institution": _("The owner institution is not a partner of the program.")}
        )
