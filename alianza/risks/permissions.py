"""Who may do what with the joint risk register. Reading follows `can_view_internal`
(the program's partners); the pages and services ask here before changing anything."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.programs.permissions import can_edit_program_records

if TYPE_CHECKING:
    from alianza.programs.models import Program


def can_edit_risk_register(user: Any, program: Program) -> bool:
    """Risks, their owners, treatment actions and reviews: the partners' editing roles."""
    return can_edit_program_records(user, program)
