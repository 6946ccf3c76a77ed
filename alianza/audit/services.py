"""Write the audit trail. Called by every service, inside its transaction.

before = audit.snapshot(initiative)
... change and save ...
audit.record(actor=actor, action="initiatives.initiative.update", obj=initiative,
             before=before)
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.audit import bulk, guard
from alianza.audit.context import current
from alianza.audit.guard import AuditedQuerySet
from alianza.audit.models import ChangeRecord, Operation

_SKIPPED_FIELDS = {"created_at", "updated_at"}


class AuditError(RuntimeError):
    pass


class DeleteRefused(ValidationError):
    """A delete that rows referring to the record prevent (PROTECT, RESTRICT). `blocking`
    holds them, `kinds` names their kinds for a message."""

    def __init__(self, obj: models.Model, blocking: Iterable[models.Model]) -> None:
        self.blocking = list(blocking)
        self.kinds = ", ".join(
            sorted({str(row._meta.verbose_name_plural) for row in self.blocking})
        )
        super().__init__(
            _(
                "%(record)s cannot be deleted: other records still refer to it (%(kinds)s). "
                "Remove or change those first."
            )
            % {"record": obj, "kinds": self.kinds}
        )


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's stored values (and its owned children, if it says which), as JSON."""
    return _snapshot(obj)[0]


def _snapshot(obj: models.Model) -> tuple[dict[str, Any], str | None]:
    """`snapshot(obj)` and, when the record's writer serialised its JSON already (an
    aggregate written from canonical content: `audit_json_texts()`), the snapshot's JSON
    text put together from those texts, so that it is not serialised again."""
    data: dict[str, Any] = {}
    excluded = _SKIPPED_FIELDS | set(getattr(obj, "audit_exclude", ()))
    for field in obj._meta.concrete_fields:
        if field.name in excluded:
            continue
        value = field.value_from_object(obj)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # One instant, one text: a form's local time and the database's UTC agree.
            value = value.astimezone(datetime.UTC)
        data[field.attname] = value
    ready = getattr(obj, "audit_related_json", None)
    children = ready() if callable(ready) and obj.pk is not None else None
    if children is not None:
        # Already JSON (an aggregate's canonical content): not serialised twice. Its JSON
        # fields were set from the same content: JSON's own types too.
        json_fields = _json_fields(type(obj))
        plain_text = json.dumps(
            {k: v for k, v in data.items() if k not in json_fields}, cls=DjangoJSONEncoder
        )
        plain = json.loads(plain_text)
        after = {k: plain.get(k, v) for k, v in data.items()} | children
        hook = getattr(obj, "audit_json_texts", None)
        texts = hook() if callable(hook) else None
        return after, _joined(plain, plain_text, after, texts) if texts else None
    related = getattr(obj, "audit_related", None)
    if callable(related) and obj.pk is not None:
        data.update(related())
    return _jsonable(data), None


def _json_fields(model: type[models.Model]) -> frozenset[str]:
    return frozenset(
        f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)
    )


def _joined(
    plain: dict[str, Any], plain_text: str, after: dict[str, Any], texts: dict[str, str]
) -> str | None:
    """The JSON text of `after`: `plain` as serialised here (`plain_text`), every other
    key's value taken from `texts` (its JSON text, as the writer made it); None if one is
    missing."""
    rest = [key for key in after if key not in plain]
    if any(key not in texts for key in rest):
        return None
    parts = [plain_text[1:-1]] if plain else []
    parts += [f"{json.dumps(key)}: {texts[key]}" for key in rest]
    return "{" + ", ".join(parts) + "}"


def _program_id(obj: models.Model) -> int | None:
    hook = getattr(obj, "audit_program_id", None)
    if callable(hook):
        return hook()
    if obj._meta.label == "programs.Program":
        return obj.pk
    return getattr(obj, "program_id", None)


