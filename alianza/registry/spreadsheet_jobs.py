"""Spreadsheet imports as background jobs: the upload is stored and checked row by row in
the job queue (the preview), and imported there once its sender confirms. Nothing is read
or written in the request but the stored file and the job's row.

The reading and the row checks are alianza.registry.spreadsheets'; this module runs them
in a job (alianza/core/jobs.py), keeps each row's outcome (SpreadsheetRow) and lets a
failed job run again: an import goes on from the first row it has not recorded, since a
row and its record are saved in one transaction.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alianza.accounts.models import User
from alianza.accounts.services import system_user
from alianza.audit.context import audit_context
from alianza.core import jobs
from alianza.core.models import JobStatus
from alianza.core.texts import Kept, keep, show_all
from alianza.programs.models import Program
from alianza.programs.permissions import require
from alianza.registry import spreadsheets
from alianza.registry.models import SpreadsheetJob, SpreadsheetPhase, SpreadsheetRow
from alianza.registry.permissions import can_edit_registry

FOLDER = "spreadsheets"
RUN = "alianza.registry.spreadsheet_jobs.spreadsheet_job_run"
FLUSH_EVERY = 200  # preview rows written at once


class SpreadsheetJobError(Exception):
    """The job cannot do what was asked (confirm, run again); the message says why."""


def spreadsheet_job_create(
    *, program: Program, actor: User, kind: str, mode: str, uploaded: UploadedFile
) -> SpreadsheetJob:
    """Keep the uploaded file and start checking it in the job queue (the preview).

    Raises spreadsheets.SheetError for what can be refused without reading the file."""
    require(
        can_edit_registry(actor, program),
        _("You may not import into the registry of program %(code)s.") % {"code": program.code},
    )
    if kind not in spreadsheets.KINDS or mode not in (spreadsheets.ADD, spreadsheets.UPDATE):
        raise spreadsheets.SheetError(
            _("Choose what the file holds and whether it adds or updates.")
        )
    suffix = Path(uploaded.name or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise spreadsheets.SheetError(_("Upload an .xlsx or .csv file."))
    if uploaded.size > spreadsheets.max_bytes():
        raise spreadsheets.SheetError(spreadsheets.too_big(uploaded.name, uploaded.size))
    stored = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}{suffix}", uploaded)
    try:
        with transaction.atomic():
            job = SpreadsheetJob.objects.create(
                program=program,
                created_by=actor,
                source_name=Path(uploaded.name).name[:255],
                stored_path=stored,
                size=default_storage.size(stored),
                kind=kind,
                mode=mode,
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    # Like IATI imports, the job is the record of who sent what and when; the rows it
    # imports are audited one by one by the registry's services.
    jobs.start(RUN, job.pk)
    return job


def _file_gone(job: SpreadsheetJob) -> bool:
    return bool(job.file_removed_at) or not (
        job.stored_path and default_storage.exists(job.stored_path)
    )


def spreadsheet_job_confirm(*, job: SpreadsheetJob, actor: User) -> SpreadsheetJob:
    """Import the rows of a finished preview (its sender only)."""
    require(
        can_edit_registry(actor, job.program),
        _("You may not import into the registry of program %(code)s.") % {"code": job.program.code},
    )
    require(job.created_by_id == actor.pk, _("Only the person who sent the file may import it."))
    if _file_gone(job):
        raise SpreadsheetJobError(_("The uploaded file was removed; upload it again."))
    total = job.rows.filter(phase=SpreadsheetPhase.CHECK).count()
    # Durable: the job starts once this is committed; inside a caller's transaction an
    # inline run would import row by row into that transaction (and a rerun could not
    # resume from the rows it recorded).
    with transaction.atomic(durable=True):
        confirmed = SpreadsheetJob.objects.filter(
            pk=job.pk, phase=SpreadsheetPhase.CHECK, status=JobStatus.DONE
        ).update(
            phase=SpreadsheetPhase.IMPORT,
            status=JobStatus.QUEUED,
            confirmed_at=timezone.now(),
            attempts=0,
            total=total,
            processed=0,
            summary="",
            started_at=None,
            finished_at=None,
            heartbeat_at=timezone.now(),  # queued now: see core.jobs._stale
        )
        if not confirmed:
            raise SpreadsheetJobError(
                _("This preview is not finished, or its import was already started.")
            )
    jobs.start(RUN, job.pk)
    job.refresh_from_db()
    return job


def spreadsheet_job_rerun(*, job: SpreadsheetJob, actor: User) -> SpreadsheetJob:
    """Run a failed job again: a preview from the start, an import from the first row it
    has not recorded."""
    require(
        can_edit_registry(actor, job.program),
        _("You may not import into the registry of program %(code)s.") % {"code": job.program.code},
    )
    jobs.refresh(job)
    if job.status != JobStatus.FAILED:
        raise SpreadsheetJobError(_("Only a failed job can be run again."))
    if _file_gone(job):
        raise SpreadsheetJobError(_("The uploaded file was removed; upload it again."))
    # Durable: the job starts once this is committed; inside a caller's transaction an
    # inline run would import row by row into that transaction (and a rerun could not
    # resume from the rows it recorded).
    with transaction.atomic(durable=True):
        if not jobs.reset_for_rerun(job):
            raise SpreadsheetJobError(_("Only a failed job can be run again."))
    jobs.start(RUN, job.pk)
    return job


# --- The worker's side -------------------------------------------------------------------


class _Recorder:
    """Keeps each row's outcome: a preview's in batches (nothing else is written), an
    import's inside the row's own transaction, with the job's heartbeat."""

    def __init__(self, job: SpreadsheetJob, phase: str, done: int) -> None:
        self.job, self.phase, self.count = job, phase, done
        self.pending: list[SpreadsheetRow] = []
        self.beater = jobs.Beater(job)

    def _row(self, result: spreadsheets.RowResult) -> SpreadsheetRow:
        return SpreadsheetRow(
            job=self.job,
            phase=self.phase,
            number=result.number,
            identifier=result.identifier[:255],
            outcome=result.outcome,
            errors=[list(e) for e in result.errors],
        )

    def __call__(self, result: spreadsheets.RowResult) -> None:
        self.count += 1
        if self.phase == SpreadsheetPhase.IMPORT:
            # In the row's transaction: fails (JobAbandoned) and rolls the row back if the
            # job is no longer this worker's.
            jobs.beat(self.job, processed=self.count)
            self._row(result).save()
            return
        self.pending.append(self._row(result))
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()
        self.beater(self.count)

    def flush(self) -> None:
        if self.pending:
            jobs.beat(self.job, processed=self.count)
            SpreadsheetRow.objects.bulk_create(self.pending)
            self.pending = []


