"""The joint dashboard, the period report (HTML and PDF) and its sign-off, the program's
monitoring settings, and each person's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.audit.models import ChangeRecord
from alianza.core.pdf import pdf_response
from alianza.core.views import deny, service_form
from alianza.monitoring import services
from alianza.monitoring.forms import SettingsForm, SignForm
from alianza.monitoring.models import MonitoringSettings, Notification, PeriodReport
from alianza.monitoring.selectors import (
    SNAPSHOT_LABELS,
    Period,
    build_dashboard,
    parse_period,
    snapshot_changes,
)
from alianza.programs.choices import Currency
from alianza.programs.permissions import can_manage_program
from alianza.programs.views import get_internal_program

#: The apps whose changes a signed report lists as "changed after signature".
MONITORED_APPS = ("finance", "contracts", "risks", "governance")


def _currency(request, program) -> str:
    currency = request.GET.get("currency") or program.currency
    return currency if currency in Currency.values else program.currency


def _period_query(period: Period, currency: str | None = None) -> str:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if currency:
        params["currency"] = currency
    return urlencode(params)


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    period = parse_period(request.GET)
    currency = _currency(request, program)
    board = build_dashboard(program, period, currency=currency)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "program": program,
            "section": "dashboard",
            "board": board,
            "period": period,
            "query": _period_query(period, currency),
            "currencies": Currency.values,
        },
    )


def _report_context(request, program, period, currency):
    board = build_dashboard(program, period, currency=currency)
    report = (
        PeriodReport.objects.filter(program=program, start=period.start, end=period.end)
        .prefetch_related("signatures__institution", "signatures__signer")
        .first()
    )
    signatures = list(report.signatures.all()) if report else []
    current = board.snapshot()
    after = []
    for signature in signatures:
        changes = snapshot_changes(signature.snapshot, current)
        for change in changes:
            change["label"] = _(SNAPSHOT_LABELS[change["section"]])
        records = ChangeRecord.objects.filter(
            program_id=program.pk,
            created_at__gt=signature.signed_at,
            content_type__app_label__in=MONITORED_APPS,
        ).select_related("content_type", "actor_institution")[:50]
        after.append({"signature": signature, "changes": changes, "records": records})
    partner_ids = set(program.partnerships.values_list("institution_id", flat=True))
    signed_ids = {s.institution_id for s in signatures}
    membership = getattr(request.user, "active_membership", None)
    can_sign = bool(
        membership
        and membership.role == "coordinator"
        and membership.institution_id in partner_ids - signed_ids
    )
    return {
        "program": program,
        "section": "reports",
        "board": board,
        "period": period,
        "report": report,
        "signatures": signatures,
        "after": after,
        "missing": program.partnerships.exclude(institution_id__in=signed_ids).select_related(
            "institution"
        ),
        "can_sign": can_sign,
        "query": _period_query(period, currency),
        "sign_form": SignForm(initial={"start": period.start, "end": period.end}),
    }


def report(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    period = parse_period(request.GET)
    context = _report_context(request, program, period, _currency(request, program))
    return render(request, "monitoring/report.html", context)


def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    period = parse_period(request.GET)
    context = _report_context(request, program, period, _currency(request, program))
    filename = f"{program.code.lower()}-monitoring-{period.start}-{period.end}"
    return pdf_response(filename, "monitoring/report_pdf.html", context, request=request)


@require_POST
def report_sign(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the period to sign."))
        return redirect("monitoring:report", code=program.code)
    period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
    target = (
        reverse("monitoring:report", kwargs={"code": program.code}) + "?" + _period_query(period)
    )
    try:
        services.period_report_sign(
            program=program, start=period.start, end=period.end, actor=request.user
        )
    except ValidationError as exc:
        for messages_ in exc.message_dict.values():
            for message in messages_:
                messages.error(request, message)
        context = _report_context(request, program, period, program.currency)
        return render(request, "monitoring/report.html", context, status=400)
    except PermissionDenied:
        return deny(request)
    messages.success(request, _("Report signed."))
    return redirect(target)


def report_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    reports = program.period_reports.prefetch_related(
        "signatures__institution", "signatures__signer"
    ).order_by("-end")
    return render(
        request,
        "monitoring/report_list.html",
        {
            "program": program,
            "section": "reports",
            "reports": reports,
        },
    )


def report_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    item = get_object_or_404(PeriodReport, program=program, pk=pk)
    return redirect(
        reverse("monitoring:report", kwargs={"code": program.code})
        + "?"
        + _period_query(Period(item.start, item.end))
    )


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    current = MonitoringSettings.for_program(program)
    can_edit = can_manage_program(request.user, program)
    if request.method == "POST" and not can_edit:
        return deny(request)
    form = SettingsForm(request.POST or None, instance=current)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return service_form(
        request,
        form=form,
        save=lambda data: services.monitoring_settings_update(
            program=program, data=data, actor=request.user
        ),
        template="monitoring/settings.html",
        context={
            "program": program,
            "section": "settings",
            "settings": current,
            "can_edit": can_edit,
        },
        success_url=request.path,
        success_message=_("Settings saved."),
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user=request.user).select_related("program")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "monitoring/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Notification, user=request.user, pk=pk)
    services.notification_mark_read(notification=item, actor=request.user)
    if item.url and request.POST.get("follow"):
        return redirect(item.url)
    return redirect("monitoring:notifications")
