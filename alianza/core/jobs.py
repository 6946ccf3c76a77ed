"""Background jobs, shared by every app that runs one (IATI imports, spreadsheet imports,
large exports).

A job is a row of a BackgroundJob model (alianza/core/models.py) and a function, named by
its dotted path, that takes the row's id. `start()` runs it the way JOB_MODE says:

- "rq": on RQ (django-rq, queue "default"; needs REDIS_URL and workers started with
  `python manage.py rqworker default`);
- "thread": in a thread of the web process (the SQLite `make run` default: nothing else
  to start);
- "inline": at once, in the caller (tests).

While it runs, a job beats (`beat()`: its heartbeat_at and its progress). A running job
whose last beat is older than JOB_HEARTBEAT_TIMEOUT seconds has lost its worker (killed,
restarted, out of memory): `reap()` marks it failed when a page or the API reads it and
when `manage.py jobs_reap` runs, never from a thread of ours. A failed job can be run
again (`reset_for_rerun()`); a worker that comes back to life after its job was reaped or
rerun finds out at its next beat (JobAbandoned) and stops.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from alianza.core.models import BackgroundJob, JobStatus, current_language
from alianza.core.texts import keep, show_all

logger = logging.getLogger(__name__)

#: A job model of an app (ImportJob, ExportJob, SpreadsheetJob...): what claim() and
#: refresh() are given is what they answer.
Job = TypeVar("Job", bound=BackgroundJob)

MODES = ("rq", "thread", "inline")


class JobAbandoned(Exception):
    """The job was marked failed (its heartbeat was too old) or is being run again by
    another worker: this worker must stop without writing more."""


#: Job threads are named for what they run ("alianza-job-import_job_run-12"), for logs and
#: thread dumps.
THREAD_PREFIX = "alianza-job-"


def mode() -> str:
    return settings.JOB_MODE


def dispatch(target: str, job_id: int) -> None:
    """Run `target(job_id)` (a dotted path) now, in the way JOB_MODE says."""
    if mode() == "rq":
        import django_rq

        django_rq.get_queue("default").enqueue(target, job_id, job_timeout=3600)
    elif mode() == "thread":
        thread = threading.Thread(
            target=_run_in_thread,
            args=(target, job_id),
            name=f"{THREAD_PREFIX}{target.rsplit('.', 1)[-1]}-{job_id}",
            daemon=True,
        )
        thread.start()
    else:
        import_string(target)(job_id)


def start(target: str, job_id: int) -> None:
    """Run the job once its row is committed (at once in inline mode)."""
    if mode() == "inline":
        dispatch(target, job_id)
    else:
        transaction.on_commit(lambda: dispatch(target, job_id))


def _run_in_thread(target: str, job_id: int) -> None:
    close_old_connections()
    try:
        import_string(target)(job_id)
    except Exception:  # the job row records the failure; keep the thread's death quiet
        logger.exception("Background job %s(%s) failed", target, job_id)
    finally:
        connection.close()


# --- The worker's side -------------------------------------------------------------------


def claim(model: type[Job], job_id: int, **related: Any) -> Job | None:
    """Take a queued job (queued -> running, one more attempt); None if it is not queued
    (already taken by another worker, finished, or gone)."""
    now = timezone.now()
    taken = model.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    if not taken:
        return None
    queryset = model.objects.all()
    if related.get("select_related"):
        queryset = queryset.select_related(*related["select_related"])
    job = queryset.get(pk=job_id)
    if mode() != "inline":
        # A worker (thread or RQ process) writes the job's messages in the language of the
        # person who started it; inline, the request's language is already theirs.
        translation.activate(job.language)
    return job


def _mine(job: BackgroundJob):
    return type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)


def beat(job: BackgroundJob, **fields) -> None:
    """The job is alive: record the time (and the given fields, its progress). Raises
    JobAbandoned when the job is no longer this worker's."""
    now = timezone.now()
    if not _mine(job).update(heartbeat_at=now, **fields):
        raise JobAbandoned(f"{type(job).__name__} {job.pk} is no longer running here")
    job.heartbeat_at = now
    for name, value in fields.items():
        setattr(job, name, value)


def finish(job: BackgroundJob, status: str = JobStatus.DONE, **fields) -> None:
    """End the job (done, or failed with a summary) if it is still this worker's."""
    now = timezone.now()
    if not _mine(job).update(status=status, finished_at=now, heartbeat_at=now, **fields):
        raise JobAbandoned(f"{type(job).__name__} {job.pk} is no longer running here")
    job.status, job.finished_at, job.heartbeat_at = status, now, now
    for name, value in fields.items():
        setattr(job, name, value)


def fail(job: BackgroundJob, message: str | Promise, **params: Any) -> None:
    """End the job as failed with this message (a msgid or lazy translation and its values,
    shown in the reader's language); nothing if it is no longer this worker's."""
    parts = [keep(message, **params)]
    with contextlib.suppress(JobAbandoned):
        finish(job, JobStatus.FAILED, summary=show_all(parts), summary_parts=parts)


