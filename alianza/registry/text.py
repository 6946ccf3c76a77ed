"""IATI narratives: text in any number of languages, stored as
`[{"lang": "es", "text": "..."}, ...]` (lang "" when the source did not say)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language

Narratives = list[dict[str, str]]


def pick(narratives: Iterable[dict] | None, lang: str | None = None) -> str:
    """The text in `lang` (default: the active language), else Spanish, English, any."""
    items = list(narratives or [])
    if not items:
        return ""
    wanted = (lang or get_language() or "es")[:2]
    for code in (wanted, "es", "en", ""):
        for item in items:
            if item.get("lang", "") == code and item.get("text"):
                return item["text"]
    return next((item.get("text", "") for item in items if item.get("text")), "")


def pick_lang(narratives: Iterable[dict] | None, lang: str | None = None) -> str:
    """The language code of the text `pick` returns ("" when unknown)."""
    text = pick(narratives, lang)
    for item in narratives or []:
        if item.get("text") == text:
            return item.get("lang", "")
    return ""


def narratives(**texts: str) -> Narratives:
    """narratives(es="Hola", en="Hello") -> the stored form, empty texts left out."""
    return [{"lang": lang, "text": text} for lang, text in texts.items() if text]


def languages(items: Iterable[dict] | None) -> set[str]:
    return {item.get("lang", "") for item in items or []}
