"""Board and dispute pages: meetings with attendance by institution, decisions and action
items; focal points by area per institution; disputes and their steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.contracts.selectors import partner_ids
from alianza.core.concurrency import StaleVersion, save_if_current
from alianza.core.views import deny, service_form
from alianza.governance import services
from alianza.governance.choices import DisputeStage
from alianza.governance.forms import (
    ActionItemForm,
    AgreeForm,
    AttendanceFormSet,
    DecisionFormSet,
    DecisionStepForm,
    DisputeForm,
    ExpertForm,
    MeetingForm,
    OpinionForm,
    filled,
)
from alianza.governance.models import ActionItem, BoardMeeting, Dispute
from alianza.governance.selectors import focal_points
from alianza.programs.permissions import (
    can_edit_program_records,
    can_manage_program,
)
from alianza.programs.views import get_internal_program

FORM = "monitoring/form_page.html"


# --- Board ----------------------------------------------------------------------------------


def meeting_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    meetings = program.board_meetings.prefetch_related(
        "attendance__institution", "decisions"
    ).order_by("-held_on")
    return render(
        request,
        "governance/meeting_list.html",
        {
            "program": program,
            "section": "board",
            "meetings": meetings,
            "focal_points": focal_points(program),
            "can_edit": can_edit_program_records(request.user, program),
        },
    )


def meeting_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    meeting = get_object_or_404(BoardMeeting, program=program, pk=pk)
    by_institution: dict = {}
    for row in meeting.attendance.select_related("institution"):
        by_institution.setdefault(row.institution, []).append(row)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "program": program,
            "section": "board",
            "meeting": meeting,
            "attendance": by_institution.items(),
            "decisions": meeting.decisions.all(),
            "actions": meeting.action_items.select_related("owner_institution", "owner"),
            "can_edit": can_edit_program_records(request.user, program),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    meeting = get_object_or_404(BoardMeeting, program=program, pk=pk) if pk else None
    if not can_edit_program_records(request.user, program):
        return deny(request)
    data = request.POST or None
    form = MeetingForm(data, instance=meeting)
    form.track_version(meeting)
    initial_attendance = (
        [
            {"institution": a.institution_id, "person_name": a.person_name, "role": a.role}
            for a in meeting.attendance.all()
        ]
        if meeting
        else []
    )
    initial_decisions = (
        [{"text_es": d.text_es, "text_en": d.text_en} for d in meeting.decisions.all()]
        if meeting
        else []
    )
    attendance = AttendanceFormSet(
        data, prefix="attendance", initial=initial_attendance, form_kwargs={"program": program}
    )
    decisions = DecisionFormSet(data, prefix="decisions", initial=initial_decisions)
    if (
        request.method == "POST"
        and form.is_valid()
        and attendance.is_valid()
        and (decisions.is_valid())
    ):
        opened = form.opened_version()
        try:
            kwargs = {
                "data": form.cleaned_data,
                "actor": request.user,
                "attendance": filled(attendance),
                "decisions": filled(decisions),
            }
            saved = (
                services.meeting_create(program=program, **kwargs)
                if meeting is None
                else save_if_current(
                    meeting, opened, lambda: services.meeting_update(meeting=meeting, **kwargs)
                )
            )
        except StaleVersion as stale:
            form.refuse_stale(stale)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Board meeting saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "governance/meeting_form.html",
        {
            "program": program,
            "section": "board",
            "form": form,
            "meeting": meeting,
            "attendance": attendance,
            "decisions": decisions,
        },
        status=400 if request.method == "POST" else 200,
    )


def action_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    return render(
        request,
        "governance/action_list.html",
        {
            "program": program,
            "section": "board",
            "actions": program.action_items.select_related("owner_institution", "owner", "meeting"),
            "can_edit": can_edit_program_records(request.user, program),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    item = get_object_or_404(ActionItem, program=program, pk=pk) if pk else None
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = ActionItemForm(request.POST or None, instance=item, program=program)

    def save(data):
        if item is None:
            return services.action_item_create(program=program, data=data, actor=request.user)
        return services.action_item_update(item=item, data=data, actor=request.user)

    return service_form(
        request,
        form=form,
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "board",
            "heading": _("Action item") if item else _("New action item"),
        },
        success_url=reverse("governance:action_list", kwargs={"code": program.code}),
        success_message=_("Action item saved."),
    )


# --- Disputes -------------------------------------------------------------------------------


def dispute_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    partners = partner_ids(program)
    disputes = list(
        program.disputes.select_related(
            "opened_by_institution", "contract", "initiative"
        ).prefetch_related("agreements")
    )
    for dispute in disputes:
        dispute.stage_label = DisputeStage(dispute.stage(partners)).label
    return render(
        request,
        "governance/dispute_list.html",
        {
            "program": program,
            "section": "disputes",
            "disputes": disputes,
            "can_edit": can_edit_program_records(request.user, program),
        },
    )


@require_http_methods(["GET", "POST"])
def dispute_create(request: HttpRequest, code: str) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    if not can_edit_program_records(request.user, program):
        return deny(request)
    form = DisputeForm(request.POST or None, program=program)
    return service_form(
        request,
        form=form,
        save=lambda data: services.dispute_open(program=program, data=data, actor=request.user),
        template=FORM,
        context={
            "program": program,
            "section": "disputes",
            "heading": _("Open a dispute"),
            "intro": _(
                "The case is opened for your institution, which agrees the "
                "criteria it proposes; the other partner agrees them next."
            ),
        },
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Dispute opened."),
    )


STEP_FORMS = {
    DisputeStage.CRITERIA: AgreeForm,
    DisputeStage.EXPERT: ExpertForm,
    DisputeStage.OPINION: OpinionForm,
    DisputeStage.DECISION: DecisionStepForm,
}


def _dispute(program, number: int) -> Dispute:
    return get_object_or_404(
        Dispute.objects.select_related(
            "opened_by_institution", "opened_by", "contract", "initiative", "program"
        ),
        program=program,
        number=number,
    )


def dispute_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    dispute = _dispute(program, number)
    return _dispute_page(request, program, dispute, None)


def _dispute_page(request, program, dispute, form, status=200):
    partners = partner_ids(program)
    stage = dispute.stage(partners)
    can_step = can_manage_program(request.user, program) and stage in STEP_FORMS
    if can_step and form is None:
        form = STEP_FORMS[stage]()
    agreements = dispute.agreements.select_related("institution", "agreed_by").order_by(
        "agreed_on", "id"
    )
    from alianza.accounts.models import Institution

    waiting = Institution.objects.filter(pk__in=dispute.waiting_for(partners))
    return render(
        request,
        "governance/dispute_detail.html",
        {
            "program": program,
            "section": "disputes",
            "dispute": dispute,
            "stage": stage,
            "stage_label": DisputeStage(stage).label,
            "agreements": agreements,
            "waiting": waiting,
            "form": form if can_step else None,
        },
        status=status,
    )


@require_POST
def dispute_step(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_internal_program(request, code)
    if program is None:
        return deny(request)
    dispute = _dispute(program, number)
    if not can_manage_program(request.user, program):
        return deny(request)
    stage = dispute.stage(partner_ids(program))
    if stage not in STEP_FORMS:
        return redirect(dispute.get_absolute_url())
    form = STEP_FORMS[stage](request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if stage == DisputeStage.CRITERIA:
                services.dispute_agree_criteria(
                    dispute=dispute, agreed_on=d["agreed_on"], actor=request.user
                )
            elif stage == DisputeStage.EXPERT:
                services.dispute_appoint_expert(
                    dispute=dispute,
                    expert=d["expert"],
                    appointed_on=d["appointed_on"],
                    actor=request.user,
                )
            elif stage == DisputeStage.OPINION:
                services.dispute_record_opinion(dispute=dispute, actor=request.user, **d)
            else:
                services.dispute_decide(dispute=dispute, actor=request.user, **d)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Dispute updated."))
            return redirect(dispute.get_absolute_url())
    dispute.refresh_from_db()
    return _dispute_page(request, program, dispute, form, status=400)
