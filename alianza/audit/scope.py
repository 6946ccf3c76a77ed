"""How the audit app learns which programs a user is a partner in, without importing them.

The programs app registers its resolver at start-up (ProgramsConfig.ready).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_resolver: Callable[[object], Iterable[int]] | None = None


def register_internal_program_resolver(func: Callable[[object], Iterable[int]]) -> None:
    global _resolver
    _resolver = func


def internal_program_ids(user) -> list[int]:
    if _resolver is None:
        return []
    return list(_resolver(user))