class Beater:
    """A progress callback that beats at most every `every` seconds (and always at the
    end), recording processed/total."""

    def __init__(self, job: BackgroundJob, *, every: float = 0.5, forward=None) -> None:
        self.job, self.every, self.forward = job, every, forward
        self.last: datetime.datetime | None = None

    def __call__(self, done: int, total: int | None = None) -> None:
        if self.forward is not None:
            self.forward(done, total)
        now = timezone.now()
        finished = total is not None and done >= total
        if self.last and (now - self.last).total_seconds() < self.every and not finished:
            return
        self.last = now
        fields = {"processed": done}
        if total is not None:
            fields["total"] = total
        beat(self.job, **fields)


# --- The reader's side -------------------------------------------------------------------


def heartbeat_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT)


def _stale(cutoff: datetime.datetime) -> Q:
    stale = Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    if mode() != "rq":
        # A thread takes its job as soon as the row is committed: a job still queued after
        # the timeout died with its process. (On RQ a job may wait for a busy worker.)
        stale |= Q(status=JobStatus.QUEUED) & (
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
        )
    return stale


def reap(queryset) -> int:
    """Mark failed the running jobs of the queryset whose worker stopped beating; the
    number marked."""
    model = queryset.model
    now = timezone.now()
    cutoff = now - heartbeat_timeout()
    reaped = 0
    for pk in list(queryset.filter(_stale(cutoff)).values_list("pk", flat=True)):
        reaped += model.objects.filter(_stale(cutoff), pk=pk).update(
            status=JobStatus.FAILED,
            finished_at=now,
            summary=str(model.STALE_MESSAGE),
            summary_parts=[keep(model.STALE_MESSAGE)],
        )
    return reaped


def refresh(job: Job) -> Job:
    """The job as a reader should see it: failed if its worker stopped."""
    if not job.is_finished and reap(type(job).objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


def job_models() -> list[type[BackgroundJob]]:
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob)]


def reap_all() -> dict[str, int]:
    """Reap every kind of job: {model label: number marked failed}."""
    return {m._meta.label: reap(m.objects.all()) for m in job_models()}


def reset_for_rerun(job: BackgroundJob, **fields) -> bool:
    """Put a failed job back in the queue (with the given fields reset); False if it is
    not failed any more (another click got there first)."""
    done = (
        type(job)
        .objects.filter(pk=job.pk, status=JobStatus.FAILED)
        .update(
            status=JobStatus.QUEUED,
            started_at=None,
            finished_at=None,
            heartbeat_at=timezone.now(),  # queued now (see _stale)
            summary="",
            summary_parts=[],
            processed=0,
            language=current_language(),
            **fields,
        )
    )
    if done:
        job.refresh_from_db()
    return bool(done)


# --- Kept files ----------------------------------------------------------------------------

#: Folders of MEDIA_ROOT where jobs keep files (uploads, exports); files there that no job
#: refers to (an upload refused before its job was saved, an older preview) are purged too.
JOB_FOLDERS = ("iati-imports", "spreadsheets", "exports")


def remove_file(job: BackgroundJob) -> None:
    """Delete the file a job keeps (a refused upload) and note when, keeping the job."""
    name = getattr(job, job.FILE_FIELD, "") if job.FILE_FIELD else ""
    if not name or job.file_removed_at is not None:
        return
    default_storage.delete(name)
    job.file_removed_at = timezone.now()
    type(job).objects.filter(pk=job.pk).update(file_removed_at=job.file_removed_at)


@dataclass
class Purged:
    what: str  # "iati.ImportJob 12" or "orphan"
    name: str  # the file's name in the storage (relative to MEDIA_ROOT)
    size: int


def purge_files(*, days: int | None = None, dry_run: bool = False) -> list[Purged]:
    """Remove the files that finished jobs keep (uploads, exports) once they are older than
    `days` (UPLOAD_RETENTION_DAYS), and files of the job folders that no job refers to. The
    job rows stay, with their results and the time their file was removed."""
    days = settings.UPLOAD_RETENTION_DAYS if days is None else days
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    removed: list[Purged] = []
    referenced: set[str] = set()
    for model in job_models():
        if not model.FILE_FIELD:
            continue
        field = model.FILE_FIELD
        kept = model.objects.exclude(**{field: ""}).filter(file_removed_at__isnull=True)
        finished = Q(status__in=(JobStatus.DONE, JobStatus.FAILED))
        old = kept.filter(finished, created_at__lt=cutoff)
        referenced |= set(kept.exclude(pk__in=old.values("pk")).values_list(field, flat=True))
        for pk, name in old.values_list("pk", field):
            removed.append(Purged(f"{model._meta.label} {pk}", name, _size(name)))
            if not dry_run:
                default_storage.delete(name)
                model.objects.filter(pk=pk).update(file_removed_at=now)
    referenced |= {item.name for item in removed}
    for folder in JOB_FOLDERS:
        for name in _files(folder):
            if name in referenced:
                continue
            if default_storage.get_modified_time(name) < cutoff:
                removed.append(Purged("orphan", name, _size(name)))
                if not dry_run:
                    default_storage.delete(name)
    return removed


def _size(name: str) -> int:
    try:
        return default_storage.size(name)
    except OSError:
        return 0


def _files(folder: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    _dirs, files = default_storage.listdir(folder)
    return [f"{folder}/{f}" for f in files]
