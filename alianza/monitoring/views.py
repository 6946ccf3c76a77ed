"""The joint dashboard, the period report (HTML and PDF) and its sign-off, the program's
monitoring settings, and each person's notifications."""

from __future__ import annotations

from typing import Any

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

from alianza.core.pdf import pdf_response
from alianza.core.views import service_form
from alianza.finance.selectors import report_currencies, report_currency
from alianza.monitoring import services
from alianza.monitoring.forms import SettingsForm, SignForm
from alianza.monitoring.models import MonitoringSettings, Notification, PeriodReport
from alianza.monitoring.permissions import can_edit_monitoring_settings, can_sign_period_report
from alianza.monitoring.selectors import (
    Period,
    build_dashboard,
    latest_period_with_data,
    parse_period,
    report_sheet,
)
from alianza.programs.models import Program
from alianza.programs.permissions import program_for


def _period_query(period: Period, currency: str | None = None) -> str:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if currency:
        params["currency"] = currency
    return urlencode(params)


def _report_url(program: Program, period: Period) -> str:
    return reverse("monitoring:report", kwargs={"code": program.code}) + "?" + _period_query(period)


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    period = parse_period(request.GET, default=lambda: latest_period_with_data(program))
    currency = report_currency(program, request.GET.get("currency"))
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "program": program,
            "section": "dashboard",
            "board": build_dashboard(program, period, currency=currency),
            "period": period,
            "query": _period_query(period, currency),
            "currencies": report_currencies(program, currency),
        },
    )


def _report_context(
    request: HttpRequest, program: Program, period: Period, currency: str
) -> dict[str, Any]:
    """The report page: the sheet, and the sign-off for a partner's coordinator whose
    institution has not signed yet."""
    sheet = report_sheet(program, period, currency=currency)
    signed = {s.institution_id for s in sheet["signatures"]}
    membership = getattr(request.user, "active_membership", None)
    return {
        "program": program,
        "section": "reports",
        "period": period,
        **sheet,
        "can_sign": can_sign_period_report(request.user, program)
        and membership.institution_id not in signed,
        "query": _period_query(period, currency),
        "sign_form": SignForm(initial={"start": period.start, "end": period.end}),
    }


def report(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    period = parse_period(request.GET)
    currency = report_currency(program, request.GET.get("currency"))
    return render(
        request, "monitoring/report.html", _report_context(request, program, period, currency)
    )


def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    period = parse_period(request.GET)
    currency = report_currency(program, request.GET.get("currency"))
    context = _report_context(request, program, period, currency)
    filename = f"{program.code.lower()}-monitoring-{period.start}-{period.end}"
    return pdf_response(filename, "monitoring/report_pdf.html", context, request=request)


@require_http_methods(["GET", "POST"])
def report_sign(request: HttpRequest, code: str) -> HttpResponse:
    """Sign the report shown on the report page. Its sign-off button opens this page (GET),
    which asks for confirmation before anything is signed; the confirmation posts here:
    back to the report, with the service's refusal as messages on it (400)."""
    program = program_for(request, code)
    if request.method == "GET":
        return _sign_confirmation(request, program)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the period to sign."))
        return redirect("monitoring:report", code=program.code)
    period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
    try:
        services.period_report_sign(
            program=program, start=period.start, end=period.end, actor=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        context = _report_context(request, program, period, program.currency)
        return render(request, "monitoring/report.html", context, status=400)
    messages.success(request, _("Report signed."))
    return redirect(_report_url(program, period))


def _sign_confirmation(request: HttpRequest, program: Program) -> HttpResponse:
    """The confirmation step of a sign-off: what is signed, for whom, and the button that
    signs it (a signature cannot be withdrawn from the page)."""
    if not can_sign_period_report(request.user, program):
        raise PermissionDenied
    period = parse_period(request.GET)
    context = {
        "program": program,
        "section": "reports",
        "period": period,
        "report_url": _report_url(program, period),
        "sign_form": SignForm(initial={"start": period.start, "end": period.end}),
    }
    return render(request, "monitoring/report_sign_confirm.html", context)


def report_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    reports = program.period_reports.prefetch_related(
        "signatures__institution", "signatures__signer"
    ).order_by("-end")
    return render(
        request,
        "monitoring/report_list.html",
        {"program": program, "section": "reports", "reports": reports},
    )


def report_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code)
    item = get_object_or_404(PeriodReport, program=program, pk=pk)
    return redirect(_report_url(program, Period(item.start, item.end)))


@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, code: str) -> HttpResponse:
    """Every partner reads the thresholds; coordinators change them."""
    program = program_for(request, code)
    can_edit = can_edit_monitoring_settings(request.user, program)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    current = MonitoringSettings.for_program(program)
    return service_form(
        request,
        form=SettingsForm(request.POST or None, instance=current, read_only=not can_edit),
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
