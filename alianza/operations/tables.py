"""What a backup holds: every table of every installed model, in dependency order, and the
migrations applied to the database (its schema)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.migrations.recorder import MigrationRecorder

from alianza.operations.codec import Column, column_kind

#: Rows that `migrate` itself creates in every database (one per model and permission). A
#: restore replaces them with the backup's, so that every id the backup refers to is kept.
MIGRATE_CREATED = {"contenttypes.contenttype", "auth.permission"}


@dataclass(frozen=True)
class Table:
    model: type[models.Model]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def member(self) -> str:
        """The table's file inside the archive."""
        return f"db/{self.name}.jsonl"

    @cached_property
    def fields(self) -> list[models.Field]:
        return list(self.model._meta.local_concrete_fields)

    @cached_property
    def columns(self) -> list[Column]:
        return [
            Column(
                name=field.column,
                kind=column_kind(field),
                null=field.null,
                max_length=getattr(field, "max_length", None)
                if column_kind(field) == "string"
                else None,
                timezone_aware=settings.USE_TZ,
            )
            for field in self.fields
        ]

    def describe(self) -> list[list]:
        """The columns as the manifest lists them: [name, kind, nullable]."""
        return [[c.name, c.kind, c.null] for c in self.columns]


def tables() -> list[Table]:
    """Every table a model of an installed app owns (many-to-many tables included), each
    after the tables it refers to. Foreign keys are deferred to the commit on both SQLite
    and PostgreSQL, so a cycle would not break a restore; the order keeps it readable."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        found.setdefault(meta.db_table, model)
    depends: dict[str, set[str]] = {}
    for name, model in found.items():
        targets = set()
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.related_model is not None:
                target = field.related_model._meta.concrete_model._meta.db_table
                if target != name and target in found:
                    targets.add(target)
        depends[name] = targets
    ordered: list[str] = []
    done: set[str] = set()
    remaining = sorted(found)
    while remaining:
        ready = [name for name in remaining if depends[name] <= done] or remaining[:1]
        for name in ready:
            ordered.append(name)
            done.add(name)
        remaining = [name for name in remaining if name not in done]
    return [Table(found[name]) for name in ordered]


def applied_migrations(connection) -> dict[str, list[str]]:
    """The migrations applied to the database, per app, sorted."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    applied: dict[str, list[str]] = {}
    for app_label, name in recorder.applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}
