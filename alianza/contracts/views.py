"""Consultancy pages: contracts worst delay first, one contract with its deliverables,
reviews and payments, and the forms that feed them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.contracts import services
from alianza.contracts.forms import (
    ContractForm,
    DeliverableForm,
    PaymentForm,
    ReviewForm,
    TerminationForm,
)
from alianza.contracts.models import Contract, Deliverable
from alianza.contracts.permissions import can_edit_contracts, can_terminate_contract
from alianza.contracts.selectors import contract_sheet, contracts_with_delays, partner_ids
from alianza.core.views import service_form
from alianza.programs.models import Program
from alianza.programs.permissions import program_for

FORM = "programs/form_page.html"


def _contract(program: Program, pk: int) -> Contract:
    return get_object_or_404(
        Contract.objects.select_related("program", "initiative"), program=program, pk=pk
    )


def _form_context(program: Program, heading: str, contract: Contract | None) -> dict[str, Any]:
    """The context of every consultancy form page; Cancel goes back to the contract."""
    return {
        "program": program,
        "section": "contracts",
        "heading": heading,
        "cancel": contract.get_absolute_url() if contract else "",
    }


def contract_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    today = timezone.localdate()
    contracts = contracts_with_delays(
        Contract.objects.filter(program=program), as_of=today, partners=partner_ids(program)
    )
    return render(
        request,
        "contracts/contract_list.html",
        {
            "program": program,
            "section": "contracts",
            "contracts": contracts,
            "today": today,
            "can_edit": can_edit_contracts(request.user, program),
        },
    )


def contract_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code)
    today = timezone.localdate()
    contract, deliverables = contract_sheet(program, _contract(program, pk), as_of=today)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "program": program,
            "section": "contracts",
            "contract": contract,
            "deliverables": deliverables,
            "today": today,
            "payments": contract.payments.all(),
            "can_edit": can_edit_contracts(request.user, program),
            "can_terminate": can_terminate_contract(request.user, program)
            and not contract.terminated_on,
        },
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_contracts)
    contract = _contract(program, pk) if pk else None

    def save(data: dict[str, Any]) -> Contract:
        if contract is None:
            return services.contract_create(program=program, data=data, actor=request.user)
        return services.contract_update(contract=contract, data=data, actor=request.user)

    heading = _("Edit contract") if contract else _("New contract")
    return service_form(
        request,
        form=ContractForm(request.POST or None, instance=contract, program=program),
        save=save,
        template=FORM,
        context=_form_context(program, heading, contract),
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Contract saved."),
    )


@require_http_methods(["GET", "POST"])
def contract_terminate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=can_terminate_contract)
    contract = _contract(program, pk)
    heading = _("Terminate contract %(ref)s") % {"ref": contract.reference}
    return service_form(
        request,
        form=TerminationForm(request.POST or None),
        save=lambda data: services.contract_terminate(
            contract=contract,
            terminated_on=data["terminated_on"],
            reason_en=data["reason_en"],
            reason_es=data["reason_es"],
            actor=request.user,
        ),
        template=FORM,
        context=_form_context(program, heading, contract),
        success_url=contract.get_absolute_url(),
        success_message=_("Contract terminated."),
        record=contract,
    )


@require_http_methods(["GET", "POST"])
def deliverable_edit(
    request: HttpRequest, code: str, pk: int, number: int | None = None
) -> HttpResponse:
    program = program_for(request, code, may=can_edit_contracts)
    contract = _contract(program, pk)
    deliverable = (
        get_object_or_404(Deliverable, contract=contract, number=number) if number else None
    )

    def save(data: dict[str, Any]) -> Deliverable:
        if deliverable is None:
            return services.deliverable_create(contract=contract, data=data, actor=request.user)
        return services.deliverable_update(deliverable=deliverable, data=data, actor=request.user)

    heading = (
        deliverable.label
        if deliverable
        else _("New deliverable of contract %(ref)s") % {"ref": contract.reference}
    )
    return service_form(
        request,
        form=DeliverableForm(request.POST or None, instance=deliverable),
        save=save,
        template=FORM,
        context=_form_context(program, heading, contract),
        success_url=contract.get_absolute_url(),
        success_message=_("Deliverable saved."),
    )


@require_http_methods(["GET", "POST"])
def deliverable_review(request: HttpRequest, code: str, pk: int, number: int) -> HttpResponse:
    program = program_for(request, code, may=can_edit_contracts)
    contract = _contract(program, pk)
    deliverable = get_object_or_404(Deliverable, contract=contract, number=number)
    heading = _("Quality review: %(record)s") % {"record": deliverable.label}
    intro = _("Your review is recorded for %(institution)s.") % {
        "institution": getattr(request.user, "institution", None) or "—"
    }
    return service_form(
        request,
        form=ReviewForm(request.POST or None),
        save=lambda data: services.deliverable_review(
            deliverable=deliverable, data=data, actor=request.user
        ),
        template=FORM,
        context={**_form_context(program, heading, contract), "intro": intro},
        success_url=contract.get_absolute_url(),
        success_message=_("Review recorded."),
    )


@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=can_edit_contracts)
    contract = _contract(program, pk)
    heading = _("Payment on contract %(ref)s") % {"ref": contract.reference}
    return service_form(
        request,
        form=PaymentForm(request.POST or None, contract=contract),
        save=lambda data: services.payment_create(contract=contract, data=data, actor=request.user),
        template=FORM,
        context=_form_context(program, heading, contract),
        success_url=contract.get_absolute_url(),
        success_message=_("Payment recorded."),
    )
