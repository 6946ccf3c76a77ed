"""Consultancy pages: contracts worst delay first, one contract with its deliverables,
reviews and payments, and the forms that feed them."""

from __future__ import annotations

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
from alianza.contracts.selectors import contracts_with_delays, partner_ids
from alianza.core.views import deny, service_form
from alianza.programs.permissions import (
    can_edit_program_records,
    can_manage_program,
)
from alianza.programs.views import get_internal_program

FORM = "monitoring/form_page.html"


def _contract(program, pk: int) -> Contract:
    return get_object_or_404(
        Contract.objects.select_related("program", "initiative"), program=program, pk=pk
    )


def contract_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
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
            "can_edit": can_edit_program_records(request.user, program),
        },
    )


def contract_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    _contract(program, pk)
    today = timezone.localdate()
    contract = contracts_with_delays(
        Contract.objects.filter(pk=pk), as_of=today, partners=partner_ids(program)
    )[0]
    deliverables = list(contract.deliverables.all())
    for deliverable in deliverables:
        deliverable.days_late_value = deliverable.days_late(today)
        deliverable.review_list = sorted(
            deliverable.reviews.all(), key=lambda r: (r.reviewed_on, r.pk)
        )
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
            "can_edit": can_edit_program_records(request.user, program),
            "can_terminate": can_manage_program(request.user, program)
            and not contract.terminated_on,
        },
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    contract = _contract(program, pk) if pk else None
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = ContractForm(request.POST or None, instance=contract, program=program)

    def save(data):
        if contract is None:
            return services.contract_create(program=program, data=data, actor=request.user)
        return services.contract_update(contract=contract, data=data, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "contracts",
            "heading": _("Edit contract") if contract else _("New contract"),
            "cancel": contract.get_absolute_url() if contract else "",
        },
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Contract saved."),
    )


@require_http_methods(["GET", "POST"])
def contract_terminate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    contract = _contract(program, pk)
    if not can_manage_program(request.user, program):
        return deny(request)
    form = TerminationForm(request.POST or None)
    return service_form(
        request,
        form=form,
        save=lambda d: services.contract_terminate(
            contract=contract,
            terminated_on=d["terminated_on"],
            reason_en=d["reason_en"],
            reason_es=d["reason_es"],
            actor=request.user,
        ),
        template=FORM,
        context={
            "program": program,
            "section": "contracts",
            "cancel": contract.get_absolute_url(),
            "heading": _("Terminate contract %(ref)s") % {"ref": contract.reference},
        },
        success_url=contract.get_absolute_url(),
        success_message=_("Contract terminated."),
        record=contract,
    )


@require_http_methods(["GET", "POST"])
def deliverable_edit(
    request: HttpRequest, code: str, pk: int, number: int | None = None
) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    contract = _contract(program, pk)
    deliverable = (
        get_object_or_404(Deliverable, contract=contract, number=number) if number else None
    )
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = DeliverableForm(request.POST or None, instance=deliverable)

    def save(data):
        if deliverable is None:
            return services.deliverable_create(contract=contract, data=data, actor=request.user)
        return services.deliverable_update(deliverable=deliverable, data=data, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "contracts",
            "cancel": contract.get_absolute_url(),
            "heading": (
                deliverable.label
                if deliverable
                else _("New deliverable of contract %(ref)s") % {"ref": contract.reference}
            ),
        },
        success_url=contract.get_absolute_url(),
        success_message=_("Deliverable saved."),
    )


@require_http_methods(["GET", "POST"])
def deliverable_review(request: HttpRequest, code: str, pk: int, number: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    contract = _contract(program, pk)
    deliverable = get_object_or_404(Deliverable, contract=contract, number=number)
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = ReviewForm(request.POST or None)
    return service_form(
        request,
        form=form,
        save=lambda data: services.deliverable_review(
            deliverable=deliverable, data=data, actor=request.user
        ),
        template=FORM,
        context={
            "program": program,
            "section": "contracts",
            "cancel": contract.get_absolute_url(),
            "heading": _("Quality review: %(record)s") % {"record": deliverable.label},
            "intro": _("Your review is recorded for %(institution)s.")
            % {"institution": request.user.institution or "—"},
        },
        success_url=contract.get_absolute_url(),
        success_message=_("Review recorded."),
    )


@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    contract = _contract(program, pk)
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = PaymentForm(request.POST or None, contract=contract)
    return service_form(
        request,
        form=form,
        save=lambda data: services.payment_create(contract=contract, data=data, actor=request.user),
        template=FORM,
        context={
            "program": program,
            "section": "contracts",
            "cancel": contract.get_absolute_url(),
            "heading": _("Payment on contract %(ref)s") % {"ref": contract.reference},
        },
        success_url=contract.get_absolute_url(),
        success_message=_("Payment recorded."),
    )
