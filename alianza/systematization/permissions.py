"""Who may do what with a program's systematization. Pages, API and services ask here.

Anyone who may see a program reads its criteria, consolidated results (of initiatives
they may see), figures, lessons and recommendations. The working records (each
assessor's scoring, informants and interviews, management responses and key actions)
are for the program's partners. Editing roles assess, code interviews, write lessons and
follow actions up; coordinators settle disagreements, choose special mentions, keep the
criteria and recommendations, and answer for their own institution.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from alianza.accounts.choices import Role
from alianza.programs.permissions import (
    can_edit_program_records,
    can_manage_program,
    can_view_internal,
    can_view_program,
    is_partner_member,
)

if TYPE_CHECKING:
    from alianza.accounts.models import Institution
    from alianza.programs.models import Program


def can_view_systematization(user: Any, program: Program) -> bool:
    return can_view_program(user, program)


def can_view_working_records(user: Any, program: Program) -> bool:
    """Assessments by assessor, informants, interviews, responses and actions."""
    return can_view_internal(user, program)


def can_assess(user: Any, program: Program) -> bool:
    return can_edit_program_records(user, program)


def can_consolidate(user: Any, program: Program) -> bool:
    """Create consolidated results, settle disagreements, choose special mentions."""
    return can_manage_program(user, program)


def can_manage_systematization(user: Any, program: Program) -> bool:
    """Criteria sets, periods, the analysis frame, recommendations."""
    return can_manage_program(user, program)


def can_edit_learning(user: Any, program: Program) -> bool:
    """Informants, interviews and excerpts, nominations, lessons, key actions and their
    follow-up."""
    return can_edit_program_records(user, program)


def can_respond_for(user: Any, program: Program, institution: Institution) -> bool:
    """A coordinator answers for their own institution, when it is a partner."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    membership = user.active_membership
    return bool(
        membership
        and membership.role == Role.COORDINATOR
        and membership.institution_id == institution.pk
        and is_partner_member(user, program)
    )
