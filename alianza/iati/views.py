"""IATI pages: upload a file (a background job with progress and its report), the import
history with data quality per source file and over time, data quality per activity, and
the exports."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.accounts.models import Institution
from alianza.core import jobs as core_jobs
from alianza.core.views import deny
from alianza.iati import export_jobs, exporter, quality, services
from alianza.iati.importer.source import SourceError
from alianza.iati.models import ExportJob, ImportIssue, ImportJob
from alianza.iati.program_export import institution_organisation
from alianza.programs.models import Program
from alianza.programs.views import get_visible_program
from alianza.registry import content
from alianza.registry.models import Activity, Organisation
from alianza.registry.permissions import can_edit_registry

XML_CONTENT_TYPE = "application/xml"


class ImportForm(forms.Form):
    program = forms.ModelChoiceField(queryset=Program.objects.none(), label=gettext_lazy("Program"))
    file = forms.FileField(
        label=gettext_lazy("IATI file"),
        help_text=gettext_lazy("IATI 2.03 XML, or XML in gzip or ZIP; at most 60,000,000 bytes."),
    )
    dry_run = forms.BooleanField(
        required=False,
        label=gettext_lazy("Dry run: show what would change, save nothing"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = [p.pk for p in Program.objects.visible_to(user) if can_edit_registry(user, p)]
        self.fields["program"].queryset = Program.objects.filter(pk__in=editable)
        self.fields["program"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["file"].widget.attrs["class"] = "form-control form-control-sm"


def import_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return deny(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["program"].queryset.exists():
        return deny(request)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                program=form.cleaned_data["program"],
                actor=request.user,
                source_name=form.cleaned_data["file"].name,
                uploaded=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except SourceError as exc:
            form.add_error("file", str(exc))
        else:
            services.import_job_start(job)
            return redirect(job.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "iati/import_form.html", {"form": form}, status=status)


def import_list(request: HttpRequest) -> HttpResponse:
    """Imports the user may see, grouped by source file, with issue counts over time."""
    if not request.user.is_authenticated:
        return deny(request)
    visible = ImportJob.objects.visible_to(request.user)
    core_jobs.reap(visible)
    jobs = list(visible.select_related("program", "created_by").order_by("-created_at")[:200])
    series: dict[str, list[ImportJob]] = {}
    for job in sorted(jobs, key=lambda j: j.created_at):
        series.setdefault(job.source_name, []).append(job)
    peak = max((sum(_issue_total(j)) for j in jobs), default=0) or 1
    return render(
        request,
        "iati/import_list.html",
        {"jobs": jobs, "series": series, "peak": peak, "can_import": _can_import(request.user)},
    )


def _issue_total(job: ImportJob) -> tuple[int, int, int]:
    counts = job.counts or {}
    return (counts.get("schema", 0), counts.get("codelist", 0), counts.get("rule", 0))


def _can_import(user) -> bool:
    return any(can_edit_registry(user, p) for p in Program.objects.visible_to(user))


def _get_job(request: HttpRequest, pk: int) -> ImportJob:
    job = ImportJob.objects.visible_to(request.user).select_related("program").filter(pk=pk).first()
    if job is None:
        raise Http404(_("No such import."))
    return core_jobs.refresh(job)


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return deny(request)
    return _detail(request, _get_job(request, pk))


def import_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: run a failed import again from its stored file (the program's registry
    editors); what the failed run stored is found unchanged."""
    if not request.user.is_authenticated:
        return deny(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = _get_job(request, pk)
    if not can_edit_registry(request.user, job.program):
        return deny(request)
    try:
        services.import_job_rerun(job=job, actor=request.user)
    except services.RerunError as exc:
        return _detail(request, job, status=409, error=str(exc))
    return redirect(job.get_absolute_url())


def _detail(request: HttpRequest, job: ImportJob, status: int = 200, **extra) -> HttpResponse:
    issues = job.issues.order_by("activity_identifier", "id")
    kind = request.GET.get("kind")
    if kind:
        issues = issues.filter(kind=kind)
    by_kind = dict(job.issues.values_list("kind").annotate(n=Count("id")).order_by())
    context = {
        "job": job,
        "issues": issues[:1000],
        "issue_count": issues.count(),
        "by_kind": by_kind,
        "items": job.items[:2000],
        "kind": kind,
        "can_rerun": job.is_failed
        and not job.file_removed_at
        and can_edit_registry(request.user, job.program),
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
    activity = (
        Activity.objects.visible_to(request.user)
        .select_related("program")
        .prefetch_related(*content.CHILDREN)
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404(_("No such activity."))
    current = quality.activity_issues(content.activity_data(activity))
    history = (
        ImportIssue.objects.visible_to(request.user)
        .filter(activity_identifier=activity.iati_identifier)
        .select_related("job")
        .order_by("-job__created_at", "id")[:500]
    )
    over_time = (
        ImportIssue.objects.visible_to(request.user)
        .filter(activity_identifier=activity.iati_identifier)
        .values("job_id", "job__created_at", "job__source_name")
        .annotate(
            schema=Count("id", filter=Q(kind=quality.SCHEMA)),
            codelist=Count("id", filter=Q(kind=quality.CODELIST)),
            rule=Count("id", filter=Q(kind=quality.RULE)),
        )
        .order_by("job__created_at")
    )
    return render(
        request,
        "iati/activity_quality.html",
        {
            "activity": activity,
            "current": current,
            "history": history,
            "over_time": over_time,
        },
    )


def _xml_response(result: exporter.ExportResult, filename: str) -> HttpResponse:
    handle = result.path.open("rb")
    response = FileResponse(
        handle, content_type=XML_CONTENT_TYPE, as_attachment=True, filename=filename
    )
    result.path.unlink(missing_ok=True)  # the open handle keeps the data readable
    return response


def _export_error(request: HttpRequest, exc: exporter.ExportError) -> HttpResponse:
    return render(request, "iati/export_error.html", {"error": exc}, status=422)


def export_activities(request: HttpRequest) -> HttpResponse:
    """The activities shown by the registry's filters (or ?identifier=...), as IATI XML;
    over EXPORT_JOB_MIN_ACTIVITIES, prepared by a background job (its page)."""
    activities, job = export_jobs.activities_export_job(request.user, request.GET)
    if job is not None:
        return redirect(job.get_absolute_url())
    try:
        result = exporter.export_registry(activities)
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return _xml_response(result, export_jobs.ACTIVITIES_FILENAME)


def export_program(request: HttpRequest, code: str) -> HttpResponse:
    program = get_visible_program(request, code)
    job = export_jobs.program_export_job(request.user, program)
    if job is not None:
        return redirect(job.get_absolute_url())
    initiatives, activities = export_jobs.program_parts(request.user, program)
    try:
        result = exporter.export_program(program, initiatives=initiatives, activities=activities)
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return _xml_response(result, export_jobs.program_filename(program))


def _get_export(request: HttpRequest, token) -> ExportJob:
    job = ExportJob.objects.visible_to(request.user).filter(token=token).first()
    if job is None:
        raise Http404(_("No such export."))
    return core_jobs.refresh(job)


def export_detail(request: HttpRequest, token) -> HttpResponse:
    """A large export prepared in the background: its progress (polled), then the link to
    download it. For its asker (anyone with the address for an anonymous export)."""
    job = _get_export(request, token)
    return _export_page(request, job)


def _export_page(request: HttpRequest, job: ExportJob, status: int = 200, **extra):
    context = {
        "job": job,
        "can_rerun": job.is_failed,
        "retention_days": settings.UPLOAD_RETENTION_DAYS,
        **extra,
    }
    return render(request, "iati/export_detail.html", context, status=status)


def export_download(request: HttpRequest, token) -> HttpResponse:
    job = _get_export(request, token)
    if not job.is_ready or not default_storage.exists(job.file_path):
        raise Http404(_("This export has no file to download."))
    return FileResponse(
        default_storage.open(job.file_path, "rb"),
        content_type=XML_CONTENT_TYPE,
        as_attachment=True,
        filename=job.filename,
    )


def export_rerun(request: HttpRequest, token) -> HttpResponse:
    """POST: make a failed export again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = _get_export(request, token)
    try:
        export_jobs.export_job_rerun(job=job, actor=request.user)
    except export_jobs.ExportJobError as exc:
        return _export_page(request, job, status=409, error=str(exc))
    return redirect(job.get_absolute_url())


def _organisation(user, ref: str):
    """A registry organisation the user may see, or an institution's (reference list)."""
    organisation = Organisation.objects.visible_to(user).filter(ref=ref).first()
    if organisation is None:
        institution = Institution.objects.filter(iati_identifier=ref).first() if ref else None
        if institution is not None:
            organisation = institution_organisation(institution)
    return organisation


def export_organisation(request: HttpRequest, ref: str) -> HttpResponse:
    organisation = _organisation(request.user, ref)
    if organisation is None:
        raise Http404(_("No such organisation."))
    try:
        result = exporter.export_organisations([organisation])
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return _xml_response(result, "iati-organisation.xml")
