"""Who may change consultancies. Reading follows `can_view_internal` (partners only).

The editing roles of a partner (editors, focal points, coordinators) register contracts,
deliverables, reviews and payments; ending a contract early is the partners' decision,
taken by their coordinators. Which institution a review is recorded for is a rule of the
review itself (`services.deliverable_review`), not of the user's role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alianza.programs.permissions import can_edit_program_records, can_manage_program

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from alianza.accounts.models import User
    from alianza.programs.models import Program


def can_edit_contracts(user: User | AnonymousUser, program: Program) -> bool:
    """Register and change contracts, deliverables, quality reviews and payments."""
    return can_edit_program_records(user, program)


def can_terminate_contract(user: User | AnonymousUser, program: Program) -> bool:
    """End a contract early: coordinators."""
    return can_manage_program(user, program)