def _action(obj: models.Model, operation: str) -> str:
    """The action name services use: "<app>.<model_in_snake_case>.<operation>"."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", obj._meta.object_name or "").lower()
    return f"{obj._meta.app_label}.{name}.{operation}"


def _institution_id(obj: models.Model) -> int | None:
    """The institution a record of no program concerns (an institution itself, a
    membership's, a user's or their token's), whose members may read its changes."""
    hook = getattr(obj, "audit_institution_id", None)
    if callable(hook):
        return hook()
    if obj._meta.label == "accounts.Institution":
        return obj.pk
    return getattr(obj, "institution_id", None)


Described = tuple[str, int | None, int | None]


def _describe(obj: models.Model) -> Described:
    """The record's text, its program and, for a record of no program, the institution
    it concerns."""
    program_id = _program_id(obj)
    return str(obj)[:255], program_id, None if program_id is not None else _institution_id(obj)


def build_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    deleted: bool = False,
    object_id: Any = None,
    secret_fields: tuple[str, ...] = (),
    cascade_of: ChangeRecord | None = None,
    described: Described | None = None,
) -> ChangeRecord | None:
    """One ChangeRecord for a change to `obj`, not yet saved; None when nothing changed.

    `before` is the snapshot taken before the change (None for a creation).
    For a deletion pass `deleted=True` and the id the record had. `secret_fields`
    names fields that changed but whose values never enter the trail (a password).
    `cascade_of` is the record of the delete that caused this change (a cascade);
    `described` is the record's (text, program id, institution id) when taken before its
    parents went.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise AuditError(f"{action}: audit records must be written inside the change's transaction")
    text = None
    if deleted:
        operation, after = Operation.DELETE, None
    elif before is None:
        operation, (after, text) = Operation.CREATE, _snapshot(obj)
    else:
        operation, (after, text) = Operation.UPDATE, _snapshot(obj)
    keys = sorted(set(before or {}) | set(after or {}))
    changed = [k for k in keys if (before or {}).get(k) != (after or {}).get(k)]
    changed += [k for k in secret_fields if k not in changed]
    if operation == Operation.UPDATE and not changed:
        return None
    ctx = current()
    membership = getattr(actor, "active_membership", None) if actor is not None else None
    from django.contrib.contenttypes.models import ContentType

    pk = object_id if object_id is not None else obj.pk
    object_repr, program_id, institution_id = described or _describe(obj)
    change = ChangeRecord(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or "",
        actor_institution=membership.institution if membership else None,
        action=action,
        operation=operation,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(pk),
        object_repr=object_repr,
        program_id=program_id,
        institution_id=institution_id,
        before=before,
        after=after,
        changed_fields=changed,
        source=ctx.source,
        request_id=ctx.request_id,
        client_request_id=ctx.client_request_id,
        cascade_of=cascade_of,
    )
    if text is not None:
        change._serialized = {"after": text}  # type: ignore[attr-defined]  # see audit.bulk
    return change


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    deleted: bool = False,
    object_id: Any = None,
    secret_fields: tuple[str, ...] = (),
    cascade_of: ChangeRecord | None = None,
    described: Described | None = None,
) -> ChangeRecord | None:
    """Write one ChangeRecord for a change to `obj`; None when nothing changed (see
    `build_record` for the arguments)."""
    change = build_record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        deleted=deleted,
        object_id=object_id,
        secret_fields=secret_fields,
        cascade_of=cascade_of,
        described=described,
    )
    if change is not None:
        change.save()
    return change


class Cover:
    """What a `covered_by()` context has written in bulk and recorded (see there)."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.records: list[ChangeRecord] = []
        self.touched: dict[type[models.Model], set] = defaultdict(set)
        self.recorded: dict[type[models.Model], set] = defaultdict(set)

    def touch(self, model: type[models.Model], ids: Iterable[Any]) -> None:
        self.touched[model] |= set(ids)

    def write_rows(self, model: type[models.Model], rows: list[dict]) -> None:
        """Create child rows of aggregates written in this context, in one statement: COPY
        on PostgreSQL, executemany elsewhere. Each row is a dict of column (attname) to a
        value the database reads from text (str, int, None: see `registry.typed`), the same
        columns in every row, the parent's key among them. Only a model that declares its
        parent (`audit_parent`) may be written so; its parents must get their change
        records in this context, as with `bulk_create`."""
        if guard._cover.get() is not self:
            raise AuditError("write_rows() is for the open covered_by() context only")
        root = guard.aggregate_root(model)
        if root is None or root is model:
            raise AuditError(f"{model._meta.label} is not the child of an audited aggregate")
        if not rows:
            return
        columns = list(rows[0])
        parent = cast(Any, model._meta.get_field(guard.audit_parent(model))).attname
        known = {f.attname for f in model._meta.concrete_fields}
        if parent not in columns or not set(columns) <= known:
            raise AuditError(f"{model._meta.label}: columns {columns} do not fit the table")
        values = [tuple(row[c] for c in columns) for row in rows]
        self.touch(root, {row[parent] for row in rows})
        connection = transaction.get_connection()
        quote = connection.ops.quote_name
        table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Django's error translation, as for its own queries (see audit/bulk.py).
                statement = f"COPY {table} ({names}) FROM STDIN"
                with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                marks = ", ".join(["%s"] * len(columns))
                # Table and column names come from the model, quoted; values are bound.
                insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(insert, values)

    def record(
        self, *, action: str, obj: models.Model, before: dict | None = None
    ) -> ChangeRecord | None:
        """The change record of one aggregate written in this context (saved, with the
        others, when the context closes)."""
        if obj.pk is None:
            raise AuditError(f"{action}: the record must be written before its change record")
        self.recorded[type(obj)].add(obj.pk)
        change = build_record(actor=self.actor, action=action, obj=obj, before=before)
        if change is not None:
            self.records.append(change)
        return change


