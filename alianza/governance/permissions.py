"""Who may do what with the joint governance records. Reading follows `can_view_internal`
(the program's partners); the pages and services ask here before changing anything."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.programs.permissions import can_edit_program_records, can_manage_program

if TYPE_CHECKING:
    from alianza.programs.models import Program


def can_edit_governance_records(user: Any, program: Program) -> bool:
    """Board meetings, action items, and opening a dispute: the partners' editing roles."""
    return can_edit_program_records(user, program)


def can_take_dispute_step(user: Any, program: Program) -> bool:
    """Agreeing a dispute's criteria, appointing its expert, recording the opinion and
    deciding speak for a partner institution: its coordinators."""
    return can_manage_program(user, program)
