"""IATI pages: upload a file (a background job with progress and its report), the import
history with data quality per source file and over time, data quality per activity, and
the exports."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from alianza.accounts.models import User
from alianza.core import jobs as core_jobs
from alianza.core.views import service_form
from alianza.iati import export_jobs, exporter, selectors, services
from alianza.iati.forms import ImportForm
from alianza.iati.importer.source import SourceError
from alianza.iati.models import ExportJob, ImportJob
from alianza.iati.permissions import AnyUser, can_import_iati, importable_programs
from alianza.programs.permissions import can_view_program, program_for
from alianza.registry.models import Activity
from alianza.registry.permissions import can_import_into_registry

XML_CONTENT_TYPE = "application/xml"


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for the type checker)."""

    htmx: HtmxDetails


def import_create(request: HttpRequest) -> HttpResponse:
    """The upload form (the registry editors of some program): the file becomes an import
    job, run in the background, and the browser goes to the job's page."""
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.may_import:
        raise PermissionDenied
    return service_form(
        request,
        form=form,
        save=lambda data: _import_record(data, actor=cast(User, request.user)),
        template="iati/import_form.html",
        context={},
        success_url=_import_started,
    )


def _import_record(data: dict, *, actor: User) -> ImportJob:
    """Record the uploaded file's import; a refused file is the form's error."""
    try:
        return services.import_job_create(
            program=data["program"],
            actor=actor,
            source_name=data["file"].name,
            uploaded=data["file"],
            dry_run=data["dry_run"],
        )
    except SourceError as exc:
        raise ValidationError({"file": str(exc)}) from exc


def _import_started(job: ImportJob) -> str:
    """Start the recorded import and answer its page. Called once service_form's
    transaction has ended, so that an inline run does not run inside it."""
    services.import_job_start(job=job)
    return job.get_absolute_url()


@login_required
def import_list(request: HtmxHttpRequest) -> HttpResponse:
    """Imports the user may see (one batch of queued files with ?batch=), each with its
    progress and result, grouped by source file with issue counts over time. While a job
    runs, htmx polls the list of jobs alone."""
    visible = ImportJob.objects.visible_to(request.user)
    core_jobs.reap(visible)
    batch = selectors.batch_of(request.GET.get("batch"))
    if batch is not None:
        visible = visible.filter(batch=batch)
    rows = visible.select_related("program", "created_by").defer("items").order_by("-created_at")
    jobs = list(rows[:200])
    context: dict[str, Any] = {
        "jobs": jobs,
        "batch": batch,
        "running": any(not j.is_finished for j in jobs),
    }
    if request.htmx and request.htmx.target == "import-jobs":
        return render(request, "iati/partials/import_jobs.html", context)
    series: dict[str, list[ImportJob]] = {}
    for job in sorted(jobs, key=lambda j: j.created_at):
        series.setdefault(job.source_name, []).append(job)
    peak = max((sum(_issue_total(j)) for j in jobs), default=0) or 1
    context |= {"series": series, "peak": peak, "can_import": _can_import(request.user)}
    return render(request, "iati/import_list.html", context)


def _issue_total(job: ImportJob) -> tuple[int, int, int]:
    counts = job.counts or {}
    return (counts.get("schema", 0), counts.get("codelist", 0), counts.get("rule", 0))


def _can_import(user: AnyUser) -> bool:
    return can_import_iati(user, None) or bool(importable_programs(user))


def _get_job(request: HttpRequest, pk: int) -> ImportJob:
    job = ImportJob.objects.visible_to(request.user).select_related("program").filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such import."))
    return core_jobs.refresh(job)


@login_required
def import_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get_job(request, pk))


