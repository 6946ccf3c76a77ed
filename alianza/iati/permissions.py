"""Who may do what with IATI files. An import writes registry activities, so its rule is
the registry's; exports answer what the asker may see (the querysets' `visible_to`) and
need no rule of their own."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from alianza.accounts.models import User
from alianza.programs.models import Program
from alianza.registry.permissions import can_edit_registry

#: Who asks: exports and public pages answer anonymous visitors too.
AnyUser: TypeAlias = User | AnonymousUser


def can_import_iati(user: AnyUser, program: Program | None) -> bool:
    """Import a file into the program's registry (or, with no program, the registry of the
    installation: administrators), or run a failed import again."""
    return can_edit_registry(user, program)


def importable_programs(user: AnyUser) -> list[Program]:
    """The programs the user may import into (the upload form's choices)."""
    return [p for p in Program.objects.visible_to(user) if can_import_iati(user, p)]
