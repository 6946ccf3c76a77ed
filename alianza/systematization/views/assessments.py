"""The analysis matrix and its making: the matrix with flagships (Figure 9), each
assessor's own assessment, and the consolidation of an initiative's assessments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.views import service_form
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.programs.permissions import program_for
from alianza.systematization import permissions as perms
from alianza.systematization import selectors, services
from alianza.systematization.forms import AssessmentForm, MentionForm, SettleForm
from alianza.systematization.models import ConsolidatedResult, SystematizationPeriod
from alianza.systematization.views.common import (
    language,
    need_period,
    page_context,
    period_query,
    visible_initiative,
)


def _consolidation_url(program: Program, number: int, period: SystematizationPeriod | None) -> str:
    return reverse(
        "systematization:consolidate", kwargs={"code": program.code, "number": number}
    ) + period_query(period)


def _consolidation_context(context: dict[str, Any], initiative: Initiative) -> dict[str, Any]:
    consolidation = selectors.consolidation(context["period"], initiative)
    mention_form = MentionForm(initial=MentionForm.initial_for(consolidation["result"]))
    return context | consolidation | {"initiative": initiative, "mention_form": mention_form}


def _consolidated_result(
    period: SystematizationPeriod, initiative: Initiative
) -> ConsolidatedResult:
    result = selectors.consolidation(period, initiative)["result"]
    if result is None:
        raise Http404(_("No consolidated result yet."))
    return result


def overview(request: HttpRequest, code: str) -> HttpResponse:
    """The analysis matrix (Figure 9), flagships, special mentions and their coverage."""
    program = program_for(request, code, may=perms.can_view_systematization)
    context = page_context(request, program, tab="matrix")
    context["matrix"] = selectors.criteria_matrix(program, context["period"], request.user)
    context["numbered"] = selectors.report_numbers(program).get("criteria-matrix")
    return render(request, "systematization/overview.html", context)


@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The signed-in assessor's own assessment of one initiative."""
    program = program_for(request, code, may=perms.can_view_systematization)
    context = page_context(request, program, tab="matrix")
    initiative = visible_initiative(request, program, number)
    if not context["can_assess"]:
        raise PermissionDenied
    period = need_period(context)
    assessment = selectors.own_assessment(period, initiative, request.user)
    form = AssessmentForm(
        request.POST or None,
        criteria=period.criteria_set.criteria.order_by("number"),
        assessment=assessment,
        excerpts=selectors.citable_excerpts(period, initiative),
    )
    return service_form(
        request,
        form=form,
        save=lambda cleaned: services.assessment_save(
            period=period, initiative=initiative, items=form.items(language()), actor=request.user
        ),
        template="systematization/assess.html",
        context=context | {"initiative": initiative, "assessment": assessment},
        success_url=_consolidation_url(program, number, period),
        success_message=_("Your assessment of initiative %(number)s is saved.")
        % {"number": number},
    )


def consolidate(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Every assessor's verdicts, where they disagree, and the consolidated result."""
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="matrix")
    need_period(context)
    initiative = visible_initiative(request, program, number)
    return render(
        request, "systematization/consolidate.html", _consolidation_context(context, initiative)
    )


@require_POST
def consolidate_create(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=perms.can_consolidate)
    period = page_context(request, program, tab="matrix")["period"]
    initiative = visible_initiative(request, program, number)
    try:
        services.consolidated_result_create(
            period=period, initiative=initiative, actor=request.user
        )
        messages.success(request, _("Consolidated result created."))
    except ValidationError as exc:
        for message_list in exc.message_dict.values():
            for message in message_list:
                messages.error(request, message)
    return redirect(_consolidation_url(program, number, period))


def _settle(request: HttpRequest, result: ConsolidatedResult, form: SettleForm) -> str:
    """Settle the criterion the form names; the error to show, or ""."""
    if not form.is_valid():
        return " ".join(m for msgs in form.errors.values() for m in msgs)
    try:
        services.consolidated_value_settle(
            result=result,
            criterion=form.cleaned_data["criterion"],
            value=form.cleaned_data["value"] or None,
            actor=request.user,
            **{f"reason_{language()}": form.cleaned_data["reason"]},
        )
    except ValidationError as exc:
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return ""


def _settled_row(
    request: HttpRequest, context: dict[str, Any], initiative: Initiative, error: str
) -> HttpResponse:
    """The criterion's row of the consolidation, as it stands now (htmx)."""
    fresh = _consolidation_context(context, initiative)
    wanted = request.POST.get("criterion")
    row = next((r for r in fresh["rows"] if r.criterion.code == wanted), None)
    if row is None:
        raise Http404
    return render(
        request,
        "systematization/partials/consolidation_row.html",
        fresh | {"row": row, "error": error},
        status=400 if error else 200,
    )


@require_POST
def consolidate_settle(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Settle one criterion; an htmx request gets the row back."""
    program = program_for(request, code, may=perms.can_consolidate)
    context = page_context(request, program, tab="matrix")
    initiative = visible_initiative(request, program, number)
    result = _consolidated_result(need_period(context), initiative)
    error = _settle(request, result, SettleForm(request.POST))
    if request.htmx:
        return _settled_row(request, context, initiative, error)
    if error:
        messages.error(request, error)
    return redirect(_consolidation_url(program, number, context["period"]))


@require_POST
def consolidate_mention(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=perms.can_consolidate)
    context = page_context(request, program, tab="matrix")
    initiative = visible_initiative(request, program, number)
    result = _consolidated_result(need_period(context), initiative)
    form = MentionForm(request.POST)
    return service_form(
        request,
        form=form,
        save=lambda cleaned: services.consolidated_result_update(
            result=result, values=cleaned, actor=request.user
        ),
        template="systematization/consolidate.html",
        context=_consolidation_context(context, initiative) | {"mention_form": form},
        success_url=_consolidation_url(program, number, context["period"]),
        success_message=_("Special mention saved."),
    )
