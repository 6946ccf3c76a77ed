"""The specialists' pages under /programs/<code>/specialists/: headcount and cost, positions,
people and their personal data, service contracts, the HR exports, and the channel
(notices with read receipts, questions with answers).

The partners read the program's pages; a specialist of the program with an account reads
their own record, the notices and their questions even when their institution is not a
partner (`_program_for_staff`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from alianza.core.params import year_param
from alianza.core.views import service_form
from alianza.programs.models import Program
from alianza.programs.permissions import program_for
from alianza.specialists import exports, selectors, services
from alianza.specialists.choices import ReadChannel
from alianza.specialists.forms import (
    AnswerForm,
    HeadcountRecordForm,
    NoticeForm,
    PersonalDataForm,
    PositionForm,
    QuestionForm,
    RenewalDecisionForm,
    RenewalForm,
    ServiceContractForm,
    SpecialistForm,
)
from alianza.specialists.models import (
    HeadcountRecord,
    Notice,
    PersonalData,
    Position,
    Question,
    ServiceContract,
    Specialist,
)
from alianza.specialists.permissions import (
    can_edit_personal_data,
    can_manage_staff,
    can_read_contract_cost,
    can_read_personal_data,
    can_read_question,
)

FORM = "programs/form_page.html"


def _program_for_staff(request: HttpRequest, code: str) -> Program:
    """The program for its own specialists, and otherwise as `program_for` answers (its
    partners; 403 or 404 for anyone else)."""
    program = Program.objects.filter(code=code).first()
    if program is not None and services.specialist_of(request.user, program) is not None:
        return program
    return program_for(request, code)


def _ctx(program: Program, section: str, **extra) -> dict:
    return {"program": program, "section": section, **extra}


# Headcount and cost ------------------------------------------------------------------------


@require_safe
def staffing(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    today = timezone.localdate()
    year = year_param(request.GET, "year")
    on = selectors.year_end(year, today) if year else today
    rows = selectors.headcount_by_year(program, today=today)
    return render(
        request,
        "specialists/staffing.html",
        _ctx(
            program,
            "staffing",
            chart=selectors.headcount_chart(rows),
            breakdown=selectors.headcount_breakdown(program, on=on),
            breakdown_on=on,
            ending=selectors.ending_summary(program, today=today),
            ending_contracts=selectors.contracts_ending(program, today=today),
            can_manage=can_manage_staff(request.user, program),
            today=today,
        ),
    )


@require_http_methods(["GET", "POST"])
def headcount_edit(request: HttpRequest, code: str, year: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    record = get_object_or_404(HeadcountRecord, program=program, year=year) if year else None
    form = HeadcountRecordForm(request.POST or None, instance=record)
    return service_form(
        request,
        form=form,
        save=lambda data: (services.headcount_upsert if record else services.headcount_create)(
            program=program,
            year=record.year if record else data["year"],
            data=form.service_data(),
            actor=request.user,
        ),
        template=FORM,
        context=_ctx(program, "staffing", heading=_("Headcount figures of a year")),
        success_url=reverse("specialists:staffing", kwargs={"code": program.code}),
        success_message=_("Figures saved."),
    )


@require_safe
def headcount_export(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    rows = selectors.headcount_by_year(program, today=timezone.localdate())
    return exports.headcount_xlsx(program, rows)


# Positions ---------------------------------------------------------------------------------


@require_safe
def position_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    return render(
        request,
        "specialists/position_list.html",
        _ctx(
            program,
            "positions",
            positions=selectors.positions_for_list(program),
            can_manage=can_manage_staff(request.user, program),
        ),
    )


@require_safe
def position_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code)
    position = get_object_or_404(
        Position.objects.select_related("host_institution"), program=program, pk=pk
    )
    contracts = position.contracts.select_related("specialist", "holder").order_by("-start_date")
    return render(
        request,
        "specialists/position_detail.html",
        _ctx(
            program,
            "positions",
            position=position,
            contracts=contracts,
            can_manage=can_manage_staff(request.user, program),
        ),
    )


@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    position = get_object_or_404(Position, program=program, pk=pk) if pk else None

    def save(data: dict) -> Position:
        if position is None:
            return services.position_create(program=program, data=data, actor=request.user)
        return services.position_update(position=position, data=data, actor=request.user)

    return service_form(
        request,
        form=PositionForm(request.POST or None, instance=position, program=program),
        save=save,
        template=FORM,
        context=_ctx(
            program, "positions", heading=position.label if position else _("New position")
        ),
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Position saved."),
    )


# People ------------------------------------------------------------------------------------


@require_safe
def specialist_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    specialists = list(selectors.specialists_for_list(program))
    for specialist in specialists:
        specialist.cost_visible = can_read_contract_cost(request.user, specialist)
    return render(
        request,
        "specialists/specialist_list.html",
        _ctx(
            program,
            "people",
            specialists=specialists,
            can_manage=can_manage_staff(request.user, program),
            today=timezone.localdate(),
        ),
    )


@require_safe
def specialist_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = _program_for_staff(request, code)
    specialist = get_object_or_404(
        Specialist.objects.visible_to(request.user), program=program, pk=pk
    )
    allowed = can_read_personal_data(request.user, specialist)
    personal = (
        services.personal_data_read(
            specialist=specialist, actor=request.user, channel=ReadChannel.PAGE
        )
        if allowed
        else None
    )
    contracts = specialist.contracts.select_related("position", "holder").order_by("-start_date")
    return render(
        request,
        "specialists/specialist_detail.html",
        _ctx(
            program,
            "people",
            specialist=specialist,
            contracts=contracts,
            personal_allowed=allowed,
            personal=personal,
            reads=selectors.personal_data_reads(specialist) if allowed else [],
            can_edit_personal=can_edit_personal_data(request.user, specialist),
            can_manage=can_manage_staff(request.user, program),
        ),
    )


@require_http_methods(["GET", "POST"])
def specialist_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    specialist = get_object_or_404(Specialist, program=program, pk=pk) if pk else None

    def save(data: dict) -> Specialist:
        if specialist is None:
            return services.specialist_create(program=program, data=data, actor=request.user)
        return services.specialist_update(specialist=specialist, data=data, actor=request.user)

    return service_form(
        request,
        form=SpecialistForm(request.POST or None, instance=specialist, program=program),
        save=save,
        template=FORM,
        context=_ctx(
            program, "people", heading=specialist.full_name if specialist else _("New specialist")
        ),
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Specialist saved."),
    )


@require_http_methods(["GET", "POST"])
def personal_data_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code)
    specialist = get_object_or_404(Specialist, program=program, pk=pk)
    if not can_edit_personal_data(request.user, specialist):
        raise PermissionDenied
    record = PersonalData.objects.filter(specialist=specialist).first()
    return service_form(
        request,
        form=PersonalDataForm(request.POST or None, instance=record),
        save=lambda data: services.personal_data_update(
            specialist=specialist, data=data, actor=request.user
        ),
        template=FORM,
        context=_ctx(
            program,
            "people",
            heading=_("Personal data of %(name)s") % {"name": specialist.full_name},
            cancel=specialist.get_absolute_url(),
        ),
        success_url=specialist.get_absolute_url(),
        success_message=_("Personal data saved."),
    )


@require_safe
def staff_export(request: HttpRequest, code: str) -> HttpResponse:
    """The human-resources workbook: contracts, and personal data where the reader may."""
    program = program_for(request, code, may=can_manage_staff)
    return exports.staff_xlsx(program, request.user)


# Service contracts -------------------------------------------------------------------------


@require_safe
def contract_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    contracts = list(
        ServiceContract.objects.filter(program=program)
        .select_related("program", "specialist__program", "position", "holder")
        .prefetch_related("specialist__contracts")
        .order_by("-end_date", "reference")
    )
    for contract in contracts:
        contract.cost_visible = can_read_contract_cost(request.user, contract.specialist)
    return render(
        request,
        "specialists/contract_list.html",
        _ctx(
            program,
            "service_contracts",
            contracts=contracts,
            can_manage=can_manage_staff(request.user, program),
        ),
    )


def _contract(program: Program, pk: int) -> ServiceContract:
    return get_object_or_404(
        ServiceContract.objects.select_related(
            "specialist", "position", "holder", "component", "funding_source", "renews"
        ),
        program=program,
        pk=pk,
    )


@require_safe
def contract_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code)
    contract = _contract(program, pk)
    return render(
        request,
        "specialists/contract_detail.html",
        _ctx(
            program,
            "service_contracts",
            contract=contract,
            renewal=ServiceContract.objects.filter(renews=contract).first(),
            cost_visible=can_read_contract_cost(request.user, contract.specialist),
            can_manage=can_manage_staff(request.user, program),
        ),
    )


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    contract = _contract(program, pk) if pk else None

    def save(data: dict) -> ServiceContract:
        if contract is None:
            return services.contract_create(program=program, data=data, actor=request.user)
        return services.contract_update(contract=contract, data=data, actor=request.user)

    return service_form(
        request,
        form=ServiceContractForm(request.POST or None, instance=contract, program=program),
        save=save,
        template=FORM,
        context=_ctx(
            program,
            "service_contracts",
            heading=contract.label if contract else _("New service contract"),
        ),
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Service contract saved."),
    )


@require_http_methods(["GET", "POST"])
def contract_decide(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    contract = _contract(program, pk)
    return service_form(
        request,
        form=RenewalDecisionForm(
            request.POST or None, initial={"decided_on": timezone.localdate()}
        ),
        save=lambda data: services.contract_renewal_decide(
            contract=contract,
            decision=data["decision"],
            decided_on=data["decided_on"],
            actor=request.user,
        ),
        template=FORM,
        context=_ctx(
            program,
            "service_contracts",
            heading=_("Renewal decision on %(record)s") % {"record": contract.label},
            cancel=contract.get_absolute_url(),
        ),
        success_url=contract.get_absolute_url(),
        success_message=_("Decision recorded."),
        record=contract,
    )


@require_http_methods(["GET", "POST"])
def contract_renew(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    contract = _contract(program, pk)
    return service_form(
        request,
        form=RenewalForm(request.POST or None, initial={"monthly_cost": contract.monthly_cost}),
        save=lambda data: services.contract_renew(contract=contract, data=data, actor=request.user),
        template=FORM,
        context=_ctx(
            program,
            "service_contracts",
            heading=_("Renew %(record)s") % {"record": contract.label},
            cancel=contract.get_absolute_url(),
        ),
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Renewal saved."),
    )


# The channel -------------------------------------------------------------------------------


@require_safe
def notice_list(request: HttpRequest, code: str) -> HttpResponse:
    program = _program_for_staff(request, code)
    me = services.specialist_of(request.user, program)
    questions = Question.objects.filter(program=program).select_related("specialist")
    if not can_manage_staff(request.user, program):
        questions = questions.filter(specialist=me) if me else questions.none()
    return render(
        request,
        "specialists/notice_list.html",
        _ctx(
            program,
            "channel",
            notices=selectors.notices_for(program, me),
            questions=questions.order_by("-asked_at", "-id"),
            me=me,
            can_manage=can_manage_staff(request.user, program),
        ),
    )


@require_safe
def notice_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Opening a notice is the specialist's read receipt."""
    program = _program_for_staff(request, code)
    notice = get_object_or_404(Notice, program=program, pk=pk)
    receipt = services.notice_mark_read(notice=notice, actor=request.user)
    manage = can_manage_staff(request.user, program)
    readers = selectors.notice_readers(notice) if manage else ([], [])
    return render(
        request,
        "specialists/notice_detail.html",
        _ctx(
            program,
            "channel",
            notice=notice,
            receipt=receipt,
            receipts=readers[0],
            waiting=readers[1],
            can_manage=manage,
        ),
    )