@contextmanager
def covered_by(*, actor: Any) -> Iterator[Cover]:
    """Write aggregates in bulk under their own change records: one narrow exception to
    "no bulk writes on audited models", for models that declare themselves an aggregate
    (`audit_owned` on the root, `audit_parent` on its children; see `audit.guard`).

        with audit.covered_by(actor=actor) as cover:
            Activity.objects.bulk_create(new)             # roots: create, update
            Transaction.objects.bulk_create(rows)         # children: create, delete
            for activity in new:
                cover.record(action="registry.activity.create", obj=activity)

    Open it inside the change's transaction. When it closes, every root row written in
    bulk (directly or through a child row) must have its change record: the records are
    then written in one statement; a row without its record raises AuditBypassError, so
    the transaction rolls back and nothing of it stays.
    """
    if not transaction.get_connection().in_atomic_block:
        raise AuditError("covered_by() must be opened inside the change's transaction")
    if guard._cover.get() is not None:
        raise AuditError("covered_by() contexts do not nest")
    cover = Cover(actor)
    token = guard._cover.set(cover)
    try:
        yield cover
    finally:
        guard._cover.reset(token)
    missing = {
        model._meta.label: sorted(ids - cover.recorded[model], key=str)[:5]
        for model, ids in cover.touched.items()
        if ids - cover.recorded[model]
    }
    if missing:
        raise guard.AuditBypassError(
            f"Rows written in bulk without their aggregate's change record: {missing}"
        )
    connection = transaction.get_connection()
    with guard.bulk_writes_allowed():
        if connection.vendor == "postgresql":
            bulk.copy_insert(ChangeRecord, cover.records, connection)
        else:
            ChangeRecord.objects.bulk_create(cover.records)


def save_and_record(
    obj: models.Model, *, actor: Any, action: str, before: dict | None = None, **clean: Any
) -> ChangeRecord | None:
    """The usual end of a service: validate, save, and write the change record.

    `before` is the snapshot taken before the change (None for a creation); `clean`
    is passed to `full_clean()` (e.g. `exclude=[...]`). Call it inside the transaction.
    """
    obj.full_clean(**clean)
    obj.save()
    return record(actor=actor, action=action, obj=obj, before=before)


def _is_audited(model: type[models.Model]) -> bool:
    """Whether the model is one of the project's audited models (its rows have a trail)."""
    return isinstance(model._default_manager.all(), AuditedQuerySet)


def _reverse_relations(model: type[models.Model]) -> Iterator[Any]:
    """Every relation pointing at `model`, hidden ones (related_name="+") included."""
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.is_relation and rel.auto_created and not rel.concrete:
            yield rel


def _cascade_relations(model: type[models.Model]) -> Iterator[Any]:
    """The reverse one-to-many and one-to-one relations whose rows go with a `model` row
    (the rows of many-to-many tables are left to `_referring`)."""
    for rel in _reverse_relations(model):
        if rel.many_to_many or rel.on_delete is not models.CASCADE:
            continue
        if rel.related_model._meta.auto_created:
            continue
        yield rel


