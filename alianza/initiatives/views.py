"""Initiative pages: the list (filters, sorting, CSV/XLSX), one initiative, the form,
and the tables by classification (Table 6 of the report)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.exports import csv_response, xlsx_response
from alianza.core.extensions import initiative_panels
from alianza.core.forms import ConfirmForm
from alianza.core.params import check_filterset, filter_status
from alianza.core.views import service_form
from alianza.initiatives import services
from alianza.initiatives.filters import InitiativeFilterSet
from alianza.initiatives.forms import (
    FORMSETS,
    InitiativeForm,
    SchemeForm,
    collected,
    formset_initial,
)
from alianza.initiatives.models import Alignment, ClassificationScheme, Initiative, Involvement
from alianza.initiatives.querysets import InitiativeQuerySet
from alianza.initiatives.selectors import (
    classification_map,
    cost_label,
    export_table,
    initiative_rows,
    list_columns,
    program_totals,
    scheme_table,
)
from alianza.programs.models import Program
from alianza.programs.permissions import (
    Rule,
    can_edit_program_records,
    can_manage_program,
    can_view_internal,
    can_view_program,
    program_for,
)

PAGE_SIZE = 50


def _visible(request: HttpRequest, program: Program) -> InitiativeQuerySet:
    return Initiative.objects.visible_to(request.user).filter(program=program)


def _listed(request: HttpRequest, program: Program) -> InitiativeQuerySet:
    """The program's initiatives for the list, with what its extension columns show."""
    base = _visible(request, program).for_list()
    for column in list_columns():
        if column.prepare is not None:
            base = column.prepare(base, request)
    return base


def _filtered(base: InitiativeQuerySet, filterset: InitiativeFilterSet, status: int):
    if status == 400:
        return base.none()
    return filterset.qs if filterset.is_bound else base.order_by("number")


def _totals(
    request: HttpRequest, program: Program, filterset: InitiativeFilterSet, status: int, count: int
) -> dict:
    """The totals of the filtered initiatives, read over a lean queryset: the list's
    annotations (cost, first start, the extension columns) nested in their subquery cost
    more to build than the totals themselves."""
    lean = _visible(request, program)
    lean = lean.none() if status == 400 else filterset.filter_rows(lean)
    return program_totals(lean, program.currency, count=count)


def initiative_list(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    base = _listed(request, program)
    filterset = InitiativeFilterSet(
        request.GET or None, queryset=base, request=request, program=program
    )
    status = filter_status(filterset)
    initiatives = _filtered(base, filterset, status)
    schemes = filterset.schemes
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        check_filterset(filterset)  # a file of nothing would hide the bad parameter
        headers, values = export_table(initiative_rows(initiatives), schemes, program.currency)
        filename = f"{program.code.lower()}-initiatives"
        if export == "csv":
            return csv_response(filename, headers, values)
        return xlsx_response(filename, _("Initiatives"), headers, values)
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "program": program,
        "filter": filterset,
        "schemes": schemes,
        "page": page,
        "rows": initiative_rows(page.object_list),
        "columns": list_columns(),
        "colspan": len(list_columns()) + 5,
        "totals": _totals(request, program, filterset, status, page.paginator.count),
        "can_create": can_edit_program_records(request.user, program),
        "internal": can_view_internal(request.user, program),
        "ordering": request.GET.get("ordering", "number"),
    }
    template = (
        "initiatives/partials/initiative_table.html"
        if request.htmx and request.htmx.target == "initiative-results"
        else "initiatives/initiative_list.html"
    )
    return render(request, template, context, status=status)


def _get_initiative(
    request: HttpRequest, program: Program, number: int, *, may: Rule | None = None
) -> Initiative:
    """The initiative if the user may see it (404 otherwise, so that an internal one does
    not leak), then if `may(user, program)` allows them (PermissionDenied otherwise)."""
    initiative = (
        _visible(request, program)
        .for_list()
        .select_related("result__version")
        .prefetch_related(
            "costs",
            Prefetch("involvements", queryset=Involvement.objects.select_related("institution")),
            "key_figures",
            Prefetch(
                "alignments",
                queryset=Alignment.objects.select_related(
                    "provision__instrument", "provision__parent__parent"
                ),
            ),
        )
        .filter(number=number)
        .first()
    )
    if initiative is None:
        raise Http404(_("No such initiative."))
    if may is not None and not may(request.user, program):
        raise PermissionDenied
    return initiative


