"""Deployment pages: the list, one mission with its people and their checklists, and the
forms (the mission, a person's checklist, the approval)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.forms import ConfirmForm
from alianza.core.views import service_form
from alianza.deployments import exports, services
from alianza.deployments.forms import ApproveForm, DeployedPersonForm, DeploymentForm
from alianza.deployments.models import DeployedPerson, Deployment
from alianza.deployments.permissions import can_approve_deployment, can_edit_deployments
from alianza.deployments.selectors import deployment_page, deployment_register
from alianza.programs.models import Program
from alianza.programs.permissions import program_for

FORM = "programs/form_page.html"


def _deployment(program: Program, number: int) -> Deployment:
    return get_object_or_404(
        Deployment.objects.select_related("program", "initiative", "approved_by"),
        program=program,
        number=number,
    )


def deployment_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    return render(
        request,
        "deployments/deployment_list.html",
        {
            "program": program,
            "section": "deployments",
            **deployment_register(program),
            "can_edit": can_edit_deployments(request.user, program),
        },
    )


def deployment_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code)
    return render(
        request,
        "deployments/deployment_detail.html",
        {
            "program": program,
            "section": "deployments",
            **deployment_page(_deployment(program, number)),
            "can_edit": can_edit_deployments(request.user, program),
            "can_approve": can_approve_deployment(request.user, program),
        },
    )


@require_http_methods(["GET", "POST"])
def deployment_edit(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_deployments)
    deployment = _deployment(program, number) if number else None
    form = DeploymentForm(request.POST or None, instance=deployment, program=program)

    def save(_data: dict) -> Deployment:
        data, rows = form.service_data(), form.destination_rows()
        if deployment is None:
            return services.deployment_create(
                program=program, data=data, destinations=rows, actor=request.user
            )
        return services.deployment_update(
            deployment=deployment, data=data, destinations=rows, actor=request.user
        )

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "deployments",
            "heading": _("Edit %(record)s") % {"record": deployment.label}
            if deployment
            else _("New deployment"),
            "cancel": deployment.get_absolute_url() if deployment else "",
        },
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Deployment saved."),
    )


@require_http_methods(["GET", "POST"])
def person_edit(
    request: HttpRequest, code: str, number: int, pk: int | None = None
) -> HttpResponse:
    program = program_for(request, code, may=can_edit_deployments)
    deployment = _deployment(program, number)
    person = get_object_or_404(DeployedPerson, deployment=deployment, pk=pk) if pk else None
    form = DeployedPersonForm(request.POST or None, instance=person, program=program)

    def save(data: dict) -> DeployedPerson:
        if person is None:
            specialist = data.pop("specialist", None)
            return services.person_add(
                deployment=deployment, specialist=specialist, data=data, actor=request.user
            )
        return services.person_update(person=person, data=data, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "deployments",
            "cancel": deployment.get_absolute_url(),
            "heading": _("Duty-of-care checklist · %(record)s") % {"record": deployment.label},
            "intro": _(
                "The insurance and the emergency contact are checked against the "
                "specialist's personal data, which human resources keep."
            ),
        },
        success_url=deployment.get_absolute_url(),
        success_message=_("Checklist saved."),
    )


@require_http_methods(["GET", "POST"])
def person_remove(request: HttpRequest, code: str, number: int, pk: int) -> HttpResponse:
    program = program_for(request, code, may=can_edit_deployments)
    deployment = _deployment(program, number)
    person = get_object_or_404(
        DeployedPerson.objects.select_related("specialist"), deployment=deployment, pk=pk
    )
    return service_form(
        request,
        form=ConfirmForm(request.POST or None),
        save=lambda _data: services.person_remove(person=person, actor=request.user),
        template=FORM,
        context={
            "program": program,
            "section": "deployments",
            "cancel": deployment.get_absolute_url(),
            "heading": _("Take %(person)s off %(record)s?")
            % {"person": person.specialist, "record": deployment.label},
        },
        success_url=deployment.get_absolute_url(),
        success_message=_("Person taken off the mission."),
    )


@require_http_methods(["GET", "POST"])
def deployment_approve(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=can_approve_deployment)
    deployment = _deployment(program, number)
    return service_form(
        request,
        form=ApproveForm(request.POST if request.method == "POST" else None),
        save=lambda data: services.deployment_approve(
            deployment=deployment, approved_on=data.get("approved_on"), actor=request.user
        ),
        template=FORM,
        context={
            "program": program,
            "section": "deployments",
            "cancel": deployment.get_absolute_url(),
            "heading": _("Approve %(record)s") % {"record": deployment.label},
        },
        success_url=deployment.get_absolute_url(),
        success_message=_("Deployment approved."),
    )


def deployment_export(request: HttpRequest, code: str) -> HttpResponse:
    """Every mission and its people with their checklists, as a spreadsheet (XLSX)."""
    return exports.deployments_xlsx(program_for(request, code))
