"""Concurrent writers: a version for every record, and the row lock every update takes.

A record's version is a digest of its audit snapshot (`audit.snapshot`: its stored fields
and the owned children it lists in `audit_related()`), so it changes whenever anything the
audit trail would show changes, owned rows included, and no table needs a version column.

- The API answers it as the `ETag` of a detail, and a write that sends `If-Match` with an
  older one is refused (412); see `alianza.core.api.VersionedMixin`.
- Page forms carry it in a hidden field and refuse a stale save; see
  `alianza.core.views.service_form` and `alianza.core.forms.ServiceFormMixin`.
- Every update service starts with `lock_for_update(obj)`: the row is read again inside the
  service's transaction, locked (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE
  transactions already serialise writers), and the audit "before" is taken from that fresh
  row. So a write without a version still never overwrites another writer's change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

#: Changes looked at when telling a user what changed since they read a record.
HISTORY_DEPTH = 200


def _digest(snapshot: dict | None) -> str:
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def version_of(obj: models.Model) -> str:
    """The record's version as stored: it changes whenever its audit snapshot does."""
    from alianza.audit.services import snapshot

    return _digest(snapshot(obj))


def current_version(obj: models.Model) -> str | None:
    """The version of the row as stored now (None when it no longer exists)."""
    fresh = type(obj)._base_manager.filter(pk=obj.pk).first()
    return None if fresh is None else version_of(fresh)


def lock_for_update(obj: M) -> M:
    """Read `obj` again from its locked row and return it (the same instance, refreshed).

    Call it first thing in an update service, inside its transaction, and take the audit
    "before" after it: whatever other writers committed is then in `obj`, and nobody else
    can change the row until this transaction ends. Values set on `obj` before the call
    are discarded: the service applies the caller's data to the fresh row.
    """
    if obj.pk is None:
        return obj
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_update() must be called inside the change's transaction")
    try:
        obj.refresh_from_db(from_queryset=type(obj)._base_manager.select_for_update())
    except ObjectDoesNotExist:
        raise ValidationError(
            _("%(record)s was deleted after you opened it. Nothing was saved.")
            % {"record": describe(obj)}
        )
    return obj


