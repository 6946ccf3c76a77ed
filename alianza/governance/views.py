"""Board and dispute pages: meetings with attendance by institution, decisions and action
items; focal points by area per institution; disputes and their steps."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.views import service_form
from alianza.governance import services
from alianza.governance.forms import ActionItemForm, DisputeForm, DisputeStepForm, MeetingForm
from alianza.governance.models import ActionItem, BoardMeeting, Dispute
from alianza.governance.permissions import can_edit_governance_records, can_take_dispute_step
from alianza.governance.selectors import (
    dispute_case,
    disputes_with_stage,
    focal_points,
    meeting_page,
)
from alianza.programs.models import Program
from alianza.programs.permissions import program_for

FORM = "programs/form_page.html"


# --- Board ----------------------------------------------------------------------------------


def meeting_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
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
            "can_edit": can_edit_governance_records(request.user, program),
        },
    )


def meeting_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code)
    meeting = get_object_or_404(BoardMeeting, program=program, pk=pk)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "program": program,
            "section": "board",
            **meeting_page(meeting),
            "can_edit": can_edit_governance_records(request.user, program),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_governance_records)
    meeting = get_object_or_404(BoardMeeting, program=program, pk=pk) if pk else None
    form = MeetingForm(request.POST or None, instance=meeting, program=program)

    def save(data: dict) -> BoardMeeting:
        if meeting is None:
            return services.meeting_create(
                program=program, data=data, actor=request.user, **form.children()
            )
        return services.meeting_update(
            meeting=meeting, data=data, actor=request.user, **form.children()
        )

    return service_form(
        request,
        form=form,
        save=save,
        template="governance/meeting_form.html",
        context={"program": program, "section": "board", "meeting": meeting},
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Board meeting saved."),
    )


def action_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    return render(
        request,
        "governance/action_list.html",
        {
            "program": program,
            "section": "board",
            "actions": program.action_items.select_related("owner_institution", "owner", "meeting"),
            "can_edit": can_edit_governance_records(request.user, program),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_edit_governance_records)
    item = get_object_or_404(ActionItem, program=program, pk=pk) if pk else None
    form = ActionItemForm(request.POST or None, instance=item, program=program)

    def save(data: dict) -> ActionItem:
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
    program = program_for(request, code)
    return render(
        request,
        "governance/dispute_list.html",
        {
            "program": program,
            "section": "disputes",
            "disputes": disputes_with_stage(program),
            "can_edit": can_edit_governance_records(request.user, program),
        },
    )


@require_http_methods(["GET", "POST"])
def dispute_create(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_edit_governance_records)
    return service_form(
        request,
        form=DisputeForm(request.POST or None, program=program),
        save=lambda data: services.dispute_open(program=program, data=data, actor=request.user),
        template=FORM,
        context={
            "program": program,
            "section": "disputes",
            "heading": _("Open a dispute"),
            "intro": _(
                "The case is opened for your institution, which agrees the "
                "criteria it proposes; each other partner agrees them next."
            ),
        },
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Dispute opened."),
    )


def _dispute(program: Program, number: int) -> Dispute:
    return get_object_or_404(
        Dispute.objects.select_related(
            "opened_by_institution", "opened_by", "contract", "initiative", "program"
        ),
        program=program,
        number=number,
    )


def dispute_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code)
    case = dispute_case(_dispute(program, number))
    can_step = case["step"] is not None and can_take_dispute_step(request.user, program)
    return render(
        request,
        "governance/dispute_detail.html",
        {
            "program": program,
            "section": "disputes",
            **case,
            "form": DisputeStepForm(step=case["step"]) if can_step else None,
        },
    )


@require_POST
def dispute_step(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The next step of the case (`services.dispute_step`); refused, the case's page again
    with the errors (400)."""
    program = program_for(request, code, may=can_take_dispute_step)
    case = dispute_case(_dispute(program, number))
    if case["step"] is None:
        return redirect(case["dispute"].get_absolute_url())
    return service_form(
        request,
        form=DisputeStepForm(request.POST, step=case["step"]),
        # The service takes its own copy: a refused step leaves the page's case as stored.
        save=lambda data: services.dispute_step(
            dispute=_dispute(program, number), step=case["step"], data=data, actor=request.user
        ),
        template="governance/dispute_detail.html",
        context={"program": program, "section": "disputes", **case},
        success_url=case["dispute"].get_absolute_url(),
        success_message=_("Dispute updated."),
    )
