"""Audited models refuse writes that would skip the trail.

`QuerySet.update()`, `delete()`, `bulk_create()` and `bulk_update()` write many
rows without calling a service, so no ChangeRecord would say who did it. On
audited models they raise, unless a migration or a maintenance command opens
`bulk_writes_allowed()` on purpose.

One narrow exception: an aggregate written whole by one service (a registry activity with
its transactions, budgets, sectors...). Inside `audit.covered_by()` (`audit.services`),
the aggregate's root model (it names its owned relations in `audit_owned`) may be created
and updated in bulk, and its children (they name their parent in `audit_parent`) created
and deleted in bulk; every root row touched must get its own change record in the same
context, or the context raises on exit and the transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections, models

from alianza.audit import bulk

_allowed: ContextVar[bool] = ContextVar("alianza_bulk_writes_allowed", default=False)
#: The open `covered_by()` context, if any (an object with `touch(model, ids)`).
_cover: ContextVar[Any] = ContextVar("alianza_audit_cover", default=None)


class AuditBypassError(RuntimeError):
    """A bulk write on an audited model was attempted outside a service."""


@contextmanager
def bulk_writes_allowed() -> Iterator[None]:
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def aggregate_root(model: type[models.Model]) -> type[models.Model] | None:
    """The audited aggregate a model's rows belong to: the model itself when it declares
    the relations it owns (`audit_owned`), its parent's model when it declares its parent
    (`audit_parent`, the name of the foreign key), None otherwise."""
    if getattr(model, "audit_owned", None):
        return model
    parent = getattr(model, "audit_parent", None)
    if parent:
        return model._meta.get_field(parent).related_model
    return None


def audit_parent(model: type[models.Model]) -> str:
    """The name of the foreign key to the aggregate a child model declares ("" if none)."""
    return getattr(model, "audit_parent", "") or ""


def _covered(model: type[models.Model], operation: str) -> bool:
    cover = _cover.get()
    if cover is None or _allowed.get():
        return False
    root = aggregate_root(model)
    if root is None:
        return False
    if root is model and operation not in ("bulk_create", "bulk_update"):
        return False
    return root is model or operation in ("bulk_create", "QuerySet.delete")


def _root_ids(model: type[models.Model], objs: Any) -> set:
    parent = getattr(model, "audit_parent", None)
    if parent is None:
        return {obj.pk for obj in objs}
    attname = model._meta.get_field(parent).attname
    return {getattr(obj, attname) for obj in objs}


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
        if _covered(self.model, "QuerySet.delete"):
            parent = self.model._meta.get_field(self.model.audit_parent).attname
            ids = set(self.values_list(parent, flat=True).distinct())
            _cover.get().touch(aggregate_root(self.model), ids)
            with bulk_writes_allowed():
                return super().delete()
        _refuse(self.model, "QuerySet.delete")
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        if _covered(self.model, "bulk_create"):
            with bulk_writes_allowed():
                connection = connections[self.db]
                if connection.vendor == "postgresql" and not args and not kwargs:
                    created = bulk.copy_insert(self.model, list(objs), connection)
                else:
                    created = super().bulk_create(objs, *args, **kwargs)
            if any(obj.pk is None for obj in created) and aggregate_root(self.model) is self.model:
                raise AuditBypassError(
                    f"bulk_create() on {self.model._meta.label} returned no primary keys: "
                    "their change records could not name them."
                )
            _cover.get().touch(aggregate_root(self.model), _root_ids(self.model, created))
            return created
        _refuse(self.model, "bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        if _covered(self.model, "bulk_update"):
            objs = list(objs)
            _cover.get().touch(self.model, _root_ids(self.model, objs))
            with bulk_writes_allowed():
                return super().bulk_update(objs, *args, **kwargs)
        _refuse(self.model, "bulk_update")
        return super().bulk_update(objs, *args, **kwargs)

    def update_or_create(self, *args, **kwargs):
        _refuse(self.model, "update_or_create")
        return super().update_or_create(*args, **kwargs)