def locked_first(queryset: models.QuerySet[M]) -> M | None:
    """The row an upsert may change, read and locked inside its transaction (None: the
    upsert creates it)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked_first() must be called inside the change's transaction")
    return queryset.select_for_update(of=("self",)).first()


def _lock_or_stale(obj: models.Model) -> None:
    try:
        lock_for_update(obj)
    except ValidationError:
        raise StaleVersion(obj, None)


@dataclass(eq=False)
class StaleVersion(Exception):
    """The record changed since the version the writer read."""

    obj: models.Model
    version: str | None  # what is stored now (None: the record was deleted)
    fields: list[str] = field(default_factory=list)  # changed since, when the trail tells
    actors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return stale_message(self)


def _field_label(model: type[models.Model], name: str) -> str:
    for candidate in (name, name.removesuffix("_id")):
        try:
            found = model._meta.get_field(candidate)
        except FieldDoesNotExist:  # a key of audit_related() that names no relation
            continue
        label = getattr(found, "verbose_name", None)
        if label is None and found.related_model is not None:  # owned children
            label = found.related_model._meta.verbose_name_plural
        if label:
            return str(capfirst(label))
    return name.replace("_", " ")


def changes_since(obj: models.Model, version: str) -> tuple[list[str], list[str]] | None:
    """(changed fields, who changed them) since `version`, read from the audit trail;
    None when the trail does not reach back to that version."""
    from django.contrib.contenttypes.models import ContentType

    from alianza.audit.models import ChangeRecord

    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
    ).order_by("-created_at", "-id")[:HISTORY_DEPTH]
    fields: list[str] = []
    actors: list[str] = []
    for change in records:
        if change.after is not None and _digest(change.after) == version:
            return fields, actors
        for name in change.changed_fields or []:
            if name not in fields:
                fields.append(name)
        who = change.actor_username or _("the system")
        if who not in actors:
            actors.append(who)
        if change.before is not None and _digest(change.before) == version:
            return fields, actors
    return None


def check_version(obj: models.Model, expected: str | None) -> models.Model:
    """Lock `obj`'s row and refuse with StaleVersion when `expected` is given and is not
    the stored version. Inside a transaction, so that the write that follows holds the
    lock; returns the fresh, locked instance."""
    _lock_or_stale(obj)
    if not expected:
        return obj
    version = version_of(obj)
    if version != expected:
        found = changes_since(obj, expected)
        fields, actors = found if found is not None else ([], [])
        raise StaleVersion(obj, version, fields, actors)
    return obj


def check_if_match(obj: models.Model, header: str | None) -> models.Model:
    """`check_version` for an HTTP If-Match header (a list of ETags, or `*`)."""
    _lock_or_stale(obj)
    if not header:
        return obj
    version = version_of(obj)
    if matches(header, version):
        return obj
    expected = version_from_header(header)
    found = changes_since(obj, expected) if expected else None
    fields, actors = found if found is not None else ([], [])
    raise StaleVersion(obj, version, fields, actors)


def save_if_current(record: models.Model | None, opened: str | None, save: Callable[[], T]) -> T:
    """Call `save()` (a service call) in one transaction that first locks `record` and
    refuses with StaleVersion when `opened` (the version a form was opened with) is no
    longer the stored one. For pages; `record` None (a new record) only saves."""
    with transaction.atomic():
        if record is not None and record.pk is not None:
            check_version(record, opened)
        return save()


def describe(obj: models.Model) -> str:
    """“Budget line «Salaries 2024»”: the record type and the record, for messages."""
    return _("%(type)s “%(record)s”") % {
        "type": capfirst(obj._meta.verbose_name),
        "record": obj,
    }


def stale_message(exc: StaleVersion, *, in_form: bool = False) -> str:
    """What the user is told when their version is stale: what changed, and by whom.
    `in_form`: the page re-shows their form, which now carries the stored version."""
    record = describe(exc.obj)
    if exc.version is None:
        return _("%(record)s was deleted after you opened it. Nothing was saved.") % {
            "record": record
        }
    message = _("%(record)s was changed by someone else after you opened it.") % {"record": record}
    if exc.fields:
        labels = ", ".join(_field_label(type(exc.obj), name) for name in exc.fields)
        message += " " + _("Changed: %(fields)s.") % {"fields": labels}
    if exc.actors:
        message += " " + _("Changed by: %(users)s.") % {"users": ", ".join(exc.actors)}
    if in_form:
        return (
            message
            + " "
            + _(
                "Nothing was saved. Open the record again to see its current values; saving "
                "this form again replaces them with the values it shows."
            )
        )
    return (
        message
        + " "
        + _("Nothing was saved: read the record again and make your change on its current version.")
    )


# --- HTTP ------------------------------------------------------------------------------------


def etag(version: str) -> str:
    return f'"{version}"'


def matches(header: str | None, version: str | None) -> bool:
    """Whether an If-Match (or If-None-Match) header names `version` (strong comparison;
    `*` matches any existing record)."""
    if not header or version is None:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or etag(version) in tags


def version_from_header(header: str | None) -> str | None:
    """The version named by If-Match when it names exactly one; '' for `*` (any)."""
    if not header:
        return None
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if "*" in tags:
        return ""
    return tags[0].strip('"') if len(tags) == 1 and not tags[0].startswith("W/") else None


def concurrent_write(exc: BaseException) -> bool:
    """The database refused a write because another transaction wrote the same rows at the
    same moment: a unique constraint (two imports creating the same activity or
    organisation), a deadlock or a serialisation failure between them. Trying again in a
    new savepoint or transaction finds what the other one stored."""
    if isinstance(exc, IntegrityError):
        return True
    cause = exc.__cause__
    return isinstance(exc, DatabaseError) and getattr(cause, "sqlstate", None) in (
        "40P01",  # deadlock_detected
        "40001",  # serialization_failure
    )
