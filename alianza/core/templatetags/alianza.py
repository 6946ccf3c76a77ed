"""Formatting only: money, partial dates, localized fields, query strings, safe links, and
whether a form shows a required field."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from alianza.core.links import is_safe_link
from alianza.core.models import localized_language

register = template.Library()


@register.filter
def money(value, currency: str = "USD") -> str:
    """1234.5 -> 'USD 1,234.50' (locale-aware grouping)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    return f"{currency} {intcomma(amount)}"


@register.simple_tag
def i18n_text(obj, base: str):
    """A bilingual field in the active language, marked with lang when it falls back, and
    with a visible "translation" mark when the text shown is the team's translation (the
    record lists it in `translated_fields`)."""
    value = getattr(obj, base, "")
    if not value:
        return ""
    lang = localized_language(obj, base)
    is_translation = getattr(obj, "is_translation", None)
    mark = ""
    if lang and callable(is_translation) and is_translation(f"{base}_{lang}"):
        why = (
            gettext("Translated by the team: the source gives this text in English only.")
            if lang == "es"
            else gettext("Translated by the team: the source gives this text in Spanish only.")
        )
        mark = format_html(
            ' <small class="translation-mark" title="{}">{}</small>', why, gettext("translation")
        )
    if lang and lang != (get_language() or "es")[:2]:
        return format_html(
            '<span lang="{}" class="fallback-lang" title="{}">{}</span>{}',
            lang,
            lang.upper(),
            value,
            mark,
        )
    return format_html("{}{}", value, mark) if mark else value


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (None removes them)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None) if "page" not in kwargs else None
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def has_required(form) -> bool:
    """Whether the form (or formset) shows a required field: its page explains the mark."""
    forms = getattr(form, "forms", None)
    for one in [form] if forms is None else forms:
        if any(field.field.required for field in one.visible_fields()):
            return True
    return False


@register.filter
def dictget(mapping, key):
    """mapping[key] in a template (empty list when absent)."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.simple_tag
def safe_link(url, label=""):
    """An address from data as a link when it is http, https or mailto; otherwise as text.

    Every address that comes from records (imported or typed) goes through this tag: a
    `javascript:` or `data:` address is shown, never followed.
    """
    url = str(url or "").strip()
    label = str(label or "") or url
    if is_safe_link(url):
        return format_html('<a href="{}" rel="noopener noreferrer nofollow">{}</a>', url, label)
    if not url:
        return label
    note = gettext("Not a link: only web (http, https) and e-mail addresses are shown as links.")
    if label == url:
        return format_html('<span class="unsafe-link" title="{}">{}</span>', note, url)
    return format_html(
        '<span class="unsafe-link" title="{}">{} <code>{}</code></span>', note, label, url
    )
