"""Audited models refuse writes that would skip the trail.

`QuerySet.update()`, `delete()`, `bulk_create()` and `bulk_update()` write many
rows without calling a service, so no ChangeRecord would say who did it. On
audited models they raise, unless a migration or a maintenance command opens
`bulk_writes_allowed()` on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

_allowed: ContextVar[bool] = ContextVar("alianza_bulk_writes_allowed", default=False)


class AuditBypassError(RuntimeError):
    """A bulk write on an audited model was attempted outside a service."""


@contextmanager
def bulk_writes_allowed() -> Iterator[None]:
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def _refuse(model: type[models.Model], operation: str) -> None:
    if not _allowed.get():
        raise AuditBypassError(
            f"{operation}() on {model._meta.label} would skip the audit trail; "
            "write through the model's service functions."
        )


class AuditedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse(self.model, "QuerySet.update")
        return super().update(**kwargs)

    def delete(self):
        _refuse(self.model, "QuerySet.delete")
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        _refuse(self.model, "bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        _refuse(self.model, "bulk_update")
        return super().bulk_update(objs, *args, **kwargs)

    def update_or_create(self, *args, **kwargs):
        _refuse(self.model, "update_or_create")
        return super().update_or_create(*args, **kwargs)
