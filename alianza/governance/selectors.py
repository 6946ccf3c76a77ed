"""Reads of the joint governance records: focal points, meetings' attendance, disputes
with the step each one waits for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.models import Institution, Membership
from alianza.governance.choices import DisputeStage
from alianza.governance.models import BoardMeeting, Dispute

if TYPE_CHECKING:
    from alianza.programs.models import Program


def partner_ids(program: Program) -> list[int]:
    return list(program.partnerships.values_list("institution_id", flat=True))


def focal_points(program: Program) -> list[dict[str, Any]]:
    """Per partner institution: its coordinators and its focal points by area (Figure 5)."""
    partners = [p.institution for p in program.partnerships.select_related("institution")]
    memberships = (
        Membership.objects.filter(
            institution__in=partners,
            is_active=True,
            user__is_active=True,
            role__in=[Role.COORDINATOR, Role.FOCAL_POINT],
        )
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    rows = []
    for institution in partners:
        mine = [m for m in memberships if m.institution_id == institution.pk]
        rows.append(
            {
                "institution": institution,
                "coordinators": [m.user for m in mine if m.role == Role.COORDINATOR],
                "areas": [
                    (area.label, [m.user for m in mine if m.area == area.value])
                    for area in FocalArea
                ],
            }
        )
    return rows


def meeting_page(meeting: BoardMeeting) -> dict[str, Any]:
    """A board meeting with who attended, grouped by institution, its decisions and the
    action items it set."""
    by_institution: dict[Institution, list[Any]] = {}
    for row in meeting.attendance.select_related("institution"):
        by_institution.setdefault(row.institution, []).append(row)
    return {
        "meeting": meeting,
        "attendance": by_institution.items(),
        "decisions": meeting.decisions.all(),
        "actions": meeting.action_items.select_related("owner_institution", "owner"),
    }


def disputes_with_stage(program: Program) -> list[Dispute]:
    """The program's disputes, each with the label of the step it is at (`stage_label`)."""
    partners = partner_ids(program)
    disputes = list(
        program.disputes.select_related(
            "opened_by_institution", "contract", "initiative"
        ).prefetch_related("agreements")
    )
    for dispute in disputes:
        dispute.stage_label = DisputeStage(dispute.stage(partners)).label  # type: ignore[attr-defined]  # shown by the list page only
    return disputes


def dispute_case(dispute: Dispute) -> dict[str, Any]:
    """One dispute's page: the step it is at (`step` None once decided), its agreements and
    the partner institutions it waits for."""
    partners = partner_ids(dispute.program)
    stage = dispute.stage(partners)
    return {
        "dispute": dispute,
        "stage": stage,
        "stage_label": DisputeStage(stage).label,
        "step": None if stage == DisputeStage.CLOSED else stage,
        "agreements": dispute.agreements.select_related("institution", "agreed_by").order_by(
            "agreed_on", "id"
        ),
        "waiting": Institution.objects.filter(pk__in=dispute.waiting_for(partners)),
    }
