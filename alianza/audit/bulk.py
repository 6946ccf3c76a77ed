"""Many rows in one COPY on PostgreSQL: the audit app's own bulk insert, for the rows the
guard lets through under `audit.covered_by()` (aggregates and their change records).

Django's bulk_create on PostgreSQL sends each column as an array that psycopg quotes on the
client, value by value: for JSON-heavy rows (an activity, a change record holding one
before and after) that quoting cost more than everything else an import does. COPY takes
the rows as they are. Primary keys are taken from the table's sequence first, so that
every object knows its key, as after bulk_create. Only the callers in this app use it,
inside the guard's checks.

An object may carry `_serialized`, {attname: JSON text} for JSON fields its writer has
serialised already (an imported activity's content, its change record's after): COPY takes
those texts as they are instead of serialising the values again.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def copy_insert(model: type[models.Model], objs: list[Any], connection: Any) -> list:
    """Insert `objs` (new instances of `model`) with COPY; sets their primary keys."""
    if not objs:
        return objs
    meta = model._meta
    quote = connection.ops.quote_name
    pk = meta.pk
    assert pk is not None
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    missing = [obj for obj in objs if obj.pk is None]
    with connection.cursor() as cursor:
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(missing)],
            )
            for obj, (value,) in zip(missing, cursor.fetchall(), strict=True):
                obj.pk = value
        rows = []
        for obj in objs:
            texts = getattr(obj, "_serialized", None) or {}
            rows.append(
                [obj.pk]
                + [
                    texts[f.attname]
                    if f.attname in texts
                    else f.get_db_prep_save(f.pre_save(obj, True), connection)
                    for f in fields
                ]
            )
        names = ", ".join(quote(f.column) for f in [pk, *fields])
        # The raw cursor's COPY bypasses Django's error translation: wrap it, so that a
        # duplicate key is an IntegrityError (a concurrent import retries on it).
        statement = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
