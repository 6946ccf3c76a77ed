"""Who may do what with deployments. Reading follows `can_view_internal` (the program's
partners); their editing roles plan missions and keep the checklists; only coordinators
approve a mission, as its approval is the partners' duty of care."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.programs.permissions import can_edit_program_records, can_manage_program

if TYPE_CHECKING:
    from alianza.programs.models import Program


def can_edit_deployments(user: Any, program: Program) -> bool:
    """Missions, their destinations, the people deployed and their checklists."""
    return can_edit_program_records(user, program)


def can_approve_deployment(user: Any, program: Program) -> bool:
    """Approving a mission: the program's coordinators."""
    return can_manage_program(user, program)
