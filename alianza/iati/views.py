"""IATI pages: upload a file (a background job with progress and its report), the import
history with data quality per source file and over time, data quality per activity, and
the exports."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.core.views import deny
from alianza.iati import exporter, quality, services
from alianza.iati.importer.source import SourceError
from alianza.iati.models import ImportIssue, ImportJob
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.programs.views import get_visible_program
from alianza.registry import data as content
from alianza.registry.models import Activity, Organisation
from alianza.registry.permissions import can_edit_registry
from alianza.registry.views import filtered

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
    jobs = list(
        ImportJob.objects.visible_to(request.user)
        .select_related("program", "created_by")
        .order_by("-created_at")[:200]
    )
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
    return job


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return deny(request)
    job = _get_job(request, pk)
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
    }
    if request.htmx and request.htmx.target == "import-progress":
        response = render(request, "iati/partials/progress.html", context)
        if job.is_finished:
            # The whole page (counts, issues, items) is out of date: htmx reloads it.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "iati/import_detail.html", context)


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
    """The activities shown by the registry's filters (or ?identifier=...), as IATI XML."""
    activities, _filterset = filtered(request)
    identifiers = request.GET.getlist("identifier")
    if identifiers:
        activities = activities.filter(iati_identifier__in=identifiers)
    try:
        result = exporter.export_registry(activities)
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return _xml_response(result, "iati-activities.xml")


def export_program(request: HttpRequest, code: str) -> HttpResponse:
    program = get_visible_program(request, code)
    try:
        result = exporter.export_program(
            program,
            initiatives=Initiative.objects.visible_to(request.user).filter(program=program),
            activities=Activity.objects.visible_to(request.user),
        )
    except exporter.ExportError as exc:
        return _export_error(request, exc)
    return _xml_response(result, f"{program.code.lower()}-iati.xml")


def _organisation(user, ref: str):
    """A registry organisation the user may see, or an institution's (reference list)."""
    from alianza.accounts.models import Institution
    from alianza.iati.program_export import institution_organisation

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
