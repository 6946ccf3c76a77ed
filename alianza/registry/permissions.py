"""Who may do what with the registry. Built on the programs' predicates: the registry of
a program is one of its working records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.models import AnonymousUser

from alianza.accounts.choices import EDITING_ROLES
from alianza.accounts.models import User
from alianza.programs.permissions import (
    can_edit_program_records,
    can_manage_program,
    can_view_internal,
)

if TYPE_CHECKING:
    from alianza.programs.models import Program

#: Who asks: registry pages and exports answer anonymous visitors too.
AnyUser: TypeAlias = User | AnonymousUser


def can_view_registry(user: AnyUser) -> bool:
    """The registry's pages (activities, map, network): everyone; each sees the public
    activities and those of the programs they are a partner in (`visible_to`)."""
    return True


def is_administrator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def can_edit_registry(user: AnyUser, program: Program | None) -> bool:
    """Import, add and change the program's registry activities: its editing roles. The
    activities of no program (an agency's registry, imported without choosing a program)
    are kept by administrators."""
    if program is None:
        return is_administrator(user)
    return can_edit_program_records(user, program)


def can_publish_activity(user: AnyUser, program: Program | None) -> bool:
    """Publish, unpublish or delete an activity: the program's coordinators (for an
    activity of no program, administrators)."""
    if program is None:
        return is_administrator(user)
    return can_manage_program(user, program)


def can_link_activity(user: AnyUser, activity: Any, program: Program) -> bool:
    """Link an activity of no program to `program` (it joins the program's registry): an
    editor of the program who may see the activity, or an administrator."""
    from alianza.registry.models import Activity

    if activity.program_id is not None or not can_edit_registry(user, program):
        return False
    return Activity.objects.visible_to(user).filter(pk=activity.pk).exists()


def can_import_into_registry(user: AnyUser) -> bool:
    """Whether the user may import into some program's registry (an IATI file, the
    Datastore, a spreadsheet): the import pages are offered to them only."""
    from alianza.programs.models import Program

    if not user.is_authenticated:
        return False
    if is_administrator(user):
        return True
    return any(can_edit_registry(user, p) for p in Program.objects.visible_to(user))


def can_view_imports(user: AnyUser, program: Program | None) -> bool:
    """Import jobs, their reports and data quality: partner members (imports into no
    program: administrators)."""
    if program is None:
        return is_administrator(user)
    return can_view_internal(user, program)


def can_keep_organisations(user: AnyUser) -> bool:
    """The organisations reference list: administrators and any editing role."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    membership = user.active_membership
    return bool(membership and membership.role in EDITING_ROLES)
