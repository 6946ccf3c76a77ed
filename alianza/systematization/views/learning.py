"""What the systematization learned and recommends: lessons and good practices by
success factor (Table 7), and the recommendations with the partners' responses and the
key actions' follow-up (the last two for the program's partners)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alianza.programs.models import Program
from alianza.programs.permissions import program_for
from alianza.systematization import permissions as perms
from alianza.systematization import selectors, services
from alianza.systematization.forms import FollowUpForm, KeyActionForm, ResponseForm
from alianza.systematization.models import KeyAction, Recommendation, SystematizationPeriod
from alianza.systematization.views.common import page_context, period_query, report_form_errors


def lessons(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_systematization)
    context = page_context(request, program, tab="lessons")
    table = selectors.lessons_by_factor(program, context["period"], request.user)
    notes = {
        lesson.source_note
        for group in table
        for lesson in group.lessons + group.good_practices
        if lesson.source_note
    }
    numbered = selectors.report_numbers(program).get("lessons-by-factor")
    context |= {"table": table, "notes": sorted(notes, key=len), "numbered": numbered}
    return render(request, "systematization/lessons.html", context)


def recommendation_list(request: HttpRequest, code: str) -> HttpResponse:
    """The recommendations; partners also see the responses, the key actions and the
    forms to answer, add and follow them up."""
    program = program_for(request, code, may=perms.can_view_systematization)
    context = page_context(request, program, tab="recommendations")
    period, user = context["period"], request.user
    context["recommendations"] = selectors.recommendations(program, period, user)
    if context["internal"]:
        institution = user.institution if user.is_authenticated else None
        context |= {
            "summary": selectors.follow_up_summary(program, period),
            "respond_as": institution
            if institution is not None and perms.can_respond_for(user, program, institution)
            else None,
            "response_form": ResponseForm(),
            "action_form": KeyActionForm(program=program),
            "follow_up_form": FollowUpForm(),
        }
    return render(request, "systematization/recommendations.html", context)


def _back_to_list(program: Program, period: SystematizationPeriod | None) -> HttpResponse:
    return redirect(
        reverse("systematization:recommendation_list", kwargs={"code": program.code})
        + period_query(period)
    )


def _submit(
    request: HttpRequest, form: Any, save: Callable[[dict[str, Any]], object], *, done: str
) -> None:
    """A form posted from the recommendations page: saved, or its errors (and the
    service's) become messages on the page it returns to."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
            messages.success(request, done)
        except ValidationError as exc:
            form.add_service_errors(exc)
    report_form_errors(request, form)


def _internal_recommendation(
    request: HttpRequest, period: SystematizationPeriod | None, code: str
) -> Recommendation:
    """Recommendation `code` of the period; 404 for those who may not read its follow-up."""
    return get_object_or_404(
        Recommendation.objects.internal_to(request.user), period=period, code=code
    )


@require_POST
def respond(request: HttpRequest, code: str, rec: str) -> HttpResponse:
    """A coordinator answers a recommendation for their own institution."""
    program = program_for(request, code, may=perms.can_view_systematization)
    period = page_context(request, program, tab="recommendations")["period"]
    recommendation = _internal_recommendation(request, period, rec)
    institution = request.user.institution
    if institution is None or not perms.can_respond_for(request.user, program, institution):
        raise PermissionDenied
    _submit(
        request,
        ResponseForm(request.POST),
        lambda cleaned: services.management_response_set(
            recommendation=recommendation, institution=institution, actor=request.user, **cleaned
        ),
        done=_("Response saved."),
    )
    return _back_to_list(program, period)


@require_POST
def action_create(request: HttpRequest, code: str, rec: str) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_systematization)
    context = page_context(request, program, tab="recommendations")
    recommendation = _internal_recommendation(request, context["period"], rec)
    if not context["can_edit_learning"]:
        raise PermissionDenied
    _submit(
        request,
        KeyActionForm(request.POST, program=program),
        lambda cleaned: services.key_action_create(
            recommendation=recommendation, values=cleaned, actor=request.user
        ),
        done=_("Key action added."),
    )
    return _back_to_list(program, context["period"])


@require_POST
def action_follow_up(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_systematization)
    action = get_object_or_404(
        KeyAction.objects.internal_to(request.user), pk=pk, recommendation__period__program=program
    )
    if not perms.can_edit_learning(request.user, program):
        raise PermissionDenied
    _submit(
        request,
        FollowUpForm(request.POST),
        lambda cleaned: services.key_action_follow_up(action=action, actor=request.user, **cleaned),
        done=_("Follow-up recorded."),
    )
    return _back_to_list(program, action.recommendation.period)
