"""The evidence from informants: the informants page, interviews with their coded
excerpts (recorded and coded by the editing roles), and the coded evidence by analysis
category, initiative or success factor. All of it is for the program's partners."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alianza.core.params import filter_status
from alianza.core.views import service_form
from alianza.programs.models import Program
from alianza.programs.permissions import program_for
from alianza.systematization import permissions as perms
from alianza.systematization import selectors, services
from alianza.systematization.filters import ExcerptFilterSet, InterviewFilterSet
from alianza.systematization.forms import ExcerptForm, InterviewForm
from alianza.systematization.models import Excerpt, Informant, Interview
from alianza.systematization.views.common import need_period, page_context

INTERVIEW_PAGE_SIZE = 50
#: Filters the page reads from the sub-navigation rather than from its filter form.
_HIDDEN_FILTERS = ("program", "period", "interview")


def _filtered(filterset: Any, base: QuerySet) -> tuple[QuerySet, int]:
    """The rows the filter form asks for and the page's status (400: the filters are
    invalid, and nothing is listed)."""
    status = filter_status(filterset)
    rows = base.none() if status == 400 else filterset.qs if filterset.is_bound else base
    return rows, status


def _interview(request: HttpRequest, context: dict[str, Any], pk: int) -> Interview:
    interview = selectors.page_interview(request.user, context["program"], pk)
    context["period"] = interview.period
    return interview


def _excerpt(request: HttpRequest, context: dict[str, Any], pk: int) -> Excerpt:
    excerpt = selectors.page_excerpt(request.user, context["program"], pk)
    context["period"] = excerpt.interview.period
    return excerpt


def informants(request: HttpRequest, code: str) -> HttpResponse:
    """Informants by case type, the interview guide, the analysis frame, and the
    informants' nominations crossed with the criteria results (partners only)."""
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="informants")
    context |= selectors.informants_overview(program, context["period"], request.user)
    return render(request, "systematization/informants.html", context)


# --- interviews ---------------------------------------------------------------------------------


def interview_list(request: HttpRequest, code: str) -> HttpResponse:
    """The period's interviews, filtered by the informant's case type, institution, date
    and by what their excerpts are coded to (partners only)."""
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="interviews")
    period = context["period"]
    base = Interview.objects.filter(period=period) if period else Interview.objects.none()
    filterset = InterviewFilterSet(request.GET or None, base, request=request, program=program)
    interviews, status = _filtered(filterset, base)
    page = Paginator(interviews.for_list().order_by("number"), INTERVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context |= {"filter": filterset, "page": page, "hidden_filters": _HIDDEN_FILTERS}
    template = (
        "systematization/partials/interview_table.html"
        if request.htmx and request.htmx.target == "interview-results"
        else "systematization/interviews.html"
    )
    return render(request, template, context, status=status)


def interview_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One interview: its informant, its excerpts with their codes and where they are
    cited, the informant's nominations, and (editing roles) the form to code a new
    excerpt."""
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="interviews")
    interview = _interview(request, context, pk)
    context |= {
        "interview": interview,
        "excerpts": list(interview.excerpts.for_display().with_citations().order_by("pk")),
        "nominations": selectors.interview_nominations(interview),
    }
    if context["can_edit_learning"]:
        context["form"] = _excerpt_form(request, context, data=None)
    return render(request, "systematization/interview_detail.html", context)


def _interview_initial(
    request: HttpRequest, program: Program, interview: Interview | None
) -> dict[str, Any] | None:
    """An interview's values, or for a new one the informant `?informant=<code>` names."""
    if interview is not None:
        return {
            "informant": interview.informant_id,
            "held_on": interview.held_on,
            "notes_es": interview.notes_es,
            "notes_en": interview.notes_en,
        }
    if request.GET.get("informant"):
        informant = Informant.objects.filter(program=program, code=request.GET["informant"]).first()
        return {"informant": informant.pk} if informant else None
    return None


def _interview_form_page(
    request: HttpRequest, context: dict[str, Any], interview: Interview | None
) -> HttpResponse:
    program = context["program"]
    period = interview.period if interview else need_period(context)
    form = InterviewForm(
        request.POST or None,
        initial=_interview_initial(request, program, interview),
        program=program,
        creating=interview is None,
    )

    def save(cleaned: dict[str, Any]) -> Interview:
        if interview is None:
            return services.interview_create(
                period=period, number=cleaned["number"], values=form.values(), actor=request.user
            )
        return services.interview_upsert(
            period=period, number=interview.number, values=form.values(), actor=request.user
        )

    def saved_message(saved: Interview) -> HttpResponse:
        done = (
            _("Interview %(number)s recorded.")
            if interview is None
            else _("Interview %(number)s saved.")
        )
        messages.success(request, done % {"number": saved.number})
        return redirect("systematization:interview_detail", code=program.code, pk=saved.pk)

    return service_form(
        request,
        form=form,
        save=save,
        template="systematization/interview_form.html",
        context=context | {"interview": interview, "period": period},
        success_url=None,
        record=interview,
        on_success=saved_message,
    )


@require_http_methods(["GET", "POST"])
def interview_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record an interview with an informant (`?informant=<code>` chooses one)."""
    program = program_for(request, code, may=perms.can_edit_learning)
    context = page_context(request, program, tab="interviews")
    return _interview_form_page(request, context, None)


@require_http_methods(["GET", "POST"])
def interview_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="interviews")
    interview = _interview(request, context, pk)
    if not context["can_edit_learning"]:
        raise PermissionDenied
    return _interview_form_page(request, context, interview)


# --- coded excerpts -----------------------------------------------------------------------------


def _excerpt_form(
    request: HttpRequest, context: dict[str, Any], *, data: Any, excerpt: Excerpt | None = None
) -> ExcerptForm:
    return ExcerptForm(
        data,
        program=context["program"],
        initiatives=selectors.visible_initiatives(request.user, context["program"]),
        excerpt=excerpt,
    )


def _excerpt_saved(
    request: HttpRequest, context: dict[str, Any], excerpt: Excerpt, *, created: bool
) -> HttpResponse:
    """htmx: the saved excerpt (and, once created, a blank form for the next); otherwise
    back to the interview, at the excerpt."""
    if request.htmx:
        fresh = _excerpt(request, dict(context), excerpt.pk)
        card = {"excerpt": fresh, "interview": fresh.interview, "highlight": True}
        if not created:
            return render(request, "systematization/partials/excerpt.html", context | card)
        others = Excerpt.objects.filter(interview=fresh.interview).exclude(pk=fresh.pk)
        blank = {"form": _excerpt_form(request, context, data=None), "first": not others.exists()}
        return render(
            request, "systematization/partials/excerpt_created.html", context | card | blank
        )
    messages.success(request, _("Excerpt saved."))
    return redirect(
        reverse(
            "systematization:interview_detail",
            kwargs={"code": context["program"].code, "pk": excerpt.interview_id},
        )
        + f"#excerpt-{excerpt.pk}"
    )


def _excerpt_form_page(
    request: HttpRequest,
    context: dict[str, Any],
    interview: Interview,
    excerpt: Excerpt | None = None,
) -> HttpResponse:
    form = _excerpt_form(
        request, context, data=request.POST if request.method == "POST" else None, excerpt=excerpt
    )
    return service_form(
        request,
        form=form,
        save=lambda cleaned: services.excerpt_save(
            interview=interview, excerpt=excerpt, actor=request.user, **form.service_kwargs()
        ),
        template="systematization/partials/excerpt_form.html"
        if request.htmx
        else "systematization/excerpt_form.html",
        context=context | {"interview": interview, "excerpt": excerpt},
        success_url=None,
        record=excerpt,
        on_success=lambda saved: _excerpt_saved(request, context, saved, created=excerpt is None),
    )


@require_http_methods(["GET", "POST"])
def excerpt_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Code a new excerpt of interview `pk`; an htmx request gets the blank form back
    with the new excerpt added to the list."""
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="interviews")
    interview = _interview(request, context, pk)
    if not context["can_edit_learning"]:
        raise PermissionDenied
    return _excerpt_form_page(request, context, interview)


