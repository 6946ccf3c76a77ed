"""Keeping the index current: called by the services of each kind of record, inside their
transaction, so that an entry changes with its record or not at all (never by signals).

- `index_record(key, record)`: add or replace the record's entry;
- `index_many(key, records)`: the same for many records at once (an import's chunk);
- `unindex(key, ids)`: remove entries (the record was deleted);
- `rebuild()`: every kind's entries again, from its records (the `reindex` command).

The entries are derived rows, outside the audit trail: they are written in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from alianza.search.models import SearchEntry
from alianza.search.registry import Entry, kind, search_kinds
from alianza.search.text import fold, stems_field

#: Text kept per entry: a very long file is searched on its first part.
MAX_BODY_CHARS = 1_000_000
BATCH = 500


def _row(key: str, object_id: int, entry: Entry) -> SearchEntry:
    body = "\n".join(t for t in entry.texts if t)[:MAX_BODY_CHARS]
    titles = " ".join(t for t in {entry.title_es, entry.title_en} if t)
    searched = f"{titles}\n{body}"
    folded = fold(searched)
    return SearchEntry(
        kind=key,
        object_id=object_id,
        program_id=entry.program_id,
        initiative_id=entry.initiative_id,
        year=entry.year,
        level=entry.level,
        title_en=entry.title_en[:500],
        title_es=entry.title_es[:500],
        url=entry.url[:500],
        body=body,
        folded=folded,
        stems=stems_field(searched, folded=folded),
    )


def index_record(key: str, record) -> None:
    index_many(key, [record])


def index_many(key: str, records: Iterable) -> int:
    """Replace the entries of `records` (of the kind `key`); answers how many were written."""
    search_kind = kind(key)
    rows = [_row(key, record.pk, search_kind.entry(record)) for record in records]
    if not rows:
        return 0
    with transaction.atomic():
        unindex(key, [row.object_id for row in rows])
        SearchEntry.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def unindex(key: str, ids: Iterable[int]) -> None:
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        SearchEntry.objects.filter(kind=key, object_id__in=ids[start : start + BATCH]).delete()


def rebuild(*, kinds: Iterable[str] | None = None, progress=None) -> dict[str, int]:
    """Rebuild the entries of every kind (or of `kinds`); answers the count per kind."""
    counts: dict[str, int] = {}
    for search_kind in search_kinds:
        if kinds is not None and search_kind.key not in kinds:
            continue
        with transaction.atomic():
            SearchEntry.objects.filter(kind=search_kind.key).delete()
            batch: list = []
            total = 0
            for record in search_kind.records():
                batch.append(record)
                if len(batch) >= BATCH:
                    total += index_many(search_kind.key, batch)
                    batch = []
            total += index_many(search_kind.key, batch)
        counts[search_kind.key] = total
        if progress is not None:
            progress(search_kind.key, total)
    return counts
