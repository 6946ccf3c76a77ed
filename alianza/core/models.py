"""Abstract bases shared by the domain apps. No concrete domain models live here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from alianza.core.texts import show_all


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


def bilingual_text_fields(model) -> list[str]:
    """The `<base>_es`/`<base>_en` text fields of a model whose other language it also has."""
    names = {
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    }
    return sorted(
        n
        for n in names
        if n[-3:] in ("_es", "_en") and f"{n[:-3]}_{'en' if n.endswith('_es') else 'es'}" in names
    )


class TranslationMarksMixin(models.Model):
    """Which of a record's bilingual texts are a translation made by the team, because the
    source gives that text in the other language only (`["text_es"]`). Pages mark such a
    text as a translation wherever they show it (`{% i18n_text %}`); reference data sets
    declare them beside the texts (`translated = [...]`)."""

    translated_fields = models.JSONField(
        _("texts that are translations"),
        default=list,
        blank=True,
        help_text=_(
            "The texts the team translated because the source gives them in the other "
            "language only, e.g. description_es."
        ),
    )

    class Meta:
        abstract = True

    def is_translation(self, field: str) -> bool:
        """True when the text in `field` (`<base>_<lang>`) is the team's translation."""
        return field in (self.translated_fields or []) or bool(
            getattr(self, f"{field}_is_translation", False)
        )

    def clean_fields(self, exclude=None) -> None:
        super().clean_fields(exclude=exclude)
        if exclude and "translated_fields" in exclude:
            return
        value = self.translated_fields
        allowed = set(bilingual_text_fields(type(self)))
        if not isinstance(value, list) or any(v not in allowed for v in value):
            raise ValidationError(
                {
                    "translated_fields": _(
                        "List only this record's Spanish or English texts (%(fields)s)."
                    )
                    % {"fields": ", ".join(sorted(allowed))}
                }
            )
        self.translated_fields = sorted(set(value))


class SourceNoteMixin(models.Model):
    """A visible note on what the source says ambiguously, in both languages."""

    source_note_en = models.TextField(_("source note (English)"), blank=True)
    source_note_es = models.TextField(_("source note (Spanish)"), blank=True)

    source_note = localized("source_note")

    class Meta:
        abstract = True


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class OwnedAction(TimeStampedModel):
    """Something a partner institution (and, optionally, a person in it) must do by a date:
    a risk's treatment action, a board's action item."""

    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    owner_institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("owner institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    description = localized("description")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, as_of) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < as_of

    def action_errors(self) -> dict:
        """The checks every owned action makes (call from clean())."""
        errors = {}
        if not (self.description_en or self.description_es):
            errors["description_es"] = _("Describe the action in Spanish or English.")
        if self.status == ActionStatus.DONE and not self.completed_on:
            errors["completed_on"] = _("A done action needs the date it was completed.")
        owner_institution = getattr(self.owner, "institution", None) if self.owner_id else None
        if (
            self.owner_id
            and owner_institution is not None
            and (owner_institution.pk != self.owner_institution_id)
        ):
            errors["owner"] = _("The owner does not belong to the owner institution.")
        return errors


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job status", "Queued")
    RUNNING = "running", pgettext_lazy("job status", "Running")
    DONE = "done", pgettext_lazy("job status", "Done")
    FAILED = "failed", pgettext_lazy("job status", "Failed")


def current_language() -> str:
    """The language of the request (or command) running now, for records that write
    messages later, elsewhere (a job's summary)."""
    from django.conf import settings

    return get_language() or settings.LANGUAGE_CODE


class BackgroundJob(models.Model):
    """A piece of work run in the job queue (alianza/core/jobs.py): its status, its progress
    and its heartbeat, so that a job whose worker died is seen as failed and can be rerun,
    and, when it keeps a file (an upload, an export), when that file was removed.

    Subclasses may redeclare total/processed with their own labels, set FILE_FIELD to the
    field holding the stored file's name (relative to MEDIA_ROOT) and STALE_MESSAGE to what
    a job whose worker stopped means for that kind of job."""

    FILE_FIELD = ""
    STALE_MESSAGE = _("The worker stopped; nothing unfinished was kept. Run it again.")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("items"), default=0)
    processed = models.PositiveIntegerField(_("items processed"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    summary_parts = models.JSONField(
        _("summary (to translate)"),
        default=list,
        blank=True,
        help_text=_(
            "The summary as messages and their values (alianza.core.texts), shown in the "
            "reader's language."
        ),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("runs"), default=0)
    file_removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default=current_language,
        help_text=_("Of the person who started (or reran) it: its messages are written in it."),
    )

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def summary_text(self) -> str:
        """The summary in the reader's language (the stored text for older jobs)."""
        return show_all(self.summary_parts) or self.summary

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def stored_file(self) -> str:
        return getattr(self, self.FILE_FIELD, "") if self.FILE_FIELD else ""
