"""Reads of the joint governance records."""

from __future__ import annotations

from alianza.accounts.choices import FocalArea, Role
from alianza.accounts.models import Membership


def focal_points(program) -> list[dict]:
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
