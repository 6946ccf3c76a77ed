"""Who may do what with the staffing scenarios. The partners read them
(`can_view_internal`); the coordinators define the scenarios and adjust and save their
plans, as a plan decides which positions the program keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.programs.permissions import can_manage_program

if TYPE_CHECKING:
    from alianza.programs.models import Program


def can_plan_staffing(user: Any, program: Program) -> bool:
    return can_manage_program(user, program)
