"""Writes to deployments. A mission to a site with vulnerable populations is approved only
when every person deployed has a complete duty-of-care checklist; a change that makes an
approved mission fail that test withdraws its approval in the same transaction, recorded.

None of these is `durable`: pages and the API call them inside the transaction that checks
the record's version, and load_procap runs its loaders in one transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.accounts.models import User
from alianza.audit import services as audit
from alianza.core.concurrency import lock_for_update
from alianza.core.services import assign_fields
from alianza.deployments.choices import DeploymentStatus
from alianza.deployments.models import DeployedPerson, Deployment, DeploymentDestination
from alianza.deployments.permissions import can_approve_deployment, can_edit_deployments
from alianza.deployments.selectors import approval_errors
from alianza.programs.models import Program
from alianza.programs.permissions import require

DEPLOYMENT_FIELDS = {
    "number",
    "title_en",
    "title_es",
    "purpose_en",
    "purpose_es",
    "initiative",
    "start_date",
    "end_date",
    "reported_headcount",
    "source_note_en",
    "source_note_es",
    "translated_fields",
}
DESTINATION_FIELDS = ("country", "place", "site_en", "site_es", "vulnerable_populations")
PERSON_FIELDS = {"first_aid_on", "code_of_conduct_on", "data_protection_on"}
REFUSED = gettext_lazy("You may not change the deployments of %(code)s.")
REFUSED_APPROVAL = gettext_lazy("Only the coordinators of %(code)s approve its deployments.")


def _set_destinations(deployment: Deployment, destinations: Sequence[Mapping[str, Any]]) -> None:
    built: list[DeploymentDestination] = []
    errors: list[str] = []
    for index, raw in enumerate(destinations, start=1):
        destination = DeploymentDestination(deployment=deployment)
        assign_fields(destination, raw, set(DESTINATION_FIELDS))
        try:
            destination.full_clean(exclude=["deployment"])
        except ValidationError as exc:
            errors.extend(
                _("%(record)s, destination %(n)s: %(message)s")
                % {"record": deployment.label, "n": index, "message": message}
                for message in exc.messages
            )
            continue
        built.append(destination)
    if errors:
        raise ValidationError({"destinations": errors})
    wanted = [{k: getattr(d, k) for k in DESTINATION_FIELDS} for d in built]
    current = [
        {k: d[k] for k in DESTINATION_FIELDS} for d in deployment.audit_related()["destinations"]
    ]
    if wanted == current:
        return
    for existing in deployment.destinations.all():
        existing.delete()
    for destination in built:
        destination.save()


def _keep_approval_honest(deployment: Deployment, actor: User) -> None:
    """An approved mission that would no longer pass (a new person, a checklist item undone,
    new dates beyond someone's insurance) goes back to planned, recorded."""
    if not deployment.is_approved or not approval_errors(deployment):
        return
    before = audit.snapshot(deployment)
    deployment.status, deployment.approved_by, deployment.approved_on = (
        DeploymentStatus.PLANNED,
        None,
        None,
    )
    deployment.save()
    audit.record(
        actor=actor, action="deployments.deployment.withdraw", obj=deployment, before=before
    )


@transaction.atomic
def deployment_create(
    *,
    program: Program,
    data: Mapping[str, Any],
    actor: User,
    destinations: Sequence[Mapping[str, Any]] | None = None,
) -> Deployment:
    """Plan a mission; its number is the next free one unless given."""
    require(can_edit_deployments(actor, program), REFUSED % {"code": program.code})
    deployment = Deployment(program=program)
    assign_fields(deployment, data, DEPLOYMENT_FIELDS)
    if not deployment.number:
        deployment.number = max(program.deployments.values_list("number", flat=True), default=0) + 1
    deployment.full_clean()
    deployment.save()
    if destinations is not None:
        _set_destinations(deployment, destinations)
    audit.record(actor=actor, action="deployments.deployment.create", obj=deployment)
    return deployment


@transaction.atomic
def deployment_update(
    *,
    deployment: Deployment,
    data: Mapping[str, Any],
    actor: User,
    destinations: Sequence[Mapping[str, Any]] | None = None,
) -> Deployment:
    program = deployment.program
    require(can_edit_deployments(actor, program), REFUSED % {"code": program.code})
    lock_for_update(deployment)
    before = audit.snapshot(deployment)
    assign_fields(deployment, data, DEPLOYMENT_FIELDS)
    deployment.full_clean()
    if destinations is not None:
        _set_destinations(deployment, destinations)
    if audit.snapshot(deployment) != before:
        deployment.save()
        audit.record(
            actor=actor, action="deployments.deployment.update", obj=deployment, before=before
        )
        _keep_approval_honest(deployment, actor)
    return deployment


@transaction.atomic
def deployment_upsert(
    *,
    program: Program,
    number: int,
    data: Mapping[str, Any],
    actor: User,
    destinations: Sequence[Mapping[str, Any]] | None = None,
) -> Deployment:
    """Create mission `number` or bring it to `data`; nothing is written when equal."""
    existing = Deployment.objects.filter(program=program, number=number).first()
    if existing is None:
        return deployment_create(
            program=program,
            data={**data, "number": number},
            actor=actor,
            destinations=destinations,
        )
    return deployment_update(deployment=existing, data=data, actor=actor, destinations=destinations)


@transaction.atomic
def deployment_approve(
    *, deployment: Deployment, actor: User, approved_on: datetime.date | None = None
) -> Deployment:
    """Approve a mission: refused, naming each person and the checklist items they miss,
    while any destination has vulnerable populations and a checklist is incomplete."""
    program = deployment.program
    require(can_approve_deployment(actor, program), REFUSED_APPROVAL % {"code": program.code})
    lock_for_update(deployment)
    errors = approval_errors(deployment)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(deployment)
    deployment.status = DeploymentStatus.APPROVED
    deployment.approved_by = actor
    deployment.approved_on = approved_on or timezone.localdate()
    audit.save_and_record(
        deployment, actor=actor, action="deployments.deployment.approve", before=before
    )
    return deployment


def _check_new_person(person: DeployedPerson) -> None:
    deployment = person.deployment
    if person.specialist_id is None:
        raise ValidationError(
            {
                "specialist": _("%(record)s: choose the specialist deployed.")
                % {"record": deployment.label}
            }
        )
    if deployment.people.filter(specialist_id=person.specialist_id).exists():
        raise ValidationError(
            {
                "specialist": _("%(person)s is already on %(record)s.")
                % {"person": person.specialist, "record": deployment.label}
            }
        )


@transaction.atomic
def person_add(
    *, deployment: Deployment, specialist: Any, data: Mapping[str, Any], actor: User
) -> DeployedPerson:
    """Put a specialist on a mission, with what their checklist holds so far."""
    program = deployment.program
    require(can_edit_deployments(actor, program), REFUSED % {"code": program.code})
    lock_for_update(deployment)
    person = DeployedPerson(deployment=deployment, specialist=specialist)
    _check_new_person(person)
    assign_fields(person, data, PERSON_FIELDS)
    audit.save_and_record(person, actor=actor, action="deployments.person.create")
    _keep_approval_honest(deployment, actor)
    return person


@transaction.atomic
def person_update(
    *, person: DeployedPerson, data: Mapping[str, Any], actor: User
) -> DeployedPerson:
    """Keep a person's checklist."""
    deployment = person.deployment
    require(
        can_edit_deployments(actor, deployment.program), REFUSED % {"code": deployment.program.code}
    )
    lock_for_update(person)
    before = audit.snapshot(person)
    assign_fields(person, data, PERSON_FIELDS)
    audit.save_and_record(person, actor=actor, action="deployments.person.update", before=before)
    _keep_approval_honest(deployment, actor)
    return person


@transaction.atomic
def person_remove(*, person: DeployedPerson, actor: User) -> None:
    """Take a person off a mission."""
    deployment = person.deployment
    require(
        can_edit_deployments(actor, deployment.program), REFUSED % {"code": deployment.program.code}
    )
    lock_for_update(person)
    audit.delete_and_record(person, actor=actor, action="deployments.person.delete")
    _keep_approval_honest(deployment, actor)
