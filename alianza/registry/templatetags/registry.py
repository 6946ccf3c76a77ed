"""Display helpers for registry content: narratives and IATI code labels."""

from __future__ import annotations

from django import template

from alianza import codelists
from alianza.registry.permissions import can_import_into_registry
from alianza.registry.text import pick, pick_lang

register = template.Library()


@register.filter
def narrative(items) -> str:
    """The narrative in the reader's language (falls back to another)."""
    return pick(items)


@register.filter
def narrative_lang(items) -> str:
    return pick_lang(items)


@register.simple_tag
def code_label(listname: str, code: str) -> str:
    """'2 – Implementation' for a code of an IATI codelist."""
    if not code:
        return ""
    name = codelists.label(listname, code)
    return code if name == code else f"{code} – {name}"


@register.filter
def languages(items) -> str:
    return ", ".join(sorted({i.get("lang") or "?" for i in items or []}))


@register.simple_tag(takes_context=True)
def registry_may_import(context) -> bool:
    """Whether the registry's navigation offers the spreadsheets page (editing roles)."""
    request = context.get("request")
    return bool(request and can_import_into_registry(request.user))
