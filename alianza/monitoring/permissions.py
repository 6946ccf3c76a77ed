"""Who may do what with a program's monitoring. Reading (dashboard, reports, settings)
follows `can_view_internal` (partners only).

The thresholds are the partners' agreement: their coordinators change them. A period
report is signed by each partner's coordinator, for their own institution. A notification
is its recipient's alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alianza.accounts.choices import Role
from alianza.programs.permissions import can_manage_program

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from alianza.accounts.models import User
    from alianza.monitoring.models import Notification
    from alianza.programs.models import Program


def can_edit_monitoring_settings(user: User | AnonymousUser, program: Program) -> bool:
    """Change the thresholds the program monitors itself with: coordinators."""
    return can_manage_program(user, program)


def can_sign_period_report(user: User | AnonymousUser, program: Program) -> bool:
    """Sign the program's period report: the coordinator of a partner institution (for that
    institution; whether it has signed already is the report's business)."""
    membership = getattr(user, "active_membership", None) if user.is_authenticated else None
    return bool(
        membership
        and membership.role == Role.COORDINATOR
        and program.partnerships.filter(institution_id=membership.institution_id).exists()
    )


def can_read_notification(user: User | AnonymousUser, notification: Notification) -> bool:
    """A notification is read (and marked read) by the person it was left for only."""
    return bool(user.is_authenticated and notification.user_id == user.pk)
