"""Who may change money records. Reading follows `can_view_internal` (partners only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alianza.programs.permissions import can_edit_program_records, can_manage_program

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from alianza.accounts.models import User
    from alianza.programs.models import Program


#: The permission that lets a user who is not an administrator keep the exchange rates
#: (given in the admin, to a user or a group: a finance officer of the installation).
MANAGE_EXCHANGE_RATES = "finance.manage_exchange_rates"


def can_edit_exchange_rates(user: User | AnonymousUser) -> bool:
    """Exchange rates are a list every program shares: administrators and the holders of
    the "Can change the shared exchange rates" permission, never a program's coordinator
    as such (one program's coordinator would change the rates another program converts
    with)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or user.has_perm(MANAGE_EXCHANGE_RATES))


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
    """Exchange rates are shared by every program: as for changing them."""
    return can_edit_exchange_rates(user)
