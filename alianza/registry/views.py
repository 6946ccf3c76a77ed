"""Registry pages: the activity list with its filters, one activity, the map of the
registry's country by subdivision and the world map of partner countries, the partner
network, Alianza's own vocabularies, and links from initiatives."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alianza import codelists
from alianza.core.params import filter_status, integer_param
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.programs.permissions import can_edit_program_records, can_view_program, program_for
from alianza.registry import geo, selectors, services
from alianza.registry.choices import InitiativeRelation
from alianza.registry.models import Activity
from alianza.registry.permissions import can_edit_registry, can_import_into_registry
from alianza.registry.vocabularies import ssc_vocabularies

PAGE_SIZE = 50


def filtered(request: HttpRequest, *, shows_errors: bool = False):
    """The activities the user may see, filtered by the query string (and the filterset);
    see `selectors.activities_filtered`."""
    return selectors.activities_filtered(request.user, request.GET, shows_errors=shows_errors)


def _editable_programs(user):
    return [p for p in Program.objects.visible_to(user) if can_edit_registry(user, p)]


def program_registry(request: HttpRequest, code: str) -> HttpResponse:
    program = program_for(request, code, may=can_view_program)
    return redirect(reverse("registry:activity_list") + f"?program={program.code}")


def activity_list(request: HttpRequest) -> HttpResponse:
    activities, filterset = filtered(request, shows_errors=True)
    rows = activities.for_list().order_by("iati_identifier")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "total": page.paginator.count,  # the same rows, counted once
        "can_import": can_import_into_registry(request.user),
        "program": Program.objects.filter(code__iexact=request.GET.get("program", "")).first(),
    }
    template = (
        "registry/partials/activity_table.html"
        if request.htmx and request.htmx.target == "activity-results"
        else "registry/activity_list.html"
    )
    return render(request, template, context, status=filter_status(filterset))


def _get_activity(request: HttpRequest, pk: int) -> Activity:
    activity = (
        Activity.objects.visible_to(request.user)
        .select_related("program", "reporting_organisation")
        .prefetch_related(
            "participating_orgs__organisation",
            "sectors",
            "recipient_countries",
            "locations",
            "budgets",
            "transactions",
            "initiative_links__initiative",
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404(_("No such activity."))
    return activity


def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get_activity(request, pk)
    links = [
        link
        for link in activity.initiative_links.all()
        if Initiative.objects.visible_to(request.user).filter(pk=link.initiative_id).exists()
    ]
    return render(
        request,
        "registry/activity_detail.html",
        {
            "activity": activity,
            "program": activity.program,
            "link_programs": [] if activity.program_id else _editable_programs(request.user),
            "links": links,
            "status_label": codelists.label("ActivityStatus", activity.status),
            "collaboration_label": codelists.label(
                "CollaborationType", activity.collaboration_type
            ),
            "gender_label": codelists.label("PolicySignificance", activity.gender_significance),
            "role_label": geo.country_text(_("Role of %(country)s")),
        },
    )


def _scale(value: Decimal | int, maximum: Decimal | int) -> str:
    """A fill colour from light to dark blue for value/maximum (grey for none)."""
    if not value or not maximum:
        return "#e9ecef"
    share = float(value) / float(maximum)
    steps = ["#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c"]
    return steps[min(int(share * len(steps)), len(steps) - 1)]


def activity_map(request: HttpRequest) -> HttpResponse:
    """The registry's country by subdivision, coloured by activities or amounts (drawn
    where the product ships its boundaries), and the partner countries on the world map."""
    activities, filterset = filtered(request)
    measure = "amount" if request.GET.get("measure") == "amount" else "activities"
    currency = (request.GET.get("currency") or "USD").upper()[:3]
    totals = selectors.subdivision_totals(activities, currency)
    maximum = max((t[measure] for t in totals), default=0)
    geometry = geo.map_geometry()
    paths = {shape["code"]: shape["path"] for shape in (geometry or {}).get("shapes", [])}
    query = request.GET.copy()
    rows = []
    for total in totals:
        query["subdivision"] = total["subdivision"]
        rows.append(
            {
                **total,
                "path": paths.get(total["subdivision"], ""),
                "fill": _scale(total[measure], maximum),
                "url": reverse("registry:activity_list") + "?" + query.urlencode(),
            }
        )
    return render(
        request,
        "registry/map.html",
        {
            "filter": filterset,
            "rows": rows,
            "shapes": [row for row in rows if row["path"]],
            "geometry": geometry,
            "country_name": geo.country_name(),
            "national_vocabulary": geo.national_vocabulary(),
            "measure": measure,
            "currency": currency,
            "countries": selectors.country_totals(activities),
            "total": activities.count(),
        },
    )


def map_data(request: HttpRequest) -> JsonResponse:
    activities, _filterset = filtered(request)
    currency = (request.GET.get("currency") or "USD").upper()[:3]
    return JsonResponse(
        {
            "subdivisions": [
                {**t, "amount": str(t["amount"])}
                for t in selectors.subdivision_totals(activities, currency)
            ],
            "countries": selectors.country_totals(activities),
        }
    )


def network(request: HttpRequest) -> HttpResponse:
    activities, filterset = filtered(request, shows_errors=True)
    graph = selectors.partner_network(activities)
    return render(
        request,
        "registry/network.html",
        {"filter": filterset, "graph": graph, "total": activities.count()},
        status=filter_status(filterset),
    )


def network_data(request: HttpRequest) -> JsonResponse:
    activities, _filterset = filtered(request)
    return JsonResponse(selectors.partner_network(activities))


def vocabulary(request: HttpRequest, name: str) -> HttpResponse:
    """One of Alianza's own vocabularies, named by IATI tags' vocabulary-uri."""
    vocabularies = ssc_vocabularies()
    if name not in vocabularies:
        raise Http404(_("No such vocabulary."))
    field, choices = vocabularies[name]
    return render(
        request,
        "registry/vocabulary.html",
        {
            "name": name,
            "title": geo.country_text(_("Role of %(country)s"))
            if field == "country_role"
            else Activity._meta.get_field(field).verbose_name,
            "choices": choices.choices,
        },
    )


@require_POST
def initiative_link(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Link an initiative to a registry activity (or remove the link)."""
    program = program_for(request, code, may=can_view_program)
    initiative = (
        Initiative.objects.visible_to(request.user).filter(program=program, number=number).first()
    )
    if initiative is None:
        raise Http404(_("No such initiative."))
    if not can_edit_program_records(request.user, program):
        raise PermissionDenied
    identifier = request.POST.get("activity", "").strip()
    activity = Activity.objects.visible_to(request.user).filter(iati_identifier=identifier).first()
    if activity is None:
        messages.error(
            request, _("No registry activity %(id)s that you may see.") % {"id": identifier}
        )
        return redirect(initiative.get_absolute_url())
    try:
        if request.POST.get("remove"):
            link = initiative.registry_links.filter(activity=activity).first()
            if link is not None:
                services.initiative_link_delete(link=link, actor=request.user)
        else:
            relation = request.POST.get("relation") or InitiativeRelation.PRODUCED
            services.initiative_link_set(
                initiative=initiative, activity=activity, relation=relation, actor=request.user
            )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(initiative.get_absolute_url())


@require_POST
def program_activity_link(request: HttpRequest, code: str) -> HttpResponse:
    """Take an activity of no program (the installation's registry) into the program's."""
    program = program_for(request, code, may=can_edit_registry)
    activity = (
        Activity.objects.visible_to(request.user)
        .filter(pk=integer_param(request.POST, "activity") or 0)
        .first()
    )
    if activity is None:
        raise Http404(_("No such activity."))
    try:
        services.activity_link_program(activity=activity, program=program, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(
            request,
            _("Activity %(id)s is now in the registry of %(code)s.")
            % {"id": activity.iati_identifier, "code": program.code},
        )
    return redirect(reverse("registry:activity_detail", kwargs={"pk": activity.pk}))
