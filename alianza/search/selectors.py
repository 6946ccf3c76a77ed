"""The search: one function for the page, the API and anything else with a search box.

`search(user, query, kinds=, year=, initiative=, level=, program=)` answers the entries the
user may see that match every word of `query` (through its Spanish or English stem), best
first, as `Hit`s with a highlighted snippet. What the user may see is each kind's own
`visible_to(user)` (registered with the kind), applied as a subquery: an entry whose record
the user may not read is never a result, and never counted.

PostgreSQL: full-text search over the folded text with the `spanish` and `english`
configurations (`websearch_to_tsquery`, which accepts any input), ranked by `ts_rank`, the
snippet by `ts_headline`. SQLite: the query's stems matched against the stems stored per
entry, ranked by the words found in the title, then by the newest record; the snippet is cut
around the first word found.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.safestring import mark_safe

from alianza.core.search import Folded
from alianza.search.models import SearchEntry
from alianza.search.registry import search_kinds
from alianza.search.text import WORD, fold, query_words, raw_words, stems_of

START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Hit:
    kind: str
    kind_label: str
    object_id: int
    title: str
    url: str
    snippet: str  # HTML: the text escaped, the words found in <mark>
    year: int | None
    level: str
    program_id: int | None
    initiative_id: int | None
    rank: float


def visible_entries(user: Any, *, kinds: list[str] | None = None) -> QuerySet:
    """The entries of records the user may see (of the given kinds)."""
    rules = []
    for search_kind in search_kinds:
        if kinds and search_kind.key not in kinds:
            continue
        ids = search_kind.visible(user).order_by().values("pk")
        rules.append(Q(kind=search_kind.key, object_id__in=ids))
    if not rules:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(reduce(or_, rules))


def _filtered(
    queryset: QuerySet,
    *,
    year: int | None = None,
    initiative: int | None = None,
    level: str | None = None,
    program: int | None = None,
) -> QuerySet:
    if year:
        queryset = queryset.filter(year=year)
    if initiative:
        queryset = queryset.filter(initiative_id=initiative)
    if level:
        queryset = queryset.filter(level=level)
    if program:
        queryset = queryset.filter(program_id=program)
    return queryset


def _tsquery(words: list[str], raw: list[str]) -> Any:
    """Spanish stems of the words as typed (PostgreSQL's Spanish stemmer needs the accents:
    "evaluación" and "evaluaciones" share a stem, "evaluacion" does not) and of the folded
    words, and English stems of the folded words."""
    from django.contrib.postgres.search import SearchQuery

    folded = " ".join(words)
    return (
        SearchQuery(" ".join(raw), config="spanish", search_type="websearch")
        | SearchQuery(folded, config="spanish", search_type="websearch")
        | SearchQuery(folded, config="english", search_type="websearch")
    )


def _vector() -> Any:
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title_es", "title_en", "body", config="spanish", weight="A")
        + SearchVector("folded", config="spanish", weight="B")
        + SearchVector("folded", config="english", weight="B")
    )


def _postgres(queryset: QuerySet, words: list[str], raw: list[str]) -> QuerySet:
    """Full-text search ranked by `ts_rank`. The stems stored per entry match too (the
    same rule as SQLite), so that an accent left out never hides a record."""
    from django.contrib.postgres.search import SearchRank

    vector, query = _vector(), _tsquery(words, raw)
    return (
        _stems_match(queryset.annotate(search=vector), words, extra=Q(search=query))
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", F("year").desc(nulls_last=True), "kind", "object_id")
    )


def _stems_match(queryset: QuerySet, words: list[str], *, extra: Q | None = None) -> QuerySet:
    rule = Q()
    for word in words:
        rule &= reduce(or_, [Q(stems__contains=f" {s} ") for s in stems_of(word)])
    return queryset.filter(rule | extra if extra is not None else rule)


def _sqlite(queryset: QuerySet, words: list[str]) -> QuerySet:
    """Every word's stem must be among the entry's stems; a word in the title ranks higher."""
    title = Folded(Concat("title_es", Value(" "), "title_en", output_field=TextField()))
    queryset = queryset.alias(folded_title=title)
    rank: Any = Value(1.0, output_field=FloatField())
    queryset = _stems_match(queryset, words)
    for word in words:
        stems = stems_of(word)
        in_title = reduce(or_, [Q(folded_title__contains=s) for s in stems])
        rank = rank + Case(
            When(in_title, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
        )
    return queryset.annotate(rank=rank).order_by(
        "-rank", F("year").desc(nulls_last=True), "kind", "object_id"
    )


def matching(user: Any, query: str, *, kinds: list[str] | None = None, **filters: Any) -> QuerySet:
    """The entries the user may see matching the query, best first (a queryset)."""
    words = query_words(query)
    queryset = _filtered(visible_entries(user, kinds=kinds), **filters)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _postgres(queryset, words, raw_words(query))
    return _sqlite(queryset, words)


def _mark(text: str) -> str:
    """The text escaped, the words found (between the markers) in <mark>."""
    escaped = html.escape(text.replace("<mark>", "").replace("</mark>", ""))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _python_snippet(body: str, words: list[str]) -> str:
    wanted = {s for w in words for s in stems_of(w)}
    tokens = list(WORD.finditer(body))
    found = [i for i, m in enumerate(tokens) if set(stems_of(fold(m.group()))) & wanted]
    if not tokens:
        return ""
    first = found[0] if found else 0
    start = max(first - SNIPPET_WORDS // 3, 0)
    end = min(start + SNIPPET_WORDS, len(tokens) - 1)
    out, position = [], tokens[start].start()
    for i in range(start, end + 1):
        m = tokens[i]
        out.append(body[position : m.start()])
        out.append(f"{START}{m.group()}{STOP}" if i in found else m.group())
        position = m.end()
    text = re.sub(r"\s+", " ", "".join(out)).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) - 1 else ""
    return mark_safe(prefix + _mark(text) + suffix)  # noqa: S308


def _headlines(ids: list[int], words: list[str], raw: list[str]) -> dict[int, str]:
    """ts_headline for the shown page only (it reads whole texts)."""
    from django.contrib.postgres.search import SearchHeadline

    options: dict[str, Any] = {
        "start_sel": START,
        "stop_sel": STOP,
        "max_words": SNIPPET_WORDS,
        "min_words": 10,
        "max_fragments": 2,
        "fragment_delimiter": " … ",
    }
    rows = SearchEntry.objects.filter(pk__in=ids).annotate(
        snippet=Coalesce(
            SearchHeadline("body", _tsquery(words, raw), config="spanish", **options),
            Value(""),
            output_field=TextField(),
        )
    )
    return {row.pk: _mark(row.snippet) for row in rows}


def hits(entries: Iterable[SearchEntry], query: str) -> list[Hit]:
    """The page of entries as hits, with their snippets (`ts_headline` on PostgreSQL when it
    marks a word, else the snippet cut around the first word whose stem was searched)."""
    entries = list(entries)
    words = query_words(query)
    labels = {k.key: str(k.label) for k in search_kinds}
    snippets: dict[int, str] = {}
    if connection.vendor == "postgresql" and entries and words:
        snippets = _headlines([e.pk for e in entries], words, raw_words(query))
    return [
        Hit(
            kind=e.kind,
            kind_label=labels.get(e.kind, e.kind),
            object_id=e.object_id,
            title=e.title or "",
            url=e.url,
            snippet=_best(snippets.get(e.pk, ""), e.body, words),
            year=e.year,
            level=e.level,
            program_id=e.program_id,
            initiative_id=e.initiative_id,
            rank=float(getattr(e, "rank", 0.0) or 0.0),
        )
        for e in entries
    ]


def _best(headline: str, body: str, words: list[str]) -> str:
    if "<mark>" in headline:
        return headline
    return _python_snippet(body[:200_000], words)
