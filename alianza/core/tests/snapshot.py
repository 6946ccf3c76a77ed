"""Rows built once per test process and written again, as they were, wherever a test needs them.

Loading PROCAP through its services costs seconds (every record validated, permission-checked
and audited), and about twenty-five modules need it. `Snapshot(build)` runs `build()` the first
time it is called in a test process and keeps the rows that call added to the database; every
later call writes the same rows again (same ids, same timestamps, the same change records) with
one INSERT per table and batch, inside the caller's transaction, and hands back the same record.

The rows are written again only where they would come out the same: the content types they name
are mapped by natural key (a flushed transactional test makes new ones), and if any row is
already there (same id or same unique key) or names a row that is not, the copy is rolled back
to its savepoint and `build()` runs again (the new rows become the snapshot).

Under SQLite the first build's rows get ids from 10,000,001 up: SQLite hands out the next id
after the largest one in the table, so rows a module built before (its cast) would otherwise
take the ids of PROCAP's rows. PostgreSQL's sequences never hand out an id twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction

M = TypeVar("M", bound=models.Model)
logger = logging.getLogger(__name__)

#: Where the ids of a snapshot's rows start under SQLite.
SQLITE_FIRST_ID = 10_000_001


def _tables() -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(model: type[models.Model]) -> dict:
    """The table's rows, {id: values of its own columns}."""
    names = [field.attname for field in model._meta.local_concrete_fields]
    at = names.index(model._meta.pk.attname)
    return {values[at]: values for values in models.QuerySet(model).values_list(*names)}


@dataclass
class _Table:
    model: type[models.Model]
    fields: list[models.Field]
    #: Unsaved instances holding the rows' values (written with `raw=True`: as they are).
    rows: list[models.Model]
    #: The foreign keys to ContentType, with the natural key each row names.
    content_types: dict[str, list[tuple[str, str] | None]]

    @classmethod
    def added(cls, model: type[models.Model], before: dict, after: dict) -> _Table | None:
        """The rows of `after` that `before` did not have, or None if there are none."""
        rows = [values for pk, values in sorted(after.items()) if pk not in before]
        if not rows:
            return None
        fields = list(model._meta.local_concrete_fields)
        names = [field.attname for field in fields]
        types = {ct.pk: (ct.app_label, ct.model) for ct in models.QuerySet(ContentType)}
        content_types = {
            field.attname: [None if row[i] is None else types[row[i]] for row in rows]
            for i, field in enumerate(fields)
            if field.is_relation and field.related_model is ContentType
        }
        instances = [model(**dict(zip(names, row, strict=True))) for row in rows]
        return cls(model, fields, instances, content_types)

    def write(self, types: dict[tuple[str, str], int]) -> None:
        for attname, keys in self.content_types.items():
            for row, key in zip(self.rows, keys, strict=True):
                setattr(row, attname, None if key is None else types[key])
        size = connection.ops.bulk_batch_size(self.fields, self.rows) or len(self.rows)
        for start in range(0, len(self.rows), size):
            batch = self.rows[start : start + size]
            models.QuerySet(self.model)._insert(batch, fields=self.fields, raw=True)


def _start_ids_high(tables: list[type[models.Model]]) -> None:
    """Under SQLite, make the next id of every table at least SQLITE_FIRST_ID (the caller's
    transaction keeps the change to itself)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for model in tables:
            if not isinstance(model._meta.pk, models.AutoField):
                continue
            table = model._meta.db_table
            name = connection.ops.quote_name(table)
            largest = f"SELECT COALESCE(MAX(rowid), 0) FROM {name}"  # noqa: S608 - a model's table
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
            cursor.execute(
                f"INSERT INTO sqlite_sequence (name, seq) SELECT %s, MAX(({largest}), %s)",
                [table, SQLITE_FIRST_ID - 1],
            )


def _sequences_past_the_rows(tables: list[type[models.Model]]) -> None:
    """Outside SQLite, move each table's id sequence past the rows just written with their
    ids: a database whose sequence is behind them (a transactional test's flush restarts
    identities) would otherwise hand out one of their ids to the next row a test creates."""
    if connection.vendor == "sqlite":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), tables)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class _NotTheSame(Exception):
    """The rows cannot be written again as they were."""


class Snapshot(Generic[M]):
    """`build()` run once per test process, its rows written again on each later call."""

    def __init__(self, build: Callable[[], M]):
        self.build = build
        self._tables: list[_Table] | None = None
        self._model: type[M] | None = None
        self._pk = None

    def __call__(self) -> M:
        if self._tables is not None and self._model is not None:
            try:
                with transaction.atomic():
                    self._write(self._tables)
            except (_NotTheSame, DatabaseError) as exc:
                logger.info("Built again, the rows could not be copied: %s", exc)
            else:
                return models.QuerySet(self._model).get(pk=self._pk)
        return self._take()

    def _take(self) -> M:
        """Build through `build()`, keeping the rows it added (unless it also changed rows
        that were there before: then what it does depends on them, and nothing is kept)."""
        tables = _tables()
        before = {model: _rows(model) for model in tables}
        _start_ids_high(tables)
        value = self.build()
        after = {model: _rows(model) for model in tables}
        if any(after[m].get(pk) != values for m in tables for pk, values in before[m].items()):
            self._tables = None
            return value
        taken = [_Table.added(model, before[model], after[model]) for model in tables]
        self._tables = [table for table in taken if table is not None]
        self._model, self._pk = type(value), value.pk
        return value

    @staticmethod
    def _write(tables: list[_Table]) -> None:
        types = {(ct.app_label, ct.model): ct.pk for ct in models.QuerySet(ContentType)}
        needed = {
            key
            for table in tables
            for keys in table.content_types.values()
            for key in keys
            if key is not None
        }
        if needed - types.keys():
            raise _NotTheSame(f"no content type for {sorted(needed - types.keys())}")
        for table in tables:
            table.write(types)
        connection.check_constraints(table_names=[table.model._meta.db_table for table in tables])
        _sequences_past_the_rows([table.model for table in tables])
