"""The systematization's setup pages, under the program's Setup tab: one list of every
setup record (criteria sets, periods, success factors, case types, informants, the
interview guide, lessons, recommendations) with links to add and edit, and one form page
per kind to create, change or delete a record, through the setup services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alianza.core.forms import ConfirmForm
from alianza.core.views import service_form
from alianza.programs.models import Program
from alianza.programs.permissions import Rule, program_for
from alianza.systematization import permissions as perms
from alianza.systematization import services
from alianza.systematization import setup_forms as f
from alianza.systematization.models import (
    AnalysisScope,
    CaseType,
    CriteriaSet,
    Informant,
    Lesson,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)

Data = dict[str, Any]


@dataclass(frozen=True)
class SetupKind:
    """One kind of setup record: its pages' form, who may change it, its services."""

    key: str  # in the address: /systematization/setup/<key>/
    label: Any  # plural, lazy
    model: type[Model]
    form: type[f.SetupForm]
    may: Rule
    records: Callable[[Program], QuerySet]
    create: Callable[[Program, Data, Any], Model]
    change: Callable[[Any, Data, Any], Model]
    remove: Callable[[Any, Any], None]


def _code(data: Data) -> tuple[str, Data]:
    data = dict(data)
    return data.pop("code", ""), data


def _create_by_code(service: Callable[..., Any]) -> Callable[[Program, Data, Any], Any]:
    """A create service called with the form's code apart from the other values."""

    def create(program: Program, data: Data, actor: Any) -> Any:
        code, values = _code(data)
        return service(program=program, code=code, values=values, actor=actor)

    return create


def _criteria_create(program: Program, data: Data, actor: Any) -> CriteriaSet:
    code, values = _code(data)
    criteria = f.CriteriaSetForm.criteria_rows(values.pop("criteria", []))
    return services.criteria_set_create(
        program=program, code=code, values=values, criteria=criteria, actor=actor
    )


def _criteria_update(record: CriteriaSet, data: Data, actor: Any) -> CriteriaSet:
    values = dict(data)
    criteria = f.CriteriaSetForm.criteria_rows(values.pop("criteria", []))
    return services.criteria_set_update(
        criteria_set=record, values=values, criteria=criteria, actor=actor
    )


def _guide_create(program: Program, data: Data, actor: Any) -> AnalysisScope:
    code, values = _code(data)
    return services.analysis_scope_create(
        program=program,
        code=code,
        categories=values.pop("categories", []),
        questions=f.GuideForm.question_rows(values.pop("questions", [])),
        values=values,
        actor=actor,
    )


def _guide_update(record: AnalysisScope, data: Data, actor: Any) -> AnalysisScope:
    values = dict(data)
    return services.analysis_scope_update(
        scope=record,
        categories=values.pop("categories", []),
        questions=f.GuideForm.question_rows(values.pop("questions", [])),
        values=values,
        actor=actor,
    )


def _recommendation_create(program: Program, data: Data, actor: Any) -> Recommendation:
    code, values = _code(data)
    return services.recommendation_create(
        period=values.pop("period"), code=code, values=values, actor=actor
    )


def _by_program(model: type[Model], *order: str) -> Callable[[Program], QuerySet]:
    return lambda program: model._default_manager.filter(program=program).order_by(*order)


def _by_period(model: type[Model], *order: str) -> Callable[[Program], QuerySet]:
    return lambda program: (
        model._default_manager.filter(period__program=program)
        .select_related("period", "factor")
        .order_by("period__code", *order)
    )