@login_required
@require_POST
def import_rerun(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """POST: run a failed import again from its stored file (the program's registry
    editors); what the failed run stored is found unchanged."""
    job = _get_job(request, pk)
    if not can_import_iati(request.user, job.program):
        raise PermissionDenied
    try:
        services.import_job_rerun(job=job, actor=cast(User, request.user))
    except services.RerunError as exc:
        return _detail(request, job, status=409, error=str(exc))
    return redirect(job.get_absolute_url())


def _detail(
    request: HtmxHttpRequest, job: ImportJob, status: int = 200, **extra: Any
) -> HttpResponse:
    issues = job.issues.order_by("activity_identifier", "id")
    kind = request.GET.get("kind")
    if kind:
        issues = issues.filter(kind=kind)
    context = {
        "job": job,
        "issues": issues[:1000],
        "issue_count": issues.count(),
        "by_kind": selectors.issue_counts(job),
        "items": selectors.import_items(job),
        "kind": kind,
        "can_rerun": job.is_failed
        and not job.file_removed_at
        and can_import_iati(request.user, job.program),
        "retention_days": settings.UPLOAD_RETENTION_DAYS,
        **extra,
    }
    if request.htmx and request.htmx.target == "import-progress":
        response = render(request, "iati/partials/progress.html", context)
        if job.is_finished:
            # The whole page (counts, issues, items) is out of date: htmx reloads it.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "iati/import_detail.html", context, status=status)


def activity_quality(request: HttpRequest, pk: int) -> HttpResponse:
    """One activity's data quality: the codelist and rule checks of its current content,
    and the issues its imports reported."""
    context = selectors.activity_quality(request.user, pk)
    return render(request, "iati/activity_quality.html", context)


def xml_response(result: exporter.ExportResult, filename: str) -> FileResponse:
    handle = result.path.open("rb")
    response = FileResponse(
        handle, content_type=XML_CONTENT_TYPE, as_attachment=True, filename=filename
    )
    result.path.unlink(missing_ok=True)  # the open handle keeps the data readable
    return response


def _export_error(request: HttpRequest, exc: exporter.ExportError) -> HttpResponse:
    return render(request, "iati/export_error.html", {"error": exc}, status=422)


def _nothing_to_export(request: HttpRequest) -> HttpResponse:
    """No activity to export: say why in the registry's frame, and what to do first (import
    activities into an empty registry; otherwise change the filters), not an error page."""
    context = {
        "registry_empty": not Activity.objects.visible_to(request.user).exists(),
        "may_import": can_import_into_registry(request.user),
        "query": request.GET.urlencode(),
    }
    return render(request, "iati/export_empty.html", context)


def export_activities(request: HttpRequest) -> HttpResponseBase:
    """The activities shown by the registry's filters (or ?identifier=...), as IATI XML;
    over EXPORT_JOB_MIN_ACTIVITIES, prepared by a background job (its page)."""
    activities, job = export_jobs.activities_export_job(request.user, request.GET)
    if job is not None:
        return redirect(job.get_absolute_url())
    if not activities.exists():
        return _nothing_to_export(request)
    try:
        result = exporter.export_registry(activities)
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return xml_response(result, export_jobs.ACTIVITIES_FILENAME)


def export_program(request: HttpRequest, code: str) -> HttpResponseBase:
    program = program_for(request, code, may=can_view_program)
    job = export_jobs.program_export_job(request.user, program)
    if job is not None:
        return redirect(job.get_absolute_url())
    initiatives, activities = export_jobs.program_parts(request.user, program)
    try:
        result = exporter.export_program(program, initiatives=initiatives, activities=activities)
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return xml_response(result, export_jobs.program_filename(program))


def _get_export(request: HttpRequest, token: str) -> ExportJob:
    job = ExportJob.objects.visible_to(request.user).filter(token=token).first()
    if job is None:
        raise Http404(_("No such export."))
    return core_jobs.refresh(job)


def export_detail(request: HttpRequest, token: str) -> HttpResponse:
    """A large export prepared in the background: its progress (polled), then the link to
    download it. For its asker (anyone with the address for an anonymous export)."""
    job = _get_export(request, token)
    return _export_page(request, job)


def _export_page(
    request: HttpRequest, job: ExportJob, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "job": job,
        "can_rerun": job.is_failed,
        "retention_days": settings.UPLOAD_RETENTION_DAYS,
        **extra,
    }
    return render(request, "iati/export_detail.html", context, status=status)


def export_download(request: HttpRequest, token: str) -> FileResponse:
    job = _get_export(request, token)
    if not job.is_ready or not default_storage.exists(job.file_path):
        raise Http404(_("This export has no file to download."))
    return FileResponse(
        default_storage.open(job.file_path, "rb"),
        content_type=XML_CONTENT_TYPE,
        as_attachment=True,
        filename=job.filename,
    )


@require_POST
def export_rerun(request: HttpRequest, token: str) -> HttpResponse:
    """POST: make a failed export again."""
    job = _get_export(request, token)
    try:
        export_jobs.export_job_rerun(job=job, actor=request.user)
    except export_jobs.ExportJobError as exc:
        return _export_page(request, job, status=409, error=str(exc))
    return redirect(job.get_absolute_url())


def export_organisation(request: HttpRequest, ref: str) -> HttpResponseBase:
    organisation = selectors.organisation_for_file(request.user, ref)
    if organisation is None:
        raise Http404(_("No such organisation."))
    try:
        result = exporter.export_organisations([organisation])
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return xml_response(result, "iati-organisation.xml")
