"""The kinds of record the search finds, each registered by the app that owns it.

An app registers in its AppConfig.ready():

    from alianza.search.registry import SearchKind, search_kinds

    search_kinds.register(SearchKind(
        key="lesson", label=_("Lesson or good practice"), model="systematization.Lesson",
        entry=lesson_entry, visible=lambda user: Lesson.objects.visible_to(user),
        records=lambda: Lesson.objects.select_related(...),
    ))

`entry(record)` turns a record into an `Entry` (its program, initiative, year, level, titles,
address and texts); `visible(user)` is the queryset of the records the user may see (the
search keeps only those); `records()` lists them all for `reindex`. The app's services call
`search.index.index_record(key, record)` (or `index_many`, `unindex`) in their transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from alianza.core.extensions import Registry


@dataclass
class Entry:
    """What the index keeps of one record."""

    title_en: str = ""
    title_es: str = ""
    url: str = ""
    program_id: int | None = None
    initiative_id: int | None = None
    year: int | None = None
    #: "internal", "targeted" or "public" (the record's own rule says who sees it).
    level: str = ""
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: Any  # a lazy translation
    model: str  # "app_label.ModelName"
    entry: Callable[[Any], Entry]
    visible: Callable[[Any], Any]  # user -> queryset of the records they may see
    records: Callable[[], Iterable[Any]]
    order: int = 100


search_kinds: Registry[SearchKind] = Registry()


def kind(key: str) -> SearchKind:
    for item in search_kinds:
        if item.key == key:
            return item
    raise KeyError(key)


def kind_for_model(label: str) -> SearchKind | None:
    for item in search_kinds:
        if item.model == label:
            return item
    return None
