"""Display helpers for registry content: narratives and IATI code labels."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from alianza import codelists
from alianza.registry import geo
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


@register.simple_tag
def country_code(code: str, known: bool | None = None):
    """A country code, flagged when IATI's Country codelist does not have it (a region's
    code, a typing error); registry/partials/unknown_code_legend.html explains the flag."""
    if known is None:
        known = codelists.is_known("Country", code)
    if known:
        return code
    return format_html(
        '{} <span class="badge text-bg-warning badge-unknown-code" data-testid="{}">{}</span>',
        code,
        "unknown-code",
        gettext("unknown code"),
    )


@register.filter
def has_unknown_country(activities) -> bool:
    """Whether the activity (or any of these activities, or any of these country totals)
    names a country the codelist does not have."""
    if hasattr(activities, "recipient_countries"):
        activities = [activities]
    rows = list(activities or [])
    if rows and isinstance(rows[0], dict):
        return any(not row["known"] for row in rows)
    return any(
        not codelists.is_known("Country", c.code)
        for activity in activities
        for c in activity.recipient_countries.all()
    )


@register.filter
def languages(items) -> str:
    return ", ".join(sorted({i.get("lang") or "?" for i in items or []}))


@register.simple_tag(takes_context=True)
def registry_may_import(context) -> bool:
    """Whether the registry's navigation offers the spreadsheets page (editing roles)."""
    request = context.get("request")
    return bool(request and can_import_into_registry(request.user))


@register.simple_tag
def country_role_label() -> str:
    """ "Role of <the registry's country>" in the reader's language."""
    return geo.country_text(gettext("Role of %(country)s"))
