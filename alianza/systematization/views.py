"""Systematization pages: the analysis matrix with flagships, assessment entry and
consolidation, figures (SVG, PNG, CSV), lessons (Table 7), recommendations with their
follow-up, informants, interviews with their coded excerpts and the coded evidence, and
the report (HTML, PDF, XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alianza.core.concurrency import StaleVersion, save_if_current
from alianza.core.exports import csv_response
from alianza.core.params import filter_status, refuse
from alianza.core.views import deny
from alianza.programs.views import get_visible_program
from alianza.systematization import figures as figure_module
from alianza.systematization import permissions as perms
from alianza.systematization import report as report_module
from alianza.systematization import selectors, services
from alianza.systematization.filters import ExcerptFilterSet, InterviewFilterSet
from alianza.systematization.forms import (
    AssessmentForm,
    ExcerptForm,
    FollowUpForm,
    InterviewForm,
    KeyActionForm,
    MentionForm,
    ResponseForm,
    SettleForm,
)
from alianza.systematization.models import (
    AnalysisScope,
    Assessment,
    CaseType,
    Excerpt,
    Informant,
    Interview,
    KeyAction,
    Nomination,
    Recommendation,
    SystematizationPeriod,
)


def _base(request: HttpRequest, code: str, *, tab: str) -> dict:
    program = get_visible_program(request, code)
    period = selectors.pick_period(program, request.GET.get("period"), strict=True)
    user = request.user
    return {
        "program": program,
        "period": period,
        "periods": selectors.program_periods(program),
        "subtab": tab,
        "internal": perms.can_view_working_records(user, program),
        "can_assess": perms.can_assess(user, program),
        "can_consolidate": perms.can_consolidate(user, program),
        "can_edit_learning": perms.can_edit_learning(user, program),
    }


def _period_query(period) -> str:
    return f"?period={period.code}" if period else ""


def _initiative(request, program, number: int):
    initiative = selectors.visible_initiatives(request.user, program).filter(number=number).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    return initiative


def _language() -> str:
    return (get_language() or "es")[:2]


# --- matrix -------------------------------------------------------------------------------------


def overview(request: HttpRequest, code: str) -> HttpResponse:
    """The analysis matrix (Figure 9), flagships, special mentions and their coverage."""
    context = _base(request, code, tab="matrix")
    context["matrix"] = selectors.criteria_matrix(
        context["program"], context["period"], request.user
    )
    return render(request, "systematization/overview.html", context)


# --- assessment ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """The signed-in assessor's own assessment of one initiative."""
    context = _base(request, code, tab="matrix")
    program, period = context["program"], context["period"]
    initiative = _initiative(request, program, number)
    if not context["can_assess"]:
        return deny(request)
    if period is None:
        raise Http404(_("This program has no systematization period."))
    assessment = (
        Assessment.objects.filter(period=period, initiative=initiative, assessor=request.user)
        .prefetch_related("items__excerpts")
        .first()
    )
    criteria = period.criteria_set.criteria.order_by("number")
    form = AssessmentForm(
        request.POST or None,
        criteria=criteria,
        assessment=assessment,
        excerpts=selectors.citable_excerpts(period, initiative),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                period=period,
                initiative=initiative,
                items=form.items(_language()),
                actor=request.user,
            )
            messages.success(
                request,
                _("Your assessment of initiative %(number)s is saved.") % {"number": number},
            )
            return redirect(
                reverse("systematization:consolidate", kwargs={"code": code, "number": number})
                + _period_query(period)
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
    context |= {"initiative": initiative, "form": form, "assessment": assessment}
    return render(
        request,
        "systematization/assess.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _consolidation_context(request, context, initiative) -> dict:
    data = selectors.consolidation(context["period"], initiative)
    result = data["result"]
    initial = (
        {
            "is_special_mention": result.is_special_mention,
            "special_mention_reason_en": result.special_mention_reason_en,
            "special_mention_reason_es": result.special_mention_reason_es,
        }
        if result
        else None
    )
    return context | data | {"initiative": initiative, "mention_form": MentionForm(initial=initial)}


def consolidate(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Every assessor's verdicts, where they disagree, and the consolidated result."""
    context = _base(request, code, tab="matrix")
    if not context["internal"]:
        return deny(request)
    if context["period"] is None:
        raise Http404(_("This program has no systematization period."))
    initiative = _initiative(request, context["program"], number)
    return render(
        request,
        "systematization/consolidate.html",
        _consolidation_context(request, context, initiative),
    )


@require_POST
def consolidate_create(request: HttpRequest, code: str, number: int) -> HttpResponse:
    context = _base(request, code, tab="matrix")
    if not context["can_consolidate"]:
        return deny(request)
    initiative = _initiative(request, context["program"], number)
    try:
        services.consolidated_result_create(
            period=context["period"], initiative=initiative, actor=request.user
        )
        messages.success(request, _("Consolidated result created."))
    except ValidationError as exc:
        for message_list in exc.message_dict.values():
            for message in message_list:
                messages.error(request, message)
    return redirect(
        reverse("systematization:consolidate", kwargs={"code": code, "number": number})
        + _period_query(context["period"])
    )


@require_POST
def consolidate_settle(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Settle one criterion; an htmx request gets the row back."""
    context = _base(request, code, tab="matrix")
    if not context["can_consolidate"]:
        return deny(request)
    initiative = _initiative(request, context["program"], number)
    data = selectors.consolidation(context["period"], initiative)
    if data["result"] is None:
        raise Http404(_("No consolidated result yet."))
    form = SettleForm(request.POST)
    error = ""
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            services.consolidated_value_settle(
                result=data["result"],
                criterion=form.cleaned_data["criterion"],
                value=form.cleaned_data["value"] or None,
                actor=request.user,
                **{f"reason_{_language()}": reason},
            )
        except ValidationError as exc:
            error = " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    else:
        error = " ".join(m for msgs in form.errors.values() for m in msgs)
    if request.htmx:
        fresh = _consolidation_context(request, context, initiative)
        row = next(
            (r for r in fresh["rows"] if r.criterion.code == request.POST.get("criterion")), None
        )
        if row is None:
            raise Http404
        return render(
            request,
            "systematization/partials/consolidation_row.html",
            fresh | {"row": row, "error": error},
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect(
        reverse("systematization:consolidate", kwargs={"code": code, "number": number})
        + _period_query(context["period"])
    )


@require_POST
def consolidate_mention(request: HttpRequest, code: str, number: int) -> HttpResponse:
    context = _base(request, code, tab="matrix")
    if not context["can_consolidate"]:
        return deny(request)
    initiative = _initiative(request, context["program"], number)
    data = selectors.consolidation(context["period"], initiative)
    if data["result"] is None:
        raise Http404(_("No consolidated result yet."))
    form = MentionForm(request.POST)
    if form.is_valid():
        try:
            services.consolidated_result_update(
                result=data["result"], values=form.cleaned_data, actor=request.user
            )
            messages.success(request, _("Special mention saved."))
            return redirect(
                reverse("systematization:consolidate", kwargs={"code": code, "number": number})
                + _period_query(context["period"])
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
    page = _consolidation_context(request, context, initiative) | {"mention_form": form}
    return render(request, "systematization/consolidate.html", page, status=400)


# --- figures -----------------------------------------------------------------------------------


def figure_list(request: HttpRequest, code: str) -> HttpResponse:
    context = _base(request, code, tab="figures")
    context["figures"] = figure_module.program_figures(
        context["program"], context["period"], request.user
    )
    return render(request, "systematization/figures.html", context)


def figure_download(request: HttpRequest, code: str, key: str, fmt: str) -> HttpResponse:
    """One figure as SVG or PNG, or its data as CSV (?lang=es|en picks the language)."""
    program = get_visible_program(request, code)
    if fmt not in figure_module.FORMATS:
        raise Http404
    lang = request.GET.get("lang")
    with translation.override(lang if lang in ("es", "en") else _language()):
        period = selectors.pick_period(program, request.GET.get("period"), strict=True)
        figure = figure_module.find_figure(
            figure_module.program_figures(program, period, request.user), key
        )
        if figure is None:
            raise Http404(_("No such figure."))
        filename = f"{program.code.lower()}-{key}"
        if fmt == "csv":
            return csv_response(filename, figure.headers, figure.rows)
        content = figure_module.render(figure, fmt)
    response = HttpResponse(content, content_type="image/svg+xml" if fmt == "svg" else "image/png")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# --- lessons and recommendations ----------------------------------------------------------------


def lessons(request: HttpRequest, code: str) -> HttpResponse:
    context = _base(request, code, tab="lessons")
    table = selectors.lessons_by_factor(context["program"], context["period"], request.user)
    notes = {
        lesson.source_note
        for group in table
        for lesson in group.lessons + group.good_practices
        if lesson.source_note
    }
    context |= {"table": table, "notes": sorted(notes, key=len)}
    return render(request, "systematization/lessons.html", context)


def recommendation_list(request: HttpRequest, code: str) -> HttpResponse:
    context = _base(request, code, tab="recommendations")
    program, period = context["program"], context["period"]
    user = request.user
    context["recommendations"] = selectors.recommendations(program, period, user)
    if context["internal"]:
        context["summary"] = selectors.follow_up_summary(program, period)
        institution = user.institution if user.is_authenticated else None
        context["respond_as"] = (
            institution
            if institution is not None and perms.can_respond_for(user, program, institution)
            else None
        )
        context["response_form"] = ResponseForm()
        context["action_form"] = KeyActionForm(program=program)
        context["follow_up_form"] = FollowUpForm()
    return render(request, "systematization/recommendations.html", context)


def _recommendation(request, code: str, rec: str):
    context = _base(request, code, tab="recommendations")
    if not context["internal"]:
        raise Http404
    recommendation = get_object_or_404(Recommendation, period=context["period"], code=rec)
    return context, recommendation


def _back(context) -> HttpResponse:
    return redirect(
        reverse("systematization:recommendation_list", kwargs={"code": context["program"].code})
        + _period_query(context["period"])
    )


def _report_errors(request, form) -> None:
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(
                request, f"{form.fields[field].label}: {error}" if field in form.fields else error
            )


@require_POST
def respond(request: HttpRequest, code: str, rec: str) -> HttpResponse:
    context, recommendation = _recommendation(request, code, rec)
    institution = request.user.institution
    if institution is None or not perms.can_respond_for(
        request.user, context["program"], institution
    ):
        return deny(request)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.management_response_set(
                recommendation=recommendation,
                institution=institution,
                actor=request.user,
                **form.cleaned_data,
            )
            messages.success(request, _("Response saved."))
        except ValidationError as exc:
            form.add_service_errors(exc)
    _report_errors(request, form)
    return _back(context)


@require_POST
def action_create(request: HttpRequest, code: str, rec: str) -> HttpResponse:
    context, recommendation = _recommendation(request, code, rec)
    if not context["can_edit_learning"]:
        return deny(request)
    form = KeyActionForm(request.POST, program=context["program"])
    if form.is_valid():
        try:
            services.key_action_create(
                recommendation=recommendation, values=form.cleaned_data, actor=request.user
            )
            messages.success(request, _("Key action added."))
        except ValidationError as exc:
            form.add_service_errors(exc)
    _report_errors(request, form)
    return _back(context)


@require_POST
def action_follow_up(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    context = _base(request, code, tab="recommendations")
    if not context["internal"]:
        raise Http404
    action = get_object_or_404(KeyAction, pk=pk, recommendation__period__program=context["program"])
    context["period"] = action.recommendation.period
    if not context["can_edit_learning"]:
        return deny(request)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.key_action_follow_up(action=action, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Follow-up recorded."))
        except ValidationError as exc:
            form.add_service_errors(exc)
    _report_errors(request, form)
    return _back(context)


# --- informants ------------------------------------------------------------------------------


def informants(request: HttpRequest, code: str) -> HttpResponse:
    """Informants by case type, the interview guide, the analysis frame, and the
    informants' nominations crossed with the criteria results (partners only)."""
    context = _base(request, code, tab="informants")
    program, period = context["program"], context["period"]
    if not context["internal"]:
        return deny(request)
    from django.db.models import Count

    context["case_types"] = list(
        CaseType.objects.filter(program=program).annotate(n=Count("informants")).order_by("order")
    )
    context["informants"] = list(
        Informant.objects.filter(program=program)
        .select_related("case_type", "institution")
        .annotate(interviews_n=Count("interviews"))
        .order_by("code")
    )
    context["scopes"] = list(
        AnalysisScope.objects.filter(program=program)
        .prefetch_related("categories", "questions")
        .order_by("order")
    )
    matrix = selectors.criteria_matrix(program, period, request.user)
    context["crossing"] = [row for row in matrix.rows if row.nominations or row.assessed]
    context["interview_count"] = period.interviews.count() if period else 0
    context["nomination_count"] = Nomination.objects.filter(period=period).count() if period else 0
    return render(request, "systematization/informants.html", context)


# --- interviews and coded excerpts ------------------------------------------------------------

INTERVIEW_PAGE_SIZE = 50
#: Filters the page reads from the sub-navigation rather than from its filter form.
_HIDDEN_FILTERS = ("program", "period", "interview")


def _get_interview(request, context, pk: int) -> Interview:
    interview = (
        Interview.objects.internal_to(request.user)
        .filter(period__program=context["program"], pk=pk)
        .select_related("period__program", "informant__case_type", "informant__institution")
        .first()
    )
    if interview is None:
        raise Http404(_("No such interview."))
    context["period"] = interview.period
    return interview


def _get_excerpt(request, context, pk: int) -> Excerpt:
    excerpt = (
        Excerpt.objects.internal_to(request.user)
        .filter(interview__period__program=context["program"], pk=pk)
        .for_display()
        .with_citations()
        .first()
    )
    if excerpt is None:
        raise Http404(_("No such excerpt."))
    context["period"] = excerpt.interview.period
    return excerpt


def _need_period(context) -> SystematizationPeriod:
    if context["period"] is None:
        raise Http404(_("This program has no systematization period."))
    return context["period"]


def interview_list(request: HttpRequest, code: str) -> HttpResponse:
    """The period's interviews, filtered by the informant's case type, institution, date
    and by what their excerpts are coded to (partners only)."""
    context = _base(request, code, tab="interviews")
    if not context["internal"]:
        return deny(request)
    program, period = context["program"], context["period"]
    base = Interview.objects.filter(period=period) if period else Interview.objects.none()
    filterset = InterviewFilterSet(request.GET or None, base, request=request, program=program)
    status = filter_status(filterset)
    interviews = base.none() if status == 400 else filterset.qs if filterset.is_bound else base
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
    context = _base(request, code, tab="interviews")
    if not context["internal"]:
        return deny(request)
    interview = _get_interview(request, context, pk)
    excerpts = list(interview.excerpts.for_display().with_citations().order_by("pk"))
    context |= {
        "interview": interview,
        "excerpts": excerpts,
        "nominations": list(
            Nomination.objects.filter(period=interview.period, informant=interview.informant)
            .select_related("initiative")
            .order_by("initiative__number")
        ),
    }
    if context["can_edit_learning"]:
        context["form"] = _excerpt_form(request, context, data=None)
    return render(request, "systematization/interview_detail.html", context)


def _interview_edit(request, context, interview: Interview | None) -> HttpResponse:
    program = context["program"]
    period = interview.period if interview else _need_period(context)
    initial = None
    if interview is not None:
        initial = {
            "informant": interview.informant_id,
            "held_on": interview.held_on,
            "notes_es": interview.notes_es,
            "notes_en": interview.notes_en,
        }
    elif request.GET.get("informant"):
        informant = Informant.objects.filter(program=program, code=request.GET["informant"]).first()
        initial = {"informant": informant.pk} if informant else None
    form = InterviewForm(
        request.POST or None, initial=initial, program=program, creating=interview is None
    )
    form.track_version(interview)
    if request.method == "POST" and form.is_valid():
        opened = form.opened_version()
        try:
            if interview is None:
                saved = services.interview_create(
                    period=period,
                    number=form.cleaned_data["number"],
                    values=form.values(),
                    actor=request.user,
                )
                messages.success(
                    request, _("Interview %(number)s recorded.") % {"number": saved.number}
                )
            else:
                saved = save_if_current(
                    interview,
                    opened,
                    lambda: services.interview_upsert(
                        period=period,
                        number=interview.number,
                        values=form.values(),
                        actor=request.user,
                    ),
                )
                messages.success(
                    request, _("Interview %(number)s saved.") % {"number": saved.number}
                )
            return redirect("systematization:interview_detail", code=program.code, pk=saved.pk)
        except StaleVersion as stale:
            form.refuse_stale(stale)
        except ValidationError as exc:
            form.add_service_errors(exc)
    context |= {"form": form, "interview": interview, "period": period}
    return render(
        request,
        "systematization/interview_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def interview_create(request: HttpRequest, code: str) -> HttpResponse:
    """Record an interview with an informant (`?informant=<code>` chooses one)."""
    context = _base(request, code, tab="interviews")
    if not context["internal"]:
        return deny(request)
    if not context["can_edit_learning"]:
        return deny(request)
    return _interview_edit(request, context, None)


@require_http_methods(["GET", "POST"])
def interview_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    context = _base(request, code, tab="interviews")
    if not context["internal"]:
        return deny(request)
    interview = _get_interview(request, context, pk)
    if not context["can_edit_learning"]:
        return deny(request)
    return _interview_edit(request, context, interview)


def _excerpt_form(request, context, *, data, excerpt=None) -> ExcerptForm:
    return ExcerptForm(
        data,
        program=context["program"],
        initiatives=selectors.visible_initiatives(request.user, context["program"]),
        excerpt=excerpt,
    )


def _excerpt_saved(request, context, excerpt, *, created: bool) -> HttpResponse:
    if request.htmx:
        fresh = _get_excerpt(request, dict(context), excerpt.pk)
        card = {"excerpt": fresh, "interview": fresh.interview, "highlight": True}
        if created:
            others = Excerpt.objects.filter(interview=fresh.interview).exclude(pk=fresh.pk)
            blank = {
                "form": _excerpt_form(request, context, data=None),
                "first": not others.exists(),
            }
            return render(
                request, "systematization/partials/excerpt_created.html", context | card | blank
            )
        return render(request, "systematization/partials/excerpt.html", context | card)
    messages.success(request, _("Excerpt saved."))
    return redirect(
        reverse(
            "systematization:interview_detail",
            kwargs={"code": context["program"].code, "pk": excerpt.interview_id},
        )
        + f"#excerpt-{excerpt.pk}"
    )


def _excerpt_edit(request, context, interview, excerpt=None) -> HttpResponse:
    form = _excerpt_form(
        request, context, data=request.POST if request.method == "POST" else None, excerpt=excerpt
    )
    form.track_version(excerpt)
    if request.method == "POST" and form.is_valid():
        opened = form.opened_version()
        try:
            saved = save_if_current(
                excerpt,
                opened,
                lambda: services.excerpt_save(
                    interview=interview,
                    excerpt=excerpt,
                    actor=request.user,
                    **form.service_kwargs(),
                ),
            )
        except StaleVersion as stale:
            form.refuse_stale(stale)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return _excerpt_saved(request, context, saved, created=excerpt is None)
    context |= {"form": form, "interview": interview, "excerpt": excerpt}
    status = 400 if request.method == "POST" else 200
    if request.htmx:
        return render(request, "systematization/partials/excerpt_form.html", context, status=status)
    return render(request, "systematization/excerpt_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def excerpt_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Code a new excerpt of interview `pk`; an htmx request gets the blank form back
    with the new excerpt added to the list."""
    context = _base(request, code, tab="interviews")
    if not context["internal"]:
        return deny(request)
    interview = _get_interview(request, context, pk)
    if not context["can_edit_learning"]:
        return deny(request)
    return _excerpt_edit(request, context, interview)


@require_http_methods(["GET", "POST"])
def excerpt_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Change an excerpt's text or codes; with htmx the form replaces the excerpt in place
    and the saved excerpt replaces the form."""
    context = _base(request, code, tab="interviews")
    if not context["internal"]:
        return deny(request)
    excerpt = _get_excerpt(request, context, pk)
    if not context["can_edit_learning"]:
        return deny(request)
    return _excerpt_edit(request, context, excerpt.interview, excerpt)


@require_http_methods(["GET", "POST"])
def excerpt_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    context = _base(request, code, tab="interviews")
    if not context["internal"]:
        return deny(request)
    excerpt = _get_excerpt(request, context, pk)
    if not context["can_edit_learning"]:
        return deny(request)
    back = reverse(
        "systematization:interview_detail",
        kwargs={"code": code, "pk": excerpt.interview_id},
    )
    if request.method == "POST":
        try:
            services.excerpt_delete(excerpt=excerpt, actor=request.user)
        except ValidationError as exc:
            if request.htmx:
                return render(
                    request,
                    "systematization/partials/excerpt.html",
                    context | {"excerpt": excerpt, "error": " ".join(exc.messages)},
                    status=400,
                )
            for message in exc.messages:
                messages.error(request, message)
            return redirect(back + f"#excerpt-{excerpt.pk}")
        if request.htmx:
            return HttpResponse("")
        messages.success(
            request, _("Excerpt deleted; its last state is kept in the change history.")
        )
        return redirect(back)
    context |= {"excerpt": excerpt, "back": back}
    return render(request, "systematization/excerpt_confirm_delete.html", context)


def evidence(request: HttpRequest, code: str) -> HttpResponse:
    """The coded evidence: the period's excerpts by analysis category, initiative or
    success factor (`?by=`), narrowed by the same filters, each linking to its
    interview (partners only)."""
    context = _base(request, code, tab="evidence")
    if not context["internal"]:
        return deny(request)
    program, period = context["program"], context["period"]
    by = request.GET.get("by")
    dimensions = dict(selectors.EVIDENCE_DIMENSIONS)
    if by not in dimensions:
        by = "category"
    base = Excerpt.objects.filter(interview__period=period) if period else Excerpt.objects.none()
    filterset = ExcerptFilterSet(request.GET or None, base, request=request, program=program)
    status = filter_status(filterset)
    excerpts = base.none() if status == 400 else filterset.qs if filterset.is_bound else base
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


# --- report ---------------------------------------------------------------------------------


def report_page(request: HttpRequest, code: str) -> HttpResponse:
    context = _base(request, code, tab="report")
    return render(request, "systematization/report_page.html", context)


def report_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    program = get_visible_program(request, code)
    if fmt not in report_module.FORMATS:
        raise Http404
    period = selectors.pick_period(program, request.GET.get("period"), strict=True)
    try:
        window = report_module.parse_window(request.GET.get("from"), request.GET.get("to"))
    except ValueError as exc:
        refuse("from" if request.GET.get("from") else "to", str(exc))
    content = report_module.build(
        program=program, period=period, user=request.user, fmt=fmt, window=window, request=request
    )
    response = HttpResponse(content, content_type=report_module.CONTENT_TYPES[fmt])
    if fmt != "html":
        name = report_module.filename(program, period, window)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
