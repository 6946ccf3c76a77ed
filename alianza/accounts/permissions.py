"""Who may change the shared lists of the accounts app.

Institutions belong to no program: every program points at them (its partners, the
organizations of its initiatives and consultancies), so one program's coordinator must not
rename or re-parent an institution another program depends on. The rules:

- a new institution may be added by an administrator or by any program's coordinator (a
  coordinator adds the partners and organizations their program works with);
- an existing institution is changed by administrators, by holders of the Django permission
  `accounts.change_institution` (the role the documentation names for keepers of the
  shared lists), and by the coordinators who are members of that institution (it is theirs).

Users and memberships are the administrators' (`services.user_create`, `membership_set`).
"""

from __future__ import annotations

from alianza.accounts.choices import Role
from alianza.accounts.models import Institution, Membership, User


def _coordinator_membership(user: User) -> Membership | None:
    membership = getattr(user, "active_membership", None)
    if membership is not None and membership.role == Role.COORDINATOR:
        return membership
    return None


def can_create_institution(user: User) -> bool:
    """Administrators and any program's coordinators add institutions."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or _coordinator_membership(user))


def can_change_institution(user: User, institution: Institution) -> bool:
    """Administrators, keepers of the shared lists and the institution's own coordinators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_perm("accounts.change_institution"):
        return True
    membership = _coordinator_membership(user)
    return membership is not None and membership.institution_id == institution.pk