def initiative_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    initiative = _get_initiative(request, program, number)
    schemes = list(ClassificationScheme.objects.filter(program=program).order_by("order", "code"))
    terms = classification_map(initiative)
    classification_rows = [(scheme, terms.get(scheme.code, [])) for scheme in schemes]
    alignments = [a.provision for a in initiative.alignments.all()]
    alignments.sort(key=lambda p: (p.instrument.code, p.code))
    panels = []
    for panel in initiative_panels:
        panel_context = panel.context(initiative, request.user)
        if panel_context is not None:
            panels.append({"template": panel.template, "context": panel_context})
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "program": program,
            "initiative": initiative,
            "classification_rows": classification_rows,
            "alignments": alignments,
            "internal": can_view_internal(request.user, program),
            "can_edit": can_edit_program_records(request.user, program),
            "can_delete": can_manage_program(request.user, program),
            "panels": panels,
        },
    )


def _formsets(
    request: HttpRequest, initiative: Initiative | None, program: Program
) -> dict[str, Any]:
    initial = formset_initial(initiative)
    data = request.POST if request.method == "POST" else None
    form_kwargs = {"costs": {"currency": program.currency}}
    return {
        key: formset_class(
            data,
            prefix=key,
            initial=None if data else initial[key],
            form_kwargs=form_kwargs.get(key, {}),
        )
        for key, formset_class in FORMSETS.items()
    }


def _edit(request: HttpRequest, program: Program, initiative: Initiative | None) -> HttpResponse:
    """The initiative form with the formsets of what it owns, through `service_form`."""
    form = InitiativeForm(
        request.POST or None,
        instance=initiative or Initiative(program=program),
        program=program,
        can_publish=can_manage_program(request.user, program),
    )
    formsets = _formsets(request, initiative, program)

    def save(cleaned_data: dict[str, Any]) -> Initiative:
        data = form.to_service_data()
        for key, formset in formsets.items():
            data[key] = collected(formset)
        if initiative is None:
            return services.initiative_create(program=program, data=data, actor=request.user)
        return services.initiative_update(initiative=initiative, data=data, actor=request.user)

    done = (
        _("Initiative %(number)s created.")
        if initiative is None
        else _("Initiative %(number)s saved.")
    )
    return service_form(
        request,
        form=form,
        formsets=formsets,
        save=save,
        template="initiatives/initiative_form.html",
        context={"program": program, "initiative": initiative},
        success_url=lambda saved: saved.get_absolute_url(),
        success_message=lambda saved: done % {"number": saved.number},
    )


@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_edit_program_records)
    return _edit(request, program, None)


