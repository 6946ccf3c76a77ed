"""Staffing scenario pages: the list, one scenario with its plan (proposed, adjusted and
saved with a note), two scenarios side by side, the plan as a spreadsheet."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.params import integer_param
from alianza.core.views import service_form
from alianza.programs.models import Program
from alianza.programs.permissions import program_for
from alianza.risks.models import Risk
from alianza.staffing_plans import exports, services
from alianza.staffing_plans.forms import CompareForm, PlanForm, ScenarioForm
from alianza.staffing_plans.models import Scenario
from alianza.staffing_plans.permissions import can_plan_staffing
from alianza.staffing_plans.selectors import compare, scenario_list, scenario_plan

FORM = "programs/form_page.html"


def _scenario(program: Program, pk: int) -> Scenario:
    return get_object_or_404(
        Scenario.objects.select_related("program", "risk", "component", "plan_saved_by"),
        program=program,
        pk=pk,
    )


def risk_param(request: HttpRequest, program: Program) -> Risk | None:
    """The risk named by `?risk=<number>` (from the risk's page), if the program has it."""
    number = integer_param(request.GET, "risk", minimum=1)
    return program.risks.filter(number=number).first() if number else None


def scenario_list_page(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    plans = scenario_list(program)
    return render(
        request,
        "staffing_plans/scenario_list.html",
        {
            "program": program,
            "section": "staffing_plans",
            "plans": plans,
            "compare_form": CompareForm(program=program),
            "can_plan": can_plan_staffing(request.user, program),
        },
    )


def scenario_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The scenario's plan: proposed, or as saved; coordinators see the form to adjust it."""
    program = program_for(request, code)
    plan = scenario_plan(_scenario(program, pk))
    can_plan = can_plan_staffing(request.user, program)
    form = None
    if can_plan:
        form = PlanForm(plan=plan)
        form.track_version(plan.scenario)
    return render(
        request,
        "staffing_plans/scenario_detail.html",
        {
            "program": program,
            "section": "staffing_plans",
            "plan": plan,
            "can_plan": can_plan,
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def scenario_plan_save(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Coordinators adjust the positions kept and save the plan with a note."""
    program = program_for(request, code, may=can_plan_staffing)
    scenario = _scenario(program, pk)
    plan = scenario_plan(scenario)
    return service_form(
        request,
        form=PlanForm(request.POST or None, plan=plan),
        save=lambda data: services.scenario_plan_save(
            scenario=scenario, kept=data["kept"], note=data["note"], actor=request.user
        ),
        template="staffing_plans/scenario_detail.html",
        context={"program": program, "section": "staffing_plans", "plan": plan, "can_plan": True},
        success_url=scenario.get_absolute_url(),
        success_message=_("Plan saved."),
        record=scenario,
    )


@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = program_for(request, code, may=can_plan_staffing)
    scenario = _scenario(program, pk) if pk else None

    def save(data: dict) -> Scenario:
        if scenario is None:
            return services.scenario_create(program=program, data=data, actor=request.user)
        return services.scenario_update(scenario=scenario, data=data, actor=request.user)

    initial = {"risk": risk_param(request, program)} if scenario is None else None
    return service_form(
        request,
        form=ScenarioForm(
            request.POST or None, instance=scenario, program=program, initial=initial
        ),
        save=save,
        template=FORM,
        context={
            "program": program,
            "section": "staffing_plans",
            "heading": _("Edit %(record)s") % {"record": scenario.label}
            if scenario
            else _("New staffing scenario"),
            "cancel": scenario.get_absolute_url() if scenario else "",
        },
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=_("Scenario saved."),
    )


def scenario_compare(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code)
    form = CompareForm(request.GET or None, program=program)
    comparison = None
    if form.is_valid():
        comparison = compare(
            scenario_plan(form.cleaned_data["a"]), scenario_plan(form.cleaned_data["b"])
        )
    return render(
        request,
        "staffing_plans/scenario_compare.html",
        {
            "program": program,
            "section": "staffing_plans",
            "form": form,
            "comparison": comparison,
        },
    )


def scenario_export(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code)
    return exports.plan_xlsx(scenario_plan(_scenario(program, pk)))
