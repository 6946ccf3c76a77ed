"""Reads of deployments shared by the pages, the API and the export: the list with its
totals, one mission with each person's checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Sum
from django.utils.translation import gettext as _

from alianza.deployments.models import DeployedPerson, Deployment, DeploymentDestination

if TYPE_CHECKING:
    from alianza.programs.models import Program


def needs_duty_of_care(deployment: Deployment) -> bool:
    """Whether any destination of the mission is a site with vulnerable populations."""
    return any(d.vulnerable_populations for d in deployment.destinations.all())


def approval_errors(deployment: Deployment) -> dict[str, list[str]]:
    """What keeps the mission from being approved, keyed by field; empty when it may be.
    Each incomplete checklist is named by its person with the items missing."""
    errors: dict[str, list[str]] = {}
    record = deployment.label
    if not (deployment.start_date and deployment.end_date):
        errors["start_date"] = [
            _("%(record)s needs its start and end dates before it is approved.")
            % {"record": record}
        ]
    people = list(deployment.people.select_related("specialist__personal_data", "deployment"))
    if not people:
        errors["people"] = [
            _("%(record)s names nobody: add the people deployed before approving it.")
            % {"record": record}
        ]
    elif needs_duty_of_care(deployment):
        incomplete = [
            _("%(record)s: the checklist of %(person)s is incomplete (missing: %(items)s).")
            % {
                "record": record,
                "person": person.specialist,
                "items": ", ".join(str(item.label) for item in missing),
            }
            for person in people
            if (missing := person.missing_items())
        ]
        if incomplete:
            errors["people"] = incomplete
    return errors


def deployments_for_list(queryset: Any) -> Any:
    return (
        queryset.select_related("program", "initiative", "approved_by")
        .prefetch_related(
            Prefetch("destinations", queryset=DeploymentDestination.objects.order_by("pk"))
        )
        .annotate(named_people=Count("people", distinct=True))
        .order_by("program__code", "number")
    )


def deployment_register(program: Program) -> dict[str, Any]:
    """The list page: every mission of the program, and how many people went: those named
    and, for missions known only in aggregate, the totals the sources give."""
    deployments = list(deployments_for_list(Deployment.objects.filter(program=program)))
    totals = Deployment.objects.filter(program=program).aggregate(
        reported=Sum("reported_headcount")
    )
    return {
        "deployments": deployments,
        "named_total": DeployedPerson.objects.filter(deployment__program=program).count(),
        "reported_total": totals["reported"] or 0,
    }


def deployment_page(deployment: Deployment) -> dict[str, Any]:
    """One mission: destinations, each person with the checklist items they miss, and what
    still keeps the mission from approval."""
    people = [
        {"person": p, "missing": p.missing_items()}
        for p in deployment.people.select_related(
            "specialist__personal_data", "deployment"
        ).order_by("pk")
    ]
    blockers = [m for messages in approval_errors(deployment).values() for m in messages]
    return {
        "deployment": deployment,
        "destinations": deployment.destinations.order_by("pk"),
        "people": people,
        "duty_of_care": needs_duty_of_care(deployment),
        "blockers": blockers,
    }
