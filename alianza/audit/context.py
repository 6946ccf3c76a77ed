"""Request-scoped audit context: where a change comes from (web, api, a command)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AuditContext:
    source: str = ""
    request_id: str = ""
    #: The X-Request-ID a client sent, if it was a plain token: kept apart from ours.
    client_request_id: str = ""


_EMPTY = AuditContext()  # frozen, so a shared default is safe
_current: ContextVar[AuditContext] = ContextVar("alianza_audit_context", default=_EMPTY)  # noqa: B039


def current() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(
    *, source: str, request_id: str | None = None, client_request_id: str = ""
) -> Iterator[AuditContext]:
    """Label every change written inside the block (commands, importers, requests)."""
    ctx = replace(
        _current.get(),
        source=source,
        request_id=request_id or uuid.uuid4().hex,
        client_request_id=client_request_id,
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