def spreadsheet_job_run(job_id: int) -> None:
    """Check or import the job's file, as its phase says, recording every row."""
    job = jobs.claim(SpreadsheetJob, job_id, select_related=("program", "created_by"))
    if job is None:
        return
    phase = job.phase
    commit = phase == SpreadsheetPhase.IMPORT
    if commit:
        done = set(job.rows.filter(phase=phase).values_list("number", flat=True))
    else:
        job.rows.filter(phase=phase).delete()
        done = set()
    recorder = _Recorder(job, phase, len(done))
    actor = job.created_by or system_user()
    try:
        with (
            default_storage.open(job.stored_path, "rb") as handle,
            audit_context(
                source="spreadsheet", request_id=f"spreadsheet-{job.pk}-{uuid.uuid4().hex[:8]}"
            ),
        ):
            spreadsheets.process(
                job.kind,
                job.mode,
                job.source_name,
                handle,
                program=job.program,
                actor=actor,
                commit=commit,
                skip=done,
                on_row=recorder,
            )
        recorder.flush()
        parts = [_summary(job, phase)]
        jobs.finish(job, JobStatus.DONE, summary=show_all(parts), summary_parts=parts)
    except jobs.JobAbandoned:
        return
    except spreadsheets.SheetError as exc:
        # A refused file cannot succeed on a rerun: nothing of it is kept.
        jobs.fail(job, str(exc))
        jobs.remove_file(job)
    except FileNotFoundError:
        jobs.fail(job, gettext_noop("The uploaded file was removed; upload it again."))
    except Exception as exc:
        jobs.fail(job, gettext_noop("The job stopped on an unexpected error: %(error)s"), error=exc)
        raise


def valid_invalid(job: SpreadsheetJob, phase: str) -> tuple[int, int]:
    counts = job.rows.filter(phase=phase).aggregate(
        valid=Count("id", filter=~Q(outcome="invalid")),
        invalid=Count("id", filter=Q(outcome="invalid")),
    )
    return counts["valid"], counts["invalid"]


def _summary(job: SpreadsheetJob, phase: str) -> Kept:
    valid, invalid = valid_invalid(job, phase)
    if phase == SpreadsheetPhase.CHECK:
        message = gettext_noop("%(valid)s valid rows, %(invalid)s rows with errors.")
    else:
        message = gettext_noop("%(valid)s rows imported, %(invalid)s rows with errors.")
    return keep(message, valid=valid, invalid=invalid)


__all__ = ["spreadsheet_job_confirm", "spreadsheet_job_create", "spreadsheet_job_rerun"]
