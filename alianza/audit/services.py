"""Write the audit trail. Called by every service, inside its transaction.

before = audit.snapshot(initiative)
... change and save ...
audit.record(actor=actor, action="initiatives.initiative.update", obj=initiative,
             before=before)
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from alianza.audit.context import current
from alianza.audit.models import ChangeRecord, Operation

_SKIPPED_FIELDS = {"created_at", "updated_at"}


class AuditError(RuntimeError):
    pass


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's stored values (and its owned children, if it says which), as JSON."""
    data: dict[str, Any] = {}
    excluded = _SKIPPED_FIELDS | set(getattr(obj, "audit_exclude", ()))
    for field in obj._meta.concrete_fields:
        if field.name in excluded:
            continue
        data[field.attname] = field.value_from_object(obj)
    related = getattr(obj, "audit_related", None)
    if callable(related) and obj.pk is not None:
        data.update(related())
    return _jsonable(data)


def _program_id(obj: models.Model) -> int | None:
    hook = getattr(obj, "audit_program_id", None)
    if callable(hook):
        return hook()
    if obj._meta.label == "programs.Program":
        return obj.pk
    return getattr(obj, "program_id", None)


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    deleted: bool = False,
    object_id: Any = None,
    secret_fields: tuple[str, ...] = (),
) -> ChangeRecord | None:
    """Write one ChangeRecord for a change to `obj`; None when nothing changed.

    `before` is the snapshot taken before the change (None for a creation).
    For a deletion pass `deleted=True` and the id the record had. `secret_fields`
    names fields that changed but whose values never enter the trail (a password).
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise AuditError(f"{action}: audit records must be written inside the change's transaction")
    if deleted:
        operation, after = Operation.DELETE, None
    elif before is None:
        operation, after = Operation.CREATE, snapshot(obj)
    else:
        operation, after = Operation.UPDATE, snapshot(obj)
    keys = sorted(set(before or {}) | set(after or {}))
    changed = [k for k in keys if (before or {}).get(k) != (after or {}).get(k)]
    changed += [k for k in secret_fields if k not in changed]
    if operation == Operation.UPDATE and not changed:
        return None
    ctx = current()
    membership = getattr(actor, "active_membership", None) if actor is not None else None
    from django.contrib.contenttypes.models import ContentType

    pk = object_id if object_id is not None else obj.pk
    return ChangeRecord.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or "",
        actor_institution=membership.institution if membership else None,
        action=action,
        operation=operation,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(pk),
        object_repr=str(obj)[:255],
        program_id=_program_id(obj),
        before=before,
        after=after,
        changed_fields=changed,
        source=ctx.source,
        request_id=ctx.request_id,
    )


def save_and_record(
    obj: models.Model, *, actor, action: str, before: dict | None = None, **clean
) -> ChangeRecord | None:
    """The usual end of a service: validate, save, and write the change record.

    `before` is the snapshot taken before the change (None for a creation); `clean`
    is passed to `full_clean()` (e.g. `exclude=[...]`). Call it inside the transaction.
    """
    obj.full_clean(**clean)
    obj.save()
    return record(actor=actor, action=action, obj=obj, before=before)


def delete_and_record(
    obj: models.Model, *, actor, action: str, before: dict | None = None
) -> ChangeRecord | None:
    """The usual end of a deleting service: delete `obj` and write the change record with
    its last state. `before` is a snapshot taken earlier (when the service removed the
    record's own rows first); otherwise it is taken here. Call it inside the transaction."""
    if before is None:
        from alianza.core.concurrency import lock_for_update

        before = snapshot(lock_for_update(obj))
    pk = obj.pk
    obj.delete()
    obj.pk = pk  # the record keeps naming the row it was
    return record(actor=actor, action=action, obj=obj, before=before, deleted=True, object_id=pk)
