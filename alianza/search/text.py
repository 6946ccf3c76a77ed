"""Words, folds and stems: how a text is prepared for the index and a query for the search.

Both engines search the folded text (lower case, accents removed by `core.search.fold`, the
one fold of every search box), so "Evaluación" and "evaluacion" are the same word without a
database extension. SQLite matches Snowball stems in Spanish and English stored per entry
(`stems`); PostgreSQL builds its own `spanish` and `english` text-search vectors from the
same folded text and ranks them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from alianza.core.search import fold

WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: A query is cut to this many words (a pasted page is not a query).
MAX_QUERY_WORDS = 32
MAX_WORD_CHARS = 60


@lru_cache(maxsize=2)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return WORD.findall(fold(text or ""))


@lru_cache(maxsize=50_000)
def stems_of(word: str) -> tuple[str, ...]:
    """The word's Spanish and English stems (one or two), folded."""
    stems = {fold(_stemmer(lang).stemWord(word)) for lang in ("spanish", "english")}
    return tuple(sorted(stems))


def stems_field(text: str, *, folded: str | None = None) -> str:
    """The distinct stems of a text, space separated with a space at both ends, so that a
    stem is matched whole (`" evalu "`). `folded`: `fold(text)`, when the caller has it."""
    found: set[str] = set()
    for word in WORD.findall(fold(text or "") if folded is None else folded):
        word = word[:MAX_WORD_CHARS]
        if word.isascii() and word.isdigit():
            found.add(word)  # a number is its own stem in both languages
        else:
            found |= set(stems_of(word))
    return " " + " ".join(sorted(found)) + " " if found else ""


def query_words(query: str) -> list[str]:
    """The folded words of a query, without operators, quotes or punctuation: a query is
    never read as SQL or as a search syntax by SQLite; PostgreSQL parses the folded words with
    `websearch_to_tsquery`, which never raises on its input."""
    return [w[:MAX_WORD_CHARS] for w in words(query)][:MAX_QUERY_WORDS]


def raw_words(query: str) -> list[str]:
    """The words of a query as typed (lower case, accents kept), for PostgreSQL's Spanish
    stemmer."""
    return [w[:MAX_WORD_CHARS] for w in WORD.findall((query or "").lower())][:MAX_QUERY_WORDS]
