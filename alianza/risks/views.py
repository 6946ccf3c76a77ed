"""Risk register pages: the heat map and list, one risk with its owners, actions and
reviews, and their forms."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.params import integer_param
from alianza.core.views import deny, service_form
from alianza.programs.permissions import can_edit_program_records
from alianza.programs.views import get_internal_program
from alianza.risks import services
from alianza.risks.choices import RiskStatus
from alianza.risks.forms import RiskActionForm, RiskForm, RiskReviewForm
from alianza.risks.models import Risk, RiskAction
from alianza.risks.selectors import heat_map

FORM = "monitoring/form_page.html"


def risk_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    risks = list(
        Risk.objects.filter(program=program)
        .select_related("initiative__program", "program")
        .prefetch_related("owners__institution", "owners__user")
        .order_by("number")
    )
    shown = risks
    cell = (
        integer_param(request.GET, "likelihood", minimum=1, maximum=5),
        integer_param(request.GET, "impact", minimum=1, maximum=5),
    )
    if None not in cell:
        shown = [r for r in risks if (r.likelihood, r.impact) == cell]
    shown = sorted(
        shown, key=lambda r: (r.status != RiskStatus.OPEN, -(r.significance or 0), r.number)
    )
    return render(
        request,
        "risks/risk_list.html",
        {
            "program": program,
            "section": "risks",
            "risks": shown,
            "heat": heat_map(risks),
            "filtered": shown is not risks and len(shown) != len(risks),
            "unassessed": [r for r in risks if r.needs_assessment and r.status == RiskStatus.OPEN],
            "can_edit": can_edit_program_records(request.user, program),
            "today": timezone.localdate(),
        },
    )


def _risk(program, number: int) -> Risk:
    return get_object_or_404(
        Risk.objects.select_related("program", "initiative"), program=program, number=number
    )


def risk_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    risk = _risk(program, number)
    return render(
        request,
        "risks/risk_detail.html",
        {
            "program": program,
            "section": "risks",
            "risk": risk,
            "owners": risk.owners.select_related("institution", "user"),
            "actions": risk.actions.select_related("owner_institution", "owner"),
            "reviews": risk.reviews.select_related("reviewer", "institution"),
            "can_edit": can_edit_program_records(request.user, program),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    risk = _risk(program, number) if number else None
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = RiskForm(request.POST or None, instance=risk, program=program)

    def save(_data):
        data, owners = form.service_data(), form.owners()
        if risk is None:
            return services.risk_create(
                program=program, data=data, owners=owners, actor=request.user
            )
        return services.risk_update(risk=risk, data=data, owners=owners, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "risks",
            "heading": _("Edit %(risk)s") % {"risk": risk.label} if risk else _("New risk"),
            "cancel": risk.get_absolute_url() if risk else "",
        },
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Risk saved."),
    )


@require_http_methods(["GET", "POST"])
def risk_review(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    risk = _risk(program, number)
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = RiskReviewForm(request.POST or None)
    return service_form(
        request,
        form=form,
        save=lambda data: services.risk_review_create(risk=risk, data=data, actor=request.user),
        template=FORM,
        context={
            "program": program,
            "section": "risks",
            "cancel": risk.get_absolute_url(),
            "heading": _("Review %(risk)s") % {"risk": risk.label},
        },
        success_url=risk.get_absolute_url(),
        success_message=_("Review recorded."),
    )


@require_http_methods(["GET", "POST"])
def risk_action_edit(
    request: HttpRequest, code: str, number: int, pk: int | None = None
) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    risk = _risk(program, number)
    action = get_object_or_404(RiskAction, risk=risk, pk=pk) if pk else None
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = RiskActionForm(request.POST or None, instance=action, program=program)

    def save(data):
        if action is None:
            return services.risk_action_create(risk=risk, data=data, actor=request.user)
        return services.risk_action_update(action=action, data=data, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "risks",
            "cancel": risk.get_absolute_url(),
            "heading": _("Treatment action for %(risk)s") % {"risk": risk.label},
        },
        success_url=risk.get_absolute_url(),
        success_message=_("Action saved."),
    )
