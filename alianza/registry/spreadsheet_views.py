"""Spreadsheet pages: templates to download, the upload, and each upload's job page (its
preview, checked in the job queue, then the import, also run there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alianza.accounts.models import User
from alianza.core import jobs
from alianza.core.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from alianza.core.models import JobStatus
from alianza.core.views import service_form
from alianza.registry import spreadsheet_jobs, spreadsheets
from alianza.registry.forms import UploadForm
from alianza.registry.models import SpreadsheetJob, SpreadsheetPhase
from alianza.registry.permissions import can_edit_registry


def spreadsheet_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in spreadsheets.KINDS or fmt not in ("xlsx", "csv"):
        raise Http404(_("No such template."))
    lang = request.GET.get("lang") or (request.LANGUAGE_CODE or "es")[:2]
    lang = "es" if lang == "es" else "en"
    if fmt == "xlsx":
        payload, content_type = spreadsheets.template_xlsx(kind, lang), XLSX_CONTENT_TYPE
    else:
        payload, content_type = spreadsheets.template_csv(kind, lang), CSV_CONTENT_TYPE
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="registry-{kind}-{lang}.{fmt}"'
    return response


def spreadsheet_import(request: HttpRequest) -> HttpResponse:
    """The upload form and the recent spreadsheet imports; an upload becomes a job (checked
    in the job queue) and the browser goes to its page."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.programs.exists():
        raise PermissionDenied
    visible = SpreadsheetJob.objects.visible_to(request.user)
    jobs.reap(visible)  # a job whose worker died is listed (and stored) as failed
    context = {
        "kinds": spreadsheets.KIND_LABELS,
        "columns": spreadsheets.COLUMNS,
        "recent": visible.select_related("program", "created_by").order_by("-created_at")[:20],
    }
    return service_form(
        request,
        form=form,
        save=lambda data: _upload_record(data, actor=request.user),
        template="registry/spreadsheet_import.html",
        context=context,
        success_url=lambda job: job.get_absolute_url(),
    )


def _upload_record(data: dict, *, actor: User) -> SpreadsheetJob:
    """Keep the uploaded file as a job that checks it; a refused file is the form's error."""
    try:
        return spreadsheet_jobs.spreadsheet_job_create(
            program=data["program"],
            actor=actor,
            kind=data["kind"],
            mode=data["mode"],
            uploaded=data["file"],
        )
    except spreadsheets.SheetError as exc:
        raise ValidationError({"file": str(exc)}) from exc


def _get_job(request: HttpRequest, pk: int) -> SpreadsheetJob:
    job = (
        SpreadsheetJob.objects.visible_to(request.user)
        .select_related("program", "created_by")
        .filter(pk=pk)
        .first()
    )
    if job is None:
        raise Http404(_("No such spreadsheet import."))
    return jobs.refresh(job)


@login_required
def spreadsheet_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A spreadsheet job: its progress (polled while it runs), then each row's outcome,
    the button that imports a finished preview and the one that reruns a failed job."""
    job = _get_job(request, pk)
    return render(request, "registry/spreadsheet_job.html", _job_context(request, job))


def _job_context(request: HttpRequest, job: SpreadsheetJob, **extra: Any) -> dict[str, Any]:
    shown = SpreadsheetPhase.IMPORT if job.phase == SpreadsheetPhase.IMPORT else job.phase
    rows = job.rows.filter(phase=shown).order_by("number")
    valid, invalid = spreadsheet_jobs.valid_invalid(job, shown)
    may_edit = can_edit_registry(request.user, job.program)
    preview_done = job.phase == SpreadsheetPhase.CHECK and job.status == JobStatus.DONE
    modes = dict(UploadForm.base_fields["mode"].choices)
    return {
        "job": job,
        "kind_label": spreadsheets.KIND_LABELS.get(job.kind, job.kind),
        "mode_label": modes.get(job.mode, job.mode),
        "rows": rows[:5000] if job.is_finished else [],
        "valid": valid,
        "invalid": invalid,
        "imported": job.phase == SpreadsheetPhase.IMPORT,
        "can_confirm": preview_done and valid and may_edit and job.created_by_id == request.user.pk,
        "can_rerun": job.is_failed and may_edit and not job.file_removed_at,
        "retention_days": settings.UPLOAD_RETENTION_DAYS,
        **extra,
    }


JobAction = Callable[..., SpreadsheetJob]


def _run_job_action(request: HttpRequest, pk: int, service: JobAction) -> HttpResponse:
    """POST: call `service(job=, actor=)` on a job of a program the user edits; a refusal
    of the service (SpreadsheetJobError) is the job page with its reason (409)."""
    job = _get_job(request, pk)
    if not can_edit_registry(request.user, job.program):
        raise PermissionDenied
    try:
        service(job=job, actor=request.user)
    except spreadsheet_jobs.SpreadsheetJobError as exc:
        context = _job_context(request, job, error=str(exc))
        return render(request, "registry/spreadsheet_job.html", context, status=409)
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def spreadsheet_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: import the valid rows of a finished preview (the person who sent the file)."""
    return _run_job_action(request, pk, spreadsheet_jobs.spreadsheet_job_confirm)


@login_required
@require_POST
def spreadsheet_job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: run a failed job again (the program's registry editors)."""
    return _run_job_action(request, pk, spreadsheet_jobs.spreadsheet_job_rerun)
