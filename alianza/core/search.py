"""Text search that ignores accents and case, the same on SQLite and PostgreSQL.

One function for every search box: `text_search(queryset, text, fields)` keeps the rows in
which every word of `text` appears in one of `fields`, comparing folded text: lower case,
accents removed ("Género" and "GENERO" both read "genero"). Python folds the searched
words with `fold()`; the database folds the columns with `Folded()`, which is SQLite's
`alianza_fold()` (the same Python function, registered on each new connection) and, on
PostgreSQL, `translate(lower(...))` with the table of accented letters below (built in,
no extension needed). No column or index is added: the schema is the same on both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Func, Q, QuerySet, TextField
from django.db.models.functions import Cast


class _Marks(dict):
    """`str.translate` table that drops combining marks, filled as characters are met
    (a long text is folded by C code, not one Python call per character)."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        self[code] = kept = None if unicodedata.combining(char) else char
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower case without accents: `fold("Emblemática")` is "emblematica"."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.lower()).translate(_MARKS)


def _accent_table() -> tuple[str, str]:
    """Lower-case letters of Latin-1 and Latin Extended-A that fold to one base letter."""
    accented, plain = [], []
    for code in range(0xC0, 0x180):
        char = chr(code).lower()
        base = fold(char)
        if len(char) == 1 and len(base) == 1 and base != char and char not in accented:
            accented.append(char)
            plain.append(base)
    return "".join(accented), "".join(plain)


ACCENTED, PLAIN = _accent_table()


class Folded(Func):
    """The folded text of an expression (see the module's docstring)."""

    function = "alianza_fold"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=f"translate(lower(%(expressions)s), '{ACCENTED}', '{PLAIN}')",
            **extra_context,
        )


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: teach each SQLite connection `alianza_fold()`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "alianza_fold",
            1,
            lambda value: None if value is None else fold(str(value)),
            deterministic=True,
        )


def text_search(
    queryset: QuerySet,
    text: str,
    fields: Iterable[str],
    *,
    extra: Callable[[str], Q | None] | None = None,
) -> QuerySet:
    """Rows in which every word of `text` is found in one of `fields` (accents and case
    ignored). `extra(folded_word)`, when given, may return a further `Q` the word can
    match instead (on the initiatives list, "flagship" finds the flagships)."""
    names = {field: "search_" + field.replace("__", "_") for field in fields}
    queryset = queryset.alias(
        **{alias: Folded(Cast(field, TextField())) for field, alias in names.items()}
    )
    for word in text.split():
        folded = fold(word)
        alternatives = [Q(**{f"{alias}__contains": folded}) for alias in names.values()]
        more = extra(folded) if extra is not None else None
        if more is not None:
            alternatives.append(more)
        queryset = queryset.filter(reduce(or_, alternatives))
    return queryset