@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    notice = get_object_or_404(Notice, program=program, pk=pk) if pk else None

    def save(data: dict) -> Notice:
        if notice is None:
            return services.notice_create(program=program, data=data, actor=request.user)
        return services.notice_update(notice=notice, data=data, actor=request.user)

    return service_form(
        request,
        form=NoticeForm(
            request.POST or None, instance=notice, initial={"published_on": timezone.localdate()}
        ),
        save=save,
        template=FORM,
        context=_ctx(program, "channel", heading=_("Notice to specialists")),
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Notice saved."),
    )


@require_http_methods(["GET", "POST"])
def question_ask(request: HttpRequest, code: str) -> HttpResponse:
    program = _program_for_staff(request, code)
    if services.specialist_of(request.user, program) is None:
        raise PermissionDenied
    return service_form(
        request,
        form=QuestionForm(request.POST or None),
        save=lambda data: services.question_ask(
            program=program, text=data["text"], actor=request.user
        ),
        template=FORM,
        context=_ctx(program, "channel", heading=_("Ask a question")),
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Question sent."),
    )


def _question(request: HttpRequest, program: Program, pk: int) -> Question:
    question = get_object_or_404(
        Question.objects.select_related("specialist", "answered_by"), program=program, pk=pk
    )
    if not can_read_question(request.user, question):
        raise Http404(_("No such question."))
    return question


@require_safe
def question_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = _program_for_staff(request, code)
    question = _question(request, program, pk)
    return render(
        request,
        "specialists/question_detail.html",
        _ctx(
            program,
            "channel",
            question=question,
            can_manage=can_manage_staff(request.user, program),
        ),
    )


@require_http_methods(["GET", "POST"])
def question_answer(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=can_manage_staff)
    question = _question(request, program, pk)
    return service_form(
        request,
        form=AnswerForm(request.POST or None, initial={"answer": question.answer}),
        save=lambda data: services.question_answer(
            question=question, answer=data["answer"], actor=request.user
        ),
        template=FORM,
        context=_ctx(program, "channel", heading=_("Answer"), cancel=question.get_absolute_url()),
        success_url=question.get_absolute_url(),
        success_message=_("Answer saved."),
        record=question,
    )
