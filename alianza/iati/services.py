"""Starting and running IATI imports. The upload page, the API and `import_iati` call these;
the activities themselves are written by alianza.registry.services."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alianza.accounts.models import User
from alianza.accounts.services import system_user
from alianza.audit.context import audit_context
from alianza.core import jobs
from alianza.core.concurrency import concurrent_write
from alianza.iati import quality
from alianza.iati.importer import pipeline, source
from alianza.iati.models import ImportIssue, ImportJob, JobStatus
from alianza.iati.permissions import can_import_iati
from alianza.programs.models import Program
from alianza.programs.permissions import require

UPLOAD_DIR = "iati-imports"

logger = logging.getLogger(__name__)


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def _require_import(actor: User, program: Program | None) -> None:
    require(
        can_import_iati(actor, program),
        _("You may not import into the registry of program %(code)s.") % {"code": program.code}
        if program is not None
        else _("Only an administrator may import into the registry under no program."),
    )


@transaction.atomic
def import_job_create(
    *,
    program: Program | None,
    actor: User,
    source_name: str,
    uploaded: UploadedFile | None = None,
    path: Path | None = None,
    dry_run: bool = False,
    make_public: bool | None = None,
    batch: uuid.UUID | None = None,
) -> ImportJob:
    """Record an import of an uploaded file (or a file on disk) and keep the file; `batch`
    groups the files sent together.

    Raises source.SourceError when the file is over the size limit."""
    _require_import(actor, program)
    if uploaded is not None:
        stored = source.store_upload(uploaded, upload_folder())
    elif path is not None:
        if Path(path).stat().st_size > source.max_file_bytes():
            raise source.too_big(Path(path).stat().st_size, source.max_file_bytes())
        stored = source.copy_to(Path(path), upload_folder())
    else:
        raise TypeError("import_job_create needs an uploaded file or a path")
    job = ImportJob(
        program=program,
        created_by=actor if actor.pk else None,
        source_name=Path(source_name).name[:255],
        stored_path=str(stored.relative_to(settings.MEDIA_ROOT)),
        size=stored.stat().st_size,
        dry_run=dry_run,
        make_public=make_public,
        batch=batch,
    )
    job.full_clean()
    job.save()
    # The job is itself the record of who imported what and when; it writes no audit
    # record, so that re-importing an unchanged file leaves the audit trail untouched.
    return job


RUN = "alianza.iati.services.import_job_run"


def import_job_start(*, job: ImportJob) -> None:
    """Run the job in the background (RQ, a thread) or inline, as the settings say. A
    background worker starts once the job's row is committed."""
    jobs.start(RUN, job.pk)


class QueueError(Exception):
    """Files cannot be queued: the installation runs its jobs without RQ."""


def import_jobs_enqueue(
    *,
    paths: Iterable[Path],
    program: Program | None,
    actor: User,
    dry_run: bool = False,
    make_public: bool | None = None,
) -> list[ImportJob]:
    """Record one import job per file, all in one batch, and put each on the RQ queue:
    any number of workers (`manage.py rqworker default`, on any machine sharing the
    database, Redis and MEDIA_ROOT) run them. Raises QueueError without RQ (JOB_MODE=rq):
    a job sent to a queue no page knows of would be taken for dead."""
    if jobs.mode() != "rq":
        raise QueueError(
            _(
                "Queued imports need the RQ job queue: set REDIS_URL (JOB_MODE=rq) and start "
                "workers with `manage.py rqworker default`."
            )
        )
    _require_import(actor, program)
    batch = uuid.uuid4()
    created = []
    for path in paths:
        job = import_job_create(
            program=program,
            actor=actor,
            source_name=Path(path).name,
            path=Path(path),
            dry_run=dry_run,
            make_public=make_public,
            batch=batch,
        )
        import_job_start(job=job)
        created.append(job)
    return created


class RerunError(Exception):
    """The job cannot be run again (not failed, or its file was removed)."""