KINDS: dict[str, SetupKind] = {
    kind.key: kind
    for kind in (
        SetupKind(
            key="criteria-sets",
            label=gettext_lazy("Criteria sets"),
            model=CriteriaSet,
            form=f.CriteriaSetForm,
            may=perms.can_manage_systematization,
            records=lambda program: (
                CriteriaSet.objects.filter(program=program)
                .prefetch_related("criteria")
                .order_by("code")
            ),
            create=_criteria_create,
            change=_criteria_update,
            remove=lambda r, actor: services.criteria_set_delete(criteria_set=r, actor=actor),
        ),
        SetupKind(
            key="periods",
            label=gettext_lazy("Systematization periods"),
            model=SystematizationPeriod,
            form=f.PeriodForm,
            may=perms.can_manage_systematization,
            records=lambda program: (
                SystematizationPeriod.objects.filter(program=program)
                .select_related("criteria_set")
                .order_by("-end_date")
            ),
            create=_create_by_code(services.period_create),
            change=lambda r, data, actor: services.period_update(
                period=r, values=data, actor=actor
            ),
            remove=lambda r, actor: services.period_delete(period=r, actor=actor),
        ),
        SetupKind(
            key="success-factors",
            label=gettext_lazy("Success factors"),
            model=SuccessFactor,
            form=f.SuccessFactorForm,
            may=perms.can_manage_systematization,
            records=_by_program(SuccessFactor, "order", "code"),
            create=_create_by_code(services.success_factor_create),
            change=lambda r, data, actor: services.success_factor_update(
                factor=r, values=data, actor=actor
            ),
            remove=lambda r, actor: services.success_factor_delete(factor=r, actor=actor),
        ),
        SetupKind(
            key="case-types",
            label=gettext_lazy("Case types"),
            model=CaseType,
            form=f.CaseTypeForm,
            may=perms.can_manage_systematization,
            records=_by_program(CaseType, "order", "code"),
            create=_create_by_code(services.case_type_create),
            change=lambda r, data, actor: services.case_type_update(
                case_type=r, values=data, actor=actor
            ),
            remove=lambda r, actor: services.case_type_delete(case_type=r, actor=actor),
        ),
        SetupKind(
            key="informants",
            label=gettext_lazy("Informants"),
            model=Informant,
            form=f.InformantForm,
            may=perms.can_edit_learning,
            records=lambda program: (
                Informant.objects.filter(program=program)
                .select_related("case_type", "institution")
                .order_by("code")
            ),
            create=_create_by_code(services.informant_create),
            change=lambda r, data, actor: services.informant_update(
                informant=r, values=data, actor=actor
            ),
            remove=lambda r, actor: services.informant_delete(informant=r, actor=actor),
        ),
        SetupKind(
            key="interview-guide",
            label=gettext_lazy("Interview guide"),
            model=AnalysisScope,
            form=f.GuideForm,
            may=perms.can_manage_systematization,
            records=lambda program: (
                AnalysisScope.objects.filter(program=program)
                .prefetch_related("categories", "questions")
                .order_by("order", "code")
            ),
            create=_guide_create,
            change=_guide_update,
            remove=lambda r, actor: services.analysis_scope_delete(scope=r, actor=actor),
        ),
        SetupKind(
            key="lessons",
            label=gettext_lazy("Lessons and good practices"),
            model=Lesson,
            form=f.LessonForm,
            may=perms.can_edit_learning,
            records=_by_period(Lesson, "factor__order", "kind", "number"),
            create=lambda p, data, actor: services.lesson_create(
                period=data["period"],
                values={k: v for k, v in data.items() if k != "period"},
                actor=actor,
            ),
            change=lambda r, data, actor: services.lesson_update(
                lesson=r, values=data, actor=actor
            ),
            remove=lambda r, actor: services.lesson_delete(lesson=r, actor=actor),
        ),
        SetupKind(
            key="recommendations",
            label=gettext_lazy("Recommendations"),
            model=Recommendation,
            form=f.RecommendationForm,
            may=perms.can_manage_systematization,
            records=_by_period(Recommendation, "order", "code"),
            create=_recommendation_create,
            change=lambda r, data, actor: services.recommendation_update(
                recommendation=r, values=data, actor=actor
            ),
            remove=lambda r, actor: services.recommendation_delete(recommendation=r, actor=actor),
        ),
    )
}


def _kind(key: str) -> SetupKind:
    if key not in KINDS:
        raise Http404(_("No such kind of setup record."))
    return KINDS[key]


def _record(kind: SetupKind, program: Program, pk: int) -> Any:
    record = kind.records(program).filter(pk=pk).first()
    if record is None:
        raise Http404(_("No such record."))
    return record


def _setup_url(program: Program) -> str:
    return reverse("systematization:setup", kwargs={"code": program.code})


def _context(program: Program, kind: SetupKind, heading: str, **extra: Any) -> dict[str, Any]:
    return {"program": program, "section": "systematization_setup", "heading": heading, **extra}


def setup(request: HttpRequest, code: str) -> HttpResponse:
    """Every setup record of the program's systematization, by kind, with links to add and
    edit for those who may (partners read it)."""
    program = program_for(request, code, may=perms.can_view_working_records)
    groups = [
        {
            "kind": kind,
            "records": list(kind.records(program)),
            "may": kind.may(request.user, program),
        }
        for kind in KINDS.values()
    ]
    return render(
        request,
        "systematization/setup.html",
        {"program": program, "section": "systematization_setup", "groups": groups},
    )


@require_http_methods(["GET", "POST"])
def setup_create(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    spec = _kind(kind)
    program = program_for(request, code, may=spec.may)
    return service_form(
        request,
        form=spec.form(request.POST or None, program=program),
        save=lambda data: spec.create(program, data, request.user),
        template="programs/form_page.html",
        context=_context(program, spec, _("New: %(kind)s") % {"kind": spec.label}),
        success_url=_setup_url(program),
        success_message=_("Saved."),
    )


@require_http_methods(["GET", "POST"])
def setup_update(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    program = program_for(request, code, may=spec.may)
    record = _record(spec, program, pk)
    delete_url = reverse(
        "systematization:setup_delete", kwargs={"code": code, "kind": kind, "pk": pk}
    )
    return service_form(
        request,
        form=spec.form(request.POST or None, instance=record, program=program),
        save=lambda data: spec.change(record, data, request.user),
        template="programs/form_page.html",
        context=_context(program, spec, f"{spec.label}: {record}", delete_url=delete_url),
        success_url=_setup_url(program),
        success_message=_("Saved."),
    )


@require_http_methods(["GET", "POST"])
def setup_delete(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    program = program_for(request, code, may=spec.may)
    record = _record(spec, program, pk)
    return service_form(
        request,
        form=ConfirmForm(request.POST if request.method == "POST" else None),
        save=lambda data: spec.remove(record, request.user),
        template="programs/form_page.html",
        context=_context(
            program,
            spec,
            _("Delete %(record)s?") % {"record": record},
            intro=_("Its last state stays in the change history."),
            submit=_("Delete"),
            cancel=_setup_url(program),
        ),
        record=record,
        success_url=_setup_url(program),
        success_message=_("Deleted."),
    )