@require_http_methods(["GET", "POST"])
def initiative_update(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    initiative = _get_initiative(request, program, number, may=can_edit_program_records)
    return _edit(request, program, initiative)


@require_http_methods(["GET", "POST"])
def initiative_delete(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    initiative = _get_initiative(request, program, number, may=can_manage_program)
    if request.method == "POST":
        try:
            services.initiative_delete(initiative=initiative, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(initiative.get_absolute_url())
        messages.success(
            request,
            _("Initiative %(number)s deleted; its last state is kept in the change history.")
            % {"number": number},
        )
        return redirect("initiatives:initiative_list", code=program.code)
    return render(
        request,
        "initiatives/initiative_confirm_delete.html",
        {"program": program, "initiative": initiative},
    )


def classification_index(request: HttpRequest, code: str) -> HttpResponse:
    """The first classification table of the program (for PROCAP, Table 6)."""
    program = program_for(request, code, may=can_view_program)
    first = ClassificationScheme.objects.filter(program=program).order_by("order", "code").first()
    if first is None:
        return render(
            request,
            "initiatives/classification_table.html",
            {"program": program, "schemes": [], "scheme": None, "table": None},
        )
    return redirect("initiatives:classification_table", code=program.code, scheme=first.code)


def classification_table(request: HttpRequest, code: str, scheme: str) -> HttpResponse:
    """Initiatives by the terms of one scheme; for support_dimension, the report's Table 6."""
    program = program_for(request, code, may=can_view_program)
    schemes = list(
        ClassificationScheme.objects.filter(program=program)
        .prefetch_related("terms")
        .order_by("order", "code")
    )
    current = next((s for s in schemes if s.code == scheme), None)
    if current is None:
        raise Http404(_("No such classification scheme."))
    initiatives = _visible(request, program).for_list().order_by("number")
    table = scheme_table(current, initiatives)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        headers = [current.name, _("Initiatives"), _("Count"), cost_label(program.currency)]
        values = [
            [
                "  " * row.depth + row.term.name,
                "; ".join(f"{i.number}. {i.title}" for i in row.initiatives),
                row.count,
                row.cost,
            ]
            for row in table.rows
        ]
        filename = f"{program.code.lower()}-{current.code}"
        if export == "csv":
            return csv_response(filename, headers, values)
        return xlsx_response(filename, current.name, headers, values)
    return render(
        request,
        "initiatives/classification_table.html",
        {
            "program": program,
            "schemes": schemes,
            "scheme": current,
            "table": table,
        },
    )


# --- Setup: the program's classification schemes and their terms ---------------------------


def scheme_setup(request: HttpRequest, code: str) -> HttpResponse:
    """The program's classification schemes with their terms (partners read them;
    coordinators add, change and remove them)."""
    program = program_for(request, code)
    schemes = program.classification_schemes.prefetch_related("terms__parent").order_by(
        "order", "code"
    )
    return render(
        request,
        "initiatives/scheme_setup.html",
        {
            "program": program,
            "section": "classification_setup",
            "schemes": schemes,
            "can_manage": can_manage_program(request.user, program),
        },
    )


def _scheme_setup_url(program: Program) -> str:
    return reverse("initiatives:scheme_setup", kwargs={"code": program.code})


def _scheme_data(data: dict[str, Any]) -> tuple[str, list, dict[str, Any]]:
    values = dict(data)
    return values.pop("code", ""), values.pop("terms", []), values


@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_manage_program)

    def save(data: dict[str, Any]) -> ClassificationScheme:
        scheme_code, terms, values = _scheme_data(data)
        return services.scheme_create(
            program=program, code=scheme_code, values=values, terms=terms, actor=request.user
        )

    return service_form(
        request,
        form=SchemeForm(request.POST or None),
        save=save,
        template="programs/form_page.html",
        context={
            "program": program,
            "section": "classification_setup",
            "heading": _("New classification scheme"),
        },
        success_url=_scheme_setup_url(program),
        success_message=_("Classification scheme saved."),
    )


def _scheme(program: Program, scheme: str) -> ClassificationScheme:
    found = ClassificationScheme.objects.filter(program=program, code=scheme).first()
    if found is None:
        raise Http404(_("No such classification scheme."))
    return found


@require_http_methods(["GET", "POST"])
def scheme_update(request: HttpRequest, code: str, scheme: str) -> HttpResponse:
    program = program_for(request, code, may=can_manage_program)
    record = _scheme(program, scheme)

    def save(data: dict[str, Any]) -> ClassificationScheme:
        _code, terms, values = _scheme_data(data)
        return services.scheme_update(scheme=record, values=values, terms=terms, actor=request.user)

    return service_form(
        request,
        form=SchemeForm(request.POST or None, instance=record),
        save=save,
        template="programs/form_page.html",
        context={
            "program": program,
            "section": "classification_setup",
            "heading": record.name,
            "delete_url": reverse(
                "initiatives:scheme_delete", kwargs={"code": code, "scheme": scheme}
            ),
        },
        success_url=_scheme_setup_url(program),
        success_message=_("Classification scheme saved."),
    )


@require_http_methods(["GET", "POST"])
def scheme_delete(request: HttpRequest, code: str, scheme: str) -> HttpResponse:
    program = program_for(request, code, may=can_manage_program)
    record = _scheme(program, scheme)
    return service_form(
        request,
        form=ConfirmForm(request.POST if request.method == "POST" else None),
        save=lambda data: services.scheme_delete(scheme=record, actor=request.user),
        template="programs/form_page.html",
        context={
            "program": program,
            "section": "classification_setup",
            "heading": _("Delete %(record)s?") % {"record": record.name},
            "intro": _("Its last state stays in the change history."),
            "submit": _("Delete"),
            "cancel": _scheme_setup_url(program),
        },
        record=record,
        success_url=_scheme_setup_url(program),
        success_message=_("Classification scheme deleted."),
    )