def import_job_rerun(*, job: ImportJob, actor: User) -> ImportJob:
    """Run a failed import again, from its stored file. The importer is idempotent: what
    the failed run stored is found unchanged and the rest is written."""
    _require_import(actor, job.program)
    jobs.refresh(job)
    if job.status != JobStatus.FAILED:
        raise RerunError(_("Only a failed import can be run again."))
    if job.file_removed_at or not (Path(settings.MEDIA_ROOT) / job.stored_path).is_file():
        raise RerunError(_("The uploaded file was removed; upload it again."))
    # Durable: the job starts once this is committed; inside a caller's transaction an
    # inline run would write its batches of activities into that transaction.
    with transaction.atomic(durable=True):
        job.issues.all().delete()
        if not jobs.reset_for_rerun(job, counts={}, items=[], retries=0):
            raise RerunError(_("Only a failed import can be run again."))
    import_job_start(job=job)
    return job


def import_job_run(
    job_id: int, *, progress: pipeline.Progress | None = None
) -> pipeline.ImportReport | None:
    """Run an import job to the end and keep its report and issues. Beats while it runs;
    stops (JobAbandoned) if the job was meanwhile marked failed or taken by a rerun."""
    job = jobs.claim(ImportJob, job_id, select_related=("program", "created_by"))
    if job is None:
        return None
    actor = job.created_by or system_user()
    path = Path(settings.MEDIA_ROOT) / job.stored_path
    try:
        report = _run_retrying(job, path, actor, progress)
    except jobs.JobAbandoned:
        return None
    except Exception as exc:
        jobs.fail(
            job, gettext_noop("The import stopped on an unexpected error: %(error)s"), error=exc
        )
        raise
    try:
        _keep_report(job, report)
    except jobs.JobAbandoned:
        return None
    return report


#: Times a file is read again after the database refused a concurrent duplicate.
RETRIES = 5


def _run_retrying(
    job: ImportJob, path: Path, actor: User, progress: pipeline.Progress | None
) -> pipeline.ImportReport:
    """Run the import; when the database refuses a write that another import made at the
    same moment (the unique IATI identifier decides who stored an activity first), run it
    again: the importer is idempotent, so what is already stored, by either import, is found
    unchanged and the rest is written. No lock is taken: the database decides."""
    while True:
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
                    progress=jobs.Beater(job, forward=progress),
                )
        except DatabaseError as exc:
            if not concurrent_write(exc) or job.retries >= RETRIES:
                raise
            jobs.beat(job, retries=job.retries + 1, processed=0)
            logger.info(
                "IATI import %s: concurrent write (%s), reading the file again", job.pk, exc
            )
            continue
        if job.retries:
            report.file_issues.append(
                quality.Issue(
                    quality.WARNING,
                    quality.FILE,
                    "",
                    gettext_noop(
                        "Another import stored some of the same activities at the same moment; "
                        "the file was read again (%(count)s times): activities this import had "
                        "stored before count as unchanged."
                    ),
                    params={"count": job.retries},
                )
            )
        return report


def _keep_report(job: ImportJob, report: pipeline.ImportReport) -> None:
    job.kind, job.version, job.sha256 = report.kind, report.version, report.sha256
    job.total = report.total
    job.processed = len(report.items)
    job.counts = report.counts()
    job.refused = report.refused
    job.summary_parts = report.summary_parts()
    job.summary = report.summary()
    job.items = [item.as_dict() for item in report.items]
    with transaction.atomic():
        jobs.finish(job, JobStatus.DONE)  # JobAbandoned if the job is no longer ours
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
                params=issue.params,
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
                    params=issue.params,
                )


def import_file(
    *,
    path: Path,
    program: Program | None,
    actor: User,
    dry_run: bool = False,
    make_public: bool | None = None,
    progress: pipeline.Progress | None = None,
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
    if report is None:  # taken by another worker: cannot happen to a job created just now
        raise jobs.JobAbandoned(job.pk)
    job.refresh_from_db()
    return job, report
