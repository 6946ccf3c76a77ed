"""Starting and running IATI imports. The upload page, the API and `import_iati` call these;
the activities themselves are written by alianza.registry.services."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alianza.accounts.models import User
from alianza.accounts.services import system_user
from alianza.audit.context import audit_context
from alianza.iati import jobs
from alianza.iati.importer import pipeline, source
from alianza.iati.models import ImportIssue, ImportJob, JobStatus
from alianza.programs.models import Program
from alianza.registry.permissions import can_edit_registry

UPLOAD_DIR = "iati-imports"


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def _require(actor: User, program: Program) -> None:
    if not can_edit_registry(actor, program):
        raise PermissionDenied(
            _("You may not import into the registry of program %(code)s.") % {"code": program.code}
        )


@transaction.atomic
def import_job_create(
    *,
    program: Program,
    actor: User,
    source_name: str,
    uploaded=None,
    path: Path | None = None,
    dry_run: bool = False,
    make_public: bool | None = None,
) -> ImportJob:
    """Record an import of an uploaded file (or a file on disk) and keep the file.

    Raises source.SourceError when the file is over the size limit."""
    _require(actor, program)
    if uploaded is not None:
        stored = source.store_upload(uploaded, upload_folder())
    else:
        if Path(path).stat().st_size > source.max_file_bytes():
            raise source.SourceError(
                f"The file is {Path(path).stat().st_size:,} bytes; files over "
                f"{source.max_file_bytes():,} bytes are refused (the IATI Registry's limit)."
            )
        stored = source.copy_to(Path(path), upload_folder())
    job = ImportJob(
        program=program,
        created_by=actor if actor.pk else None,
        source_name=Path(source_name).name[:255],
        stored_path=str(stored.relative_to(settings.MEDIA_ROOT)),
        size=stored.stat().st_size,
        dry_run=dry_run,
        make_public=make_public,
    )
    job.full_clean()
    job.save()
    # The job is itself the record of who imported what and when; it writes no audit
    # record, so that re-importing an unchanged file leaves the audit trail untouched.
    return job


def import_job_start(job: ImportJob) -> None:
    """Run the job in the background (RQ, a thread) or inline, as the settings say. A
    background worker starts once the job's row is committed."""
    if jobs.mode() == "inline":
        jobs.dispatch(job.pk)
    else:
        transaction.on_commit(lambda: jobs.dispatch(job.pk))


class _Progress:
    """Writes the job's progress at most every half second."""

    def __init__(self, job: ImportJob, forward=None) -> None:
        self.job = job
        self.forward = forward
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if self.forward is not None:
            self.forward(done, total)
        now = time.monotonic()
        if now - self.last < 0.5 and done < total:
            return
        self.last = now
        self.job.processed, self.job.total = done, total
        self.job.save(update_fields=["processed", "total"])


def import_job_run(job_id: int, *, progress=None) -> pipeline.ImportReport | None:
    """Run an import job to the end and keep its report and issues."""
    job = ImportJob.objects.select_related("program", "created_by").get(pk=job_id)
    if job.status not in (JobStatus.QUEUED,):
        return None
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    actor = job.created_by or system_user()
    path = Path(settings.MEDIA_ROOT) / job.stored_path
    try:
        with audit_context(
            source="iati_import", request_id=f"iati-import-{job.pk}-{uuid.uuid4().hex[:8]}"
        ):
            report = pipeline.run(
                path,
                program=job.program,
                actor=actor,
                dry_run=job.dry_run,
                make_public=job.make_public,
                progress=_Progress(job, progress),
            )
    except Exception as exc:
        job.status, job.finished_at = JobStatus.FAILED, timezone.now()
        job.summary = _("The import stopped on an unexpected error: %(error)s") % {"error": exc}
        job.save(update_fields=["status", "finished_at", "summary"])
        raise
    _keep_report(job, report)
    return report


def _keep_report(job: ImportJob, report: pipeline.ImportReport) -> None:
    job.kind, job.version, job.sha256 = report.kind, report.version, report.sha256
    job.total = report.total
    job.processed = len(report.items)
    job.counts = report.counts()
    job.summary = report.summary()
    job.items = [item.as_dict() for item in report.items]
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
        for issue in report.file_issues:
            ImportIssue.objects.create(
                job=job,
                activity_identifier="",
                line=issue.line,
                severity=issue.severity,
                kind=issue.kind,
                path=issue.path[:255],
                message=issue.message,
            )
        for item in report.items:
            for issue in item.issues:
                ImportIssue.objects.create(
                    job=job,
                    activity_identifier=item.identifier[:255],
                    line=issue.line,
                    severity=issue.severity,
                    kind=issue.kind,
                    path=issue.path[:255],
                    message=issue.message,
                )


def import_file(
    *,
    path: Path,
    program: Program,
    actor: User,
    dry_run: bool = False,
    make_public: bool | None = None,
    progress=None,
) -> tuple[ImportJob, pipeline.ImportReport]:
    """Import a file on disk now (the command): recorded as a job like an upload."""
    job = import_job_create(
        program=program,
        actor=actor,
        source_name=Path(path).name,
        path=Path(path),
        dry_run=dry_run,
        make_public=make_public,
    )
    report = import_job_run(job.pk, progress=progress)
    job.refresh_from_db()
    return job, report
