"""Abstract bases shared by the domain apps. No concrete domain models live here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """A record that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class DatePrecision(models.TextChoices):
    """How much of a stored date the source actually gave."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def localized(base: str, *, fallback: bool = True) -> property:
    """A read-only property returning `<base>_<lang>` for the active language.

    Content that exists in Spanish and English is stored as two fields
    (`title_es`, `title_en`), mapping to IATI narratives. The property returns
    the active language's text, falling back to the other language when the
    source gave only one.
    """

    def getter(self) -> str:
        lang = (get_language() or "es")[:2]
        order = [lang] + [code for code in ("es", "en") if code != lang]
        if not fallback:
            order = order[:1]
        for code in order:
            value = getattr(self, f"{base}_{code}", "")
            if value:
                return value
        return ""

    getter.__name__ = base
    return property(getter)


def localized_language(obj, base: str) -> str:
    """The language code of the text `localized(base)` returns for obj ("" if empty)."""
    lang = (get_language() or "es")[:2]
    for code in [lang] + [c for c in ("es", "en") if c != lang]:
        if getattr(obj, f"{base}_{code}", ""):
            return code
    return ""


class SourceNoteMixin(models.Model):
    """A visible note on what the source says ambiguously, in both languages."""

    source_note_en = models.TextField(_("source note (English)"), blank=True)
    source_note_es = models.TextField(_("source note (Spanish)"), blank=True)

    source_note = localized("source_note")

    class Meta:
        abstract = True
