"""How the audit app learns which programs a user is a partner in, and which program a code
names, without importing the programs app (which sits above it).

The programs app registers its resolvers at start-up (ProgramsConfig.ready).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_resolver: Callable[[object], Iterable[int]] | None = None
_code_resolver: Callable[[str], int | None] | None = None


def register_internal_program_resolver(func: Callable[[object], Iterable[int]]) -> None:
    global _resolver
    _resolver = func


def internal_program_ids(user: object) -> list[int]:
    if _resolver is None:
        return []
    return list(_resolver(user))


def register_program_code_resolver(func: Callable[[str], int | None]) -> None:
    global _code_resolver
    _code_resolver = func


def program_id_for_code(code: str) -> int | None:
    """The id of the program `code` names (any case), or None."""
    if _code_resolver is None:
        return None
    return _code_resolver(code)
