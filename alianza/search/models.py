"""The search index: one entry per record that can be found (a product, an initiative, a
lesson, a recommendation, a registry activity, a document's metadata).

An entry keeps what the search needs and nothing it must not show: the record's kind and
id, its program, initiative and year for the filters, its dissemination level, its title in
both languages, the text searched (`body`) and, for SQLite and for PostgreSQL's fallback,
the text folded (lower case, no accents) and its Snowball stems in Spanish and English
(`stems`, space separated). Who may see each result is decided by the record's own
`visible_to(user)` at query time (`search.services.search`), never stored here.

Entries are derived data: the services of each kind of record keep them current in their
own transaction (`search.index.index_record`, `index_many`, `unindex`), and `reindex`
rebuilds them all. They are not audited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alianza.core.models import localized


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("record"))
    program_id = models.PositiveBigIntegerField(_("program"), null=True, blank=True)
    initiative_id = models.PositiveBigIntegerField(_("initiative"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    level = models.CharField(_("dissemination level"), max_length=10, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    folded = models.TextField(_("folded text"), blank=True)
    stems = models.TextField(_("stems"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    title = localized("title")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]
        indexes = [models.Index(fields=["program_id", "kind"], name="search_entry_program")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
