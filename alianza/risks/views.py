"""Risk register pages: the heat map and list, one risk with its owners, actions and
reviews, and their forms."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.extensions import risk_panels
from alianza.core.params import integer_param
from alianza.core.views import service_form
from alianza.programs.models import Program
from alianza.programs.permissions import program_for
from alianza.risks import services
from alianza.risks.forms import RiskActionForm, RiskForm, RiskReviewForm
from alianza.risks.models import Risk, RiskAction
from alianza.risks.permissions import can_edit_risk_register
from alianza.risks.selectors import risk_page, risk_register

FORM = "programs/form_page.html"


def _risk(program: Program, number: int) -> Risk:
    return get_object_or_404(
        Risk.objects.select_related("program", "initiative"), program=program, number=number
    )


def risk_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    cell = (
        integer_param(request.GET, "likelihood", minimum=1, maximum=5),
        integer_param(request.GET, "impact", minimum=1, maximum=5),
    )
    return render(
        request,
        "risks/risk_list.html",
        {
            "program": program,
            "section": "risks",
            **risk_register(program, cell),
            "can_edit": can_edit_risk_register(request.user, program),
            "today": timezone.localdate(),
        },
    )


def _panels(risk: Risk, user) -> list[dict]:
    """The blocks other apps show on the risk's page (`core.extensions.risk_panels`)."""
    panels = []
    for panel in risk_panels:
        panel_context = panel.context(risk, user)
        if panel_context is not None:
            panels.append({"template": panel.template, "context": panel_context})
    return panels


def risk_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code)
    risk = _risk(program, number)
    return render(
        request,
        "risks/risk_detail.html",
        {
            "program": program,
            "section": "risks",
            **risk_page(risk),
            "panels": _panels(risk, request.user),
            "can_edit": can_edit_risk_register(request.user, program),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_risk_register)
    risk = _risk(program, number) if number else None
    form = RiskForm(request.POST or None, instance=risk, program=program)

    def save(_data: dict) -> Risk:
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
    program = program_for(request, code, may=can_edit_risk_register)
    risk = _risk(program, number)
    return service_form(
        request,
        form=RiskReviewForm(request.POST or None),
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
    program = program_for(request, code, may=can_edit_risk_register)
    risk = _risk(program, number)
    action = get_object_or_404(RiskAction, risk=risk, pk=pk) if pk else None
    form = RiskActionForm(request.POST or None, instance=action, program=program)

    def save(data: dict) -> RiskAction:
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
