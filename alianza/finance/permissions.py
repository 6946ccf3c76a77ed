"""Who may change money records. Reading follows `can_view_internal` (partners only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alianza.accounts.choices import Role
from alianza.programs.permissions import can_edit_program_records, can_manage_program

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from alianza.accounts.models import User
    from alianza.programs.models import Program


def can_edit_exchange_rates(user: User | AnonymousUser) -> bool:
    """Exchange rates are a shared reference list: administrators and coordinators."""
    if not user.is_authenticated:
        return False
    membership = getattr(user, "active_membership", None)
    return bool(user.is_superuser or (membership and membership.role == Role.COORDINATOR))


def can_edit_budget(user: User | AnonymousUser, program: Program) -> bool:
    """Budgets are the partners' agreement: coordinators."""
    return can_manage_program(user, program)


def can_edit_transactions(user: User | AnonymousUser, program: Program) -> bool:
    return can_edit_program_records(user, program)


def can_delete_financial_records(user: User | AnonymousUser, program: Program) -> bool:
    """Deleting money records (budget lines, transactions) is for coordinators, as for every
    delete in a program; editors and focal points correct them instead."""
    return can_manage_program(user, program)


def can_delete_exchange_rates(user: User | AnonymousUser) -> bool:
    """Exchange rates are shared by every program: administrators and coordinators."""
    return can_edit_exchange_rates(user)
