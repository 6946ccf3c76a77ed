"""Import jobs: one IATI file imported (or dry-run) into a program's registry, with its
progress, its report and the issues found, kept as the data quality history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.iati.querysets import ImportIssueQuerySet, ImportJobQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An IATI file sent to the registry, and what became of it."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="iati_imports",
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
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    kind = models.CharField(_("file kind"), max_length=30, blank=True)
    version = models.CharField(_("IATI version"), max_length=20, blank=True)
    total = models.PositiveIntegerField(_("items in the file"), default=0)
    processed = models.PositiveIntegerField(_("items processed"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    items = models.JSONField(_("per activity"), default=list, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

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
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0


class ImportIssue(models.Model):
    """A problem found in an imported file: schema error, codelist warning, rule..."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    activity_identifier = models.CharField(_("activity"), max_length=255, blank=True, db_index=True)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    severity = models.CharField(_("severity"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20, db_index=True)
    path = models.CharField(_("field"), max_length=255, blank=True)
    message = models.TextField(_("message"))

    objects = ImportIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("import issue")
        verbose_name_plural = _("import issues")
        ordering = ["job", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:80]}"
