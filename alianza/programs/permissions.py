"""Who may do what with a program's records. Every view and viewset asks here.

Deny by default: a user reads a program's internal records only as a member of
one of its partner institutions, and changes them only with an editing role.
Program structure (phases, components, documents, revisions) is the partners'
agreement: only their coordinators change it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from alianza.accounts.choices import EDITING_ROLES, Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from alianza.accounts.models import Membership
    from alianza.programs.models import Program

#: Who the rules are asked about: a signed-in `User` or Django's `AnonymousUser` (every
#: rule reads `is_authenticated` before anything a user has).
AnyUser = Any

#: A rule of this module: may this user do this with this program's records?
Rule = Callable[[Any, "Program"], bool]


def require(allowed: bool, message: str) -> None:
    """The one refusal of every service: raise `PermissionDenied(message)` unless allowed.

    Services call it first, with a rule of this module and a message naming the program:
    `require(can_edit_program_records(actor, program), _("You may not ...") % {...})`.
    """
    if not allowed:
        raise PermissionDenied(message)


def program_for(request: HttpRequest, code: str, *, may: Rule | None = None) -> Program:
    """The one prologue of every program page: the program named `code`, if the user may
    see it at all (404 otherwise, so that a private program's existence does not leak) and
    if `may(user, program)` allows them (default: `can_view_internal`). A refusal raises
    `PermissionDenied`, which `LoginForAnonymousMiddleware` answers: 403 for a signed-in
    user, the login page for an anonymous visitor. Public pages pass `may=can_view_program`.
    """
    from alianza.programs.models import Program

    program = Program.objects.visible_to(request.user).filter(code=code).first()
    if program is None:
        raise Http404(_("No such program."))
    if not (may or can_view_internal)(request.user, program):
        raise PermissionDenied
    return program


def internal_program_ids(user: AnyUser) -> Iterable[int]:
    from alianza.programs.models import Program

    return Program.objects.with_internal_access(user).values_list("pk", flat=True)


def _partner_membership(user: AnyUser, program: Program) -> Membership | None:
    if not user.is_authenticated:
        return None
    membership = user.active_membership
    if membership is None:
        return None
    cache = getattr(user, "_partner_cache", None)
    if cache is None:
        cache = user._partner_cache = {}
    key = (program.pk, membership.institution_id)
    if key not in cache:
        cache[key] = program.partnerships.filter(institution_id=membership.institution_id).exists()
    return membership if cache[key] else None


def is_partner_member(user: AnyUser, program: Program) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or _partner_membership(user, program)))


def can_view_program(user: AnyUser, program: Program) -> bool:
    return program.is_public or is_partner_member(user, program)


def can_view_internal(user: AnyUser, program: Program) -> bool:
    """Internal records: revisions, funding, non-public initiatives, the change history."""
    return is_partner_member(user, program)


def can_edit_program_records(user: AnyUser, program: Program) -> bool:
    """Create and change initiatives and other working records of the program."""
    if user.is_authenticated and user.is_superuser:
        return True
    membership = _partner_membership(user, program)
    return bool(membership and membership.role in EDITING_ROLES)


def can_manage_program(user: AnyUser, program: Program) -> bool:
    """Change the program's structure, or delete its records: coordinators only."""
    if user.is_authenticated and user.is_superuser:
        return True
    membership = _partner_membership(user, program)
    return bool(membership and membership.role == Role.COORDINATOR)