def _referring_relations(model: type[models.Model]) -> Iterator[Any]:
    """Relations whose rows stay but change when a `model` row goes: SET_NULL, SET_DEFAULT
    and SET() foreign keys, and many-to-many fields of other models that point at it."""
    keeps = (models.CASCADE, models.PROTECT, models.RESTRICT, models.DO_NOTHING)
    for rel in _reverse_relations(model):
        if rel.related_model._meta.auto_created:
            continue
        if rel.many_to_many or rel.on_delete not in keeps:
            yield rel


def _owned(obj: models.Model) -> set[str]:
    return set(getattr(type(obj), "audit_owned", {}) or {})


@dataclass
class _Node:
    obj: models.Model
    recorded: bool
    before: dict | None = None
    described: Described | None = None


def _collect(root: models.Model) -> list[_Node]:
    """Every row that deleting `root` takes with it, in the order found, each marked
    whether it needs its own record: a row is covered when the nearest recorded record
    above it declares the relation path to it in `audit_owned` (its snapshot shows it)."""
    found: list[_Node] = []
    seen: set[tuple[str, Any]] = {(root._meta.label, root.pk)}

    def walk(obj: models.Model, anchor: models.Model, path: tuple[str, ...]) -> None:
        for rel in _cascade_relations(type(obj)):
            accessor = rel.get_accessor_name() or "+"  # hidden: never owned
            rows = rel.related_model._base_manager.filter(**{rel.field.name: obj})
            for row in rows.order_by("pk"):
                key = (row._meta.label, row.pk)
                if key in seen:
                    continue
                seen.add(key)
                row_path = (*path, accessor)
                covered = ".".join(row_path) in _owned(anchor)
                recorded = not covered and _is_audited(type(row))
                found.append(_Node(row, recorded))
                if recorded:
                    walk(row, row, ())
                else:
                    walk(row, anchor, row_path)

    walk(root, root, ())
    return found


def _referring(deleted: list[models.Model]) -> list[models.Model]:
    """Audited rows that stay but lose a reference to one of the `deleted` rows."""
    gone = {(obj._meta.label, obj.pk) for obj in deleted}
    rows: dict[tuple[str, Any], models.Model] = {}
    for obj in deleted:
        for rel in _referring_relations(type(obj)):
            if not _is_audited(rel.related_model):
                continue
            for row in rel.related_model._base_manager.filter(**{rel.field.name: obj}):
                key = (row._meta.label, row.pk)
                if key not in gone:
                    rows.setdefault(key, row)
    return list(rows.values())


def delete_and_record(
    obj: models.Model, *, actor: Any, action: str, before: dict | None = None
) -> ChangeRecord | None:
    """The usual end of a deleting service: delete `obj` and write the change record with
    its last state. `before` is a snapshot taken earlier (when the service removed the
    record's own rows first); otherwise it is taken here. Call it inside the transaction.

    Nothing goes unrecorded: every audited row the delete cascades to gets its own
    delete record (`cascade_of` names the parent's record) unless the parent's snapshot
    shows it (`audit_owned`), and every audited row that stays but loses a reference
    (SET_NULL, a many-to-many link) gets an update record. A delete that protected
    rows prevent raises DeleteRefused (a ValidationError) naming them; nothing is written.
    """
    if before is None:
        from alianza.core.concurrency import lock_for_update

        before = snapshot(lock_for_update(obj))
    nodes = _collect(obj)
    for node in nodes:
        if node.recorded:
            node.before, node.described = snapshot(node.obj), _describe(node.obj)
    described = _describe(obj)
    referring = _referring([obj, *(n.obj for n in nodes)])
    referring_before = [(row, snapshot(row)) for row in referring]
    pk = obj.pk
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        if isinstance(exc, ProtectedError):
            blocking = exc.protected_objects
        else:
            blocking = exc.restricted_objects
        raise DeleteRefused(obj, blocking) from exc
    obj.pk = pk  # the record keeps naming the row it was
    parent = record(
        actor=actor,
        action=action,
        obj=obj,
        before=before,
        deleted=True,
        object_id=pk,
        described=described,
    )
    for node in nodes:
        if not node.recorded:
            continue
        child = node.obj
        record(
            actor=actor,
            action=_action(child, "delete"),
            obj=child,
            before=node.before,
            deleted=True,
            cascade_of=parent,
            described=node.described,
        )
    for row, row_before in referring_before:
        row.refresh_from_db()
        record(
            actor=actor,
            action=_action(row, "update"),
            obj=row,
            before=row_before,
            cascade_of=parent,
        )
    return parent