@require_http_methods(["GET", "POST"])
def excerpt_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Change an excerpt's text or codes; with htmx the form replaces the excerpt in place
    and the saved excerpt replaces the form."""
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="interviews")
    excerpt = _excerpt(request, context, pk)
    if not context["can_edit_learning"]:
        raise PermissionDenied
    return _excerpt_form_page(request, context, excerpt.interview, excerpt)


def _excerpt_kept(
    request: HttpRequest,
    context: dict[str, Any],
    excerpt: Excerpt,
    refusal: ValidationError,
    back: str,
) -> HttpResponse:
    """A refused delete (the excerpt is cited): the excerpt with the reason (htmx), or
    back to it with the reason as a message."""
    if request.htmx:
        return render(
            request,
            "systematization/partials/excerpt.html",
            context | {"excerpt": excerpt, "error": " ".join(refusal.messages)},
            status=400,
        )
    for message in refusal.messages:
        messages.error(request, message)
    return redirect(back + f"#excerpt-{excerpt.pk}")


@require_http_methods(["GET", "POST"])
def excerpt_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="interviews")
    excerpt = _excerpt(request, context, pk)
    if not context["can_edit_learning"]:
        raise PermissionDenied
    back = reverse(
        "systematization:interview_detail", kwargs={"code": code, "pk": excerpt.interview_id}
    )
    if request.method != "POST":
        context |= {"excerpt": excerpt, "back": back}
        return render(request, "systematization/excerpt_confirm_delete.html", context)
    try:
        services.excerpt_delete(excerpt=excerpt, actor=request.user)
    except ValidationError as refusal:
        return _excerpt_kept(request, context, excerpt, refusal, back)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("Excerpt deleted; its last state is kept in the change history."))
    return redirect(back)


# --- coded evidence -----------------------------------------------------------------------------


def evidence(request: HttpRequest, code: str) -> HttpResponse:
    """The coded evidence: the period's excerpts by analysis category, initiative or
    success factor (`?by=`), narrowed by the same filters, each linking to its
    interview (partners only)."""
    program = program_for(request, code, may=perms.can_view_working_records)
    context = page_context(request, program, tab="evidence")
    period = context["period"]
    dimensions = dict(selectors.EVIDENCE_DIMENSIONS)
    by = request.GET.get("by")
    if by not in dimensions:
        by = "category"
    base = Excerpt.objects.filter(interview__period=period) if period else Excerpt.objects.none()
    filterset = ExcerptFilterSet(request.GET or None, base, request=request, program=program)
    excerpts, status = _filtered(filterset, base)
    rows = list(excerpts.for_display().order_by("interview__number", "pk"))
    groups = selectors.coded_evidence(rows, by=by, program=program, user=request.user)
    context |= {
        "filter": filterset,
        "by": by,
        "dimensions": selectors.EVIDENCE_DIMENSIONS,
        "dimension_label": dimensions[by],
        "groups": groups,
        "without_evidence": [g for g in groups if g.code is not None and not g.excerpts],
        "excerpt_count": len(rows),
        "hidden_filters": _HIDDEN_FILTERS,
    }
    return render(request, "systematization/evidence.html", context, status=status)
