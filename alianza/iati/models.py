"""Import jobs: one IATI file imported (or dry-run) into a program's registry, with its
progress, its report and the issues found, kept as the data quality history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alianza.core.models import BackgroundJob, JobStatus
from alianza.core.texts import show
from alianza.iati.choices import ExportKind, IssueKind, IssueSeverity, label
from alianza.iati.querysets import ExportJobQuerySet, ImportIssueQuerySet, ImportJobQuerySet

__all__ = ["ExportJob", "ImportIssue", "ImportJob", "JobStatus"]


class ImportJob(BackgroundJob):
    """An IATI file sent to the registry, and what became of it."""

    FILE_FIELD = "stored_path"
    STALE_MESSAGE = _(
        "The worker stopped; the activities it had not yet saved were not kept (nothing is "
        "half-written). Run the import again: what is already stored does not change and "
        "the rest is imported."
    )

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="iati_imports",
        help_text=_("Empty: into the installation's registry, under no program."),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_name = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(_("stored file"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("checksum"), max_length=64, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    make_public = models.BooleanField(_("publish the activities"), null=True, blank=True)
    kind = models.CharField(_("file kind"), max_length=30, blank=True)
    version = models.CharField(_("IATI version"), max_length=20, blank=True)
    total = models.PositiveIntegerField(_("items in the file"), default=0)
    processed = models.PositiveIntegerField(_("items processed"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    refused = models.BooleanField(
        _("refused"), default=False, help_text=_("The file was refused whole: nothing imported.")
    )
    items = models.JSONField(_("per activity"), default=list, blank=True)
    batch = models.UUIDField(
        _("batch"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The files sent together (`import_iati --queue`) share it."),
    )
    retries = models.PositiveSmallIntegerField(
        _("retries after a concurrent write"),
        default=0,
        help_text=_(
            "Times the file was read again because another import stored some of the same "
            "activities at the same moment (the database refused the duplicate)."
        ),
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else ""

    def get_absolute_url(self) -> str:
        return reverse("iati:import_detail", kwargs={"pk": self.pk})

    @property
    def status_label(self) -> str:
        """The status as people read it: a finished job whose file was refused says so."""
        if self.refused and self.status == JobStatus.DONE:
            return str(pgettext_lazy("job status", "Refused"))
        return str(self.get_status_display())


class ImportIssue(models.Model):
    """A problem found in an imported file: schema error, codelist warning, rule..."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    activity_identifier = models.CharField(_("activity"), max_length=255, blank=True, db_index=True)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    severity = models.CharField(_("severity"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20, db_index=True)
    path = models.CharField(_("field"), max_length=255, blank=True)
    message = models.TextField(_("message"))  # English msgid, shown with params translated
    params = models.JSONField(_("message values"), default=dict, blank=True)

    objects = ImportIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("import issue")
        verbose_name_plural = _("import issues")
        ordering = ["job", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:80]}"

    @property
    def text(self) -> str:
        """The message in the reader's language."""
        return show(self.message, self.params)

    @property
    def kind_label(self) -> str:
        return label(IssueKind, self.kind)

    @property
    def severity_label(self) -> str:
        return label(IssueSeverity, self.severity)


class ExportJob(BackgroundJob):
    """An IATI export too large to be answered within a request: written to MEDIA_ROOT by
    a background job and downloaded from its page. Its address holds an unguessable token;
    an export asked for while signed in is for that person only (it may hold internal
    data), an anonymous one (public data only) for whoever has the address."""

    FILE_FIELD = "file_path"
    STALE_MESSAGE = _(
        "The worker stopped before the file was complete; nothing was kept. Run it again."
    )

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    program_code = models.CharField(_("program"), max_length=30, blank=True)
    query = models.TextField(_("filters"), blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    file_path = models.CharField(_("stored file"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    total = models.PositiveIntegerField(_("activities (estimate)"), default=0)
    processed = models.PositiveIntegerField(_("activities written"), default=0)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("IATI export")
        verbose_name_plural = _("IATI exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("iati:export_detail", kwargs={"token": self.token})

    @property
    def is_ready(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.file_path) and not self.file_removed_at
