"""The systematization under /api/v1/: criteria sets, periods, assessments, consolidated
results and the matrix, interviews and their coded excerpts, lessons, recommendations,
management responses, key actions and each figure's data. Writes go through the same
services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from alianza.accounts.models import Institution
from alianza.core.api import ReadOnlyForAll, VersionedMixin
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.systematization import figures as figure_module
from alianza.systematization import filters, selectors, services
from alianza.systematization import permissions as perms
from alianza.systematization.api import serializers as s
from alianza.systematization.models import (
    AnalysisCategory,
    Assessment,
    AssessmentItem,
    ConsolidatedResult,
    CriteriaSet,
    Excerpt,
    Interview,
    KeyAction,
    Lesson,
    ManagementResponse,
    Question,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)


class ReadForAllWriteSignedIn(permissions.BasePermission):
    """Anyone reads what the queryset shows them; writing needs a signed-in user, and the
    service decides whether that user may."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


def _program(request, code: str | None) -> Program:
    if not code:
        raise ApiValidationError({"program": [_("Give a program code.")]})
    program = Program.objects.visible_to(request.user).filter(code__iexact=code).first()
    if program is None:
        raise Http404(_("No such program."))
    return program


def _period(program, code: str | None) -> SystematizationPeriod:
    period = selectors.pick_period(program, code, strict=True)
    if period is None:
        raise ApiValidationError({"period": [_("The program has no systematization period.")]})
    return period


def _initiative(request, program, number: int) -> Initiative:
    initiative = selectors.visible_initiatives(request.user, program).filter(number=number).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    return initiative


PROGRAM_PARAMS = [
    OpenApiParameter("program", OpenApiTypes.STR, description="Program code"),
    OpenApiParameter("period", OpenApiTypes.STR, description="Period code (default: latest)"),
]


class CriteriaSetViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Each program's good-practice criteria and its flagship rule."""

    serializer_class = s.CriteriaSetSerializer
    permission_classes = [ReadOnlyForAll]
    filterset_class = filters.CriteriaSetFilterSet

    def get_queryset(self):
        return (
            CriteriaSet.objects.visible_to(self.request.user)
            .select_related("program", "balance_scheme")
            .prefetch_related("criteria")
            .order_by("program__code", "code")
        )


class PeriodViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Systematization periods (rounds) of each program."""

    serializer_class = s.PeriodSerializer
    permission_classes = [ReadOnlyForAll]
    filterset_class = filters.PeriodFilterSet

    def get_queryset(self):
        return (
            SystematizationPeriod.objects.visible_to(self.request.user)
            .select_related("program", "criteria_set")
            .order_by("program__code", "-end_date")
        )


class AssessmentViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Each assessor's scoring of an initiative (partners only). POST records your own
    assessment, or changes it: {program, period, initiative, items: {criterion: {value,
    evidence_en, links, excerpts}}}."""

    serializer_class = s.AssessmentSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.AssessmentFilterSet

    def get_queryset(self):
        return (
            Assessment.objects.internal_to(self.request.user)
            .select_related("period__program", "initiative", "assessor")
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=AssessmentItem.objects.select_related("criterion")
                    .prefetch_related("excerpts")
                    .order_by("criterion__number"),
                )
            )
            .order_by("period__program__code", "initiative__number", "assessor_label")
        )

    @extend_schema(request=s.AssessmentInputSerializer, responses=s.AssessmentSerializer)
    def create(self, request, *args, **kwargs):
        data = s.AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        program = _program(request, values["program"])
        period = _period(program, values.get("period"))
        initiative = _initiative(request, program, values["initiative"])
        assessment = services.assessment_save(
            period=period,
            initiative=initiative,
            items=values["items"],
            values={k: values[k] for k in ("notes_en", "notes_es") if k in values},
            actor=request.user,
        )
        return Response(
            s.AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def destroy(self, request, *args, **kwargs):
        services.assessment_delete(assessment=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConsolidatedResultViewSet(
    VersionedMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Consolidated results with their computed count of criteria met and flagship
    status. POST consolidates an initiative's assessments (coordinators; one result per
    initiative and period); PATCH changes the special mention; POST .../settle/ settles
    a criterion."""

    serializer_class = s.ConsolidatedResultSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.ResultFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            ConsolidatedResult.objects.visible_to(self.request.user)
            .with_counts()
            .select_related("period__program", "initiative")
            .prefetch_related("values__criterion")
            .order_by("period__program__code", "initiative__number")
        )

    def _read(self, result, code=status.HTTP_200_OK):
        return Response(
            s.ConsolidatedResultSerializer(self.get_queryset().get(pk=result.pk)).data, status=code
        )

    @extend_schema(request=s.ConsolidateInputSerializer, responses=s.ConsolidatedResultSerializer)
    def create(self, request, *args, **kwargs):
        data = s.ConsolidateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = _program(request, data.validated_data["program"])
        period = _period(program, data.validated_data.get("period"))
        initiative = _initiative(request, program, data.validated_data["initiative"])
        result = services.consolidated_result_create(
            period=period, initiative=initiative, actor=request.user
        )
        return self._read(result, status.HTTP_201_CREATED)

    @extend_schema(request=s.MentionInputSerializer, responses=s.ConsolidatedResultSerializer)
    def partial_update(self, request, *args, **kwargs):
        result = self.get_object()
        data = s.MentionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.consolidated_result_update(
            result=result, values=data.validated_data, actor=request.user
        )
        return self._read(result)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.SettleInputSerializer, responses=s.ConsolidatedResultSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        result = self.get_object()
        data = s.SettleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.consolidated_value_settle(result=result, actor=request.user, **data.validated_data)
        return self._read(result)


class InterviewViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Interviews with the program's informants, known by code, case type and institution,
    never by name (partners only). Filter by `case_type`, `institution`, `informant`,
    `held_from`/`held_to`, and by what their excerpts are coded to: `category` (analysis
    category code), `initiative` (number), `factor` (success factor code)."""

    serializer_class = s.InterviewSerializer
    permission_classes = [ReadOnlyForAll]
    filterset_class = filters.InterviewFilterSet

    def get_queryset(self):
        return (
            Interview.objects.internal_to(self.request.user)
            .for_list()
            .order_by("period__program__code", "-period__end_date", "number")
        )


def _excerpt_codes(program, data: dict) -> dict:
    """The service's arguments from the API's codes: question as scope/number, analysis
    categories by code (scope/code where a code is in several scopes), initiatives by
    number, success factors by code. What is not given is left out (stays as it is)."""
    errors: dict[str, list[str]] = {}
    values = {key: data[key] for key in ("text_en", "text_es") if key in data}
    kwargs: dict = {"values": values}
    if "question" in data:
        ref = data["question"] or ""
        scope, _sep, number = ref.partition("/")
        question = None
        if ref:
            question = (
                Question.objects.filter(
                    scope__program=program, scope__code=scope, number=int(number)
                )
                .select_related("scope")
                .first()
                if number.isdigit()
                else None
            )
            if question is None:
                errors["question"] = [
                    _("The interview guide of %(program)s has no question '%(ref)s'.")
                    % {"program": program.code, "ref": ref}
                ]
        values["question"] = question
    if "categories" in data:
        available = list(
            AnalysisCategory.objects.filter(scope__program=program).select_related("scope")
        )
        kwargs["categories"] = []
        for ref in data["categories"]:
            scope, sep, code = ref.rpartition("/")
            matches = [
                c for c in available if c.code == code and (not sep or c.scope.code == scope)
            ]
            if len(matches) == 1:
                kwargs["categories"].append(matches[0])
            elif matches:
                errors.setdefault("categories", []).append(
                    _("'%(code)s' is a category of several scopes: give scope/code.")
                    % {"code": ref}
                )
            else:
                errors.setdefault("categories", []).append(
                    _("%(program)s has no analysis category '%(code)s'.")
                    % {"program": program.code, "code": ref}
                )
    if "initiatives" in data:
        kwargs["initiatives"] = list(data["initiatives"])
    if "factors" in data:
        factors = {f.code: f for f in SuccessFactor.objects.filter(program=program)}
        kwargs["factors"] = [factors[code] for code in data["factors"] if code in factors]
        for code in data["factors"]:
            if code not in factors:
                errors.setdefault("factors", []).append(
                    _("%(program)s has no success factor '%(code)s'.")
                    % {"program": program.code, "code": code}
                )
    if errors:
        raise ApiValidationError(errors)
    return kwargs


class ExcerptViewSet(
    VersionedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Coded interview excerpts (partners only), with their codes: analysis category
    codes (Table 1), initiative numbers and success factor codes. POST codes a new excerpt
    of an interview (editing roles): {interview, text_en, text_es, question, categories,
    initiatives, factors}; PATCH changes one (a code list left out stays as it is);
    DELETE removes one that no assessment or lesson cites. Filter as the interviews, plus
    `interview` (id) and `q` (words of the text)."""

    serializer_class = s.ExcerptSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.ExcerptFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            Excerpt.objects.internal_to(self.request.user)
            .for_display()
            .order_by("interview__period__program__code", "interview__number", "pk")
        )

    def _read(self, excerpt, code=status.HTTP_200_OK):
        return Response(
            s.ExcerptSerializer(self.get_queryset().get(pk=excerpt.pk)).data, status=code
        )

    def _interview(self, pk) -> Interview:
        interview = (
            Interview.objects.internal_to(self.request.user)
            .select_related("period__program")
            .filter(pk=pk)
            .first()
        )
        if interview is None:
            raise Http404(_("No such interview."))
        return interview

    def _save(self, request, *, interview: Interview, excerpt: Excerpt | None, data: dict):
        program = interview.period.program
        if not perms.can_edit_learning(request.user, program):
            raise PermissionDenied(
                _("You may not code the interviews of %(code)s.") % {"code": program.code}
            )
        return services.excerpt_save(
            interview=interview,
            excerpt=excerpt,
            actor=request.user,
            **_excerpt_codes(program, data),
        )

    @extend_schema(request=s.ExcerptInputSerializer, responses=s.ExcerptSerializer)
    def create(self, request, *args, **kwargs):
        data = s.ExcerptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("interview") is None:
            raise ApiValidationError({"interview": [_("Give the interview's id.")]})
        interview = self._interview(values["interview"])
        excerpt = self._save(request, interview=interview, excerpt=None, data=values)
        return self._read(excerpt, status.HTTP_201_CREATED)

    @extend_schema(request=s.ExcerptInputSerializer, responses=s.ExcerptSerializer)
    def partial_update(self, request, *args, **kwargs):
        excerpt = self.get_object()
        data = s.ExcerptInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        interview = excerpt.interview
        if values.get("interview") not in (None, interview.pk):
            interview = self._interview(values["interview"])
        self._save(request, interview=interview, excerpt=excerpt, data=values)
        return self._read(excerpt)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.excerpt_delete(excerpt=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CriteriaMatrixView(APIView):
    """The analysis matrix of a program's period (Figure 9): initiatives by criteria,
    with the computed count of criteria met, flagships and special mentions."""

    permission_classes = [ReadOnlyForAll]

    @extend_schema(parameters=PROGRAM_PARAMS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        program = _program(request, request.query_params.get("program"))
        period = _period(program, request.query_params.get("period"))
        matrix = selectors.criteria_matrix(program, period, request.user)
        codes = {c.pk: c.code for c in matrix.criteria}
        return Response(
            {
                "program": program.code,
                "period": period.code,
                "criteria_set": period.criteria_set.code,
                "threshold": period.criteria_set.flagship_threshold,
                "criteria": [
                    {
                        "number": c.number,
                        "code": c.code,
                        "name_en": c.name_en,
                        "name_es": c.name_es,
                        "counts_toward_threshold": c.counts_toward_threshold,
                    }
                    for c in matrix.criteria
                ],
                "rows": [
                    {
                        "initiative": row.initiative.number,
                        "title": row.initiative.title,
                        "criteria_met": row.criteria_met,
                        "flagship": row.flagship,
                        "special_mention": row.special_mention,
                        "values": {codes[k]: v for k, v in row.values.items()},
                        "reconstructed": sorted(codes[k] for k in row.reconstructed),
                    }
                    for row in matrix.rows
                ],
                "coverage": [
                    {
                        "term": cov.term.code,
                        "initiatives": cov.initiatives,
                        "flagships": [i.number for i in cov.flagships],
                    }
                    for cov in matrix.coverage
                ],
            }
        )


class LessonViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Lessons learned and good practices by success factor (Table 7)."""

    serializer_class = s.LessonSerializer
    permission_classes = [ReadOnlyForAll]
    filterset_class = filters.LessonFilterSet

    def get_queryset(self):
        visible = Initiative.objects.visible_to(self.request.user).order_by("number")
        return (
            Lesson.objects.visible_to(self.request.user)
            .select_related("period__program", "factor")
            .prefetch_related(Prefetch("initiatives", queryset=visible))
            .order_by("period__program__code", "factor__order", "kind", "number")
        )


class RecommendationViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Recommendations by success factor; partners also see the management responses
    and key actions (others get null)."""

    serializer_class = s.RecommendationSerializer
    permission_classes = [ReadOnlyForAll]
    filterset_class = filters.RecommendationFilterSet

    def get_queryset(self):
        return (
            Recommendation.objects.visible_to(self.request.user)
            .select_related("period__program", "factor")
            .prefetch_related(
                Prefetch(
                    "responses", queryset=ManagementResponse.objects.select_related("institution")
                ),
                Prefetch(
                    "actions",
                    queryset=KeyAction.objects.with_overdue()
                    .select_related("owner", "recommendation")
                    .prefetch_related("updates__author"),
                ),
            )
            .order_by("period__program__code", "order", "code")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["internal_programs"] = set(
            Program.objects.with_internal_access(self.request.user).values_list("pk", flat=True)
        )
        return context


class ManagementResponseViewSet(
    VersionedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Partners' responses to recommendations (partners only). POST answers for your own
    institution (coordinators): {recommendation, response, reason_en, reason_es}."""

    serializer_class = s.ManagementResponseSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.ResponseFilterSet

    def get_queryset(self):
        return (
            ManagementResponse.objects.internal_to(self.request.user)
            .select_related("recommendation", "institution")
            .order_by("recommendation__order", "institution__code")
        )

    @extend_schema(request=s.ResponseInputSerializer, responses=s.ManagementResponseSerializer)
    def create(self, request, *args, **kwargs):
        data = s.ResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        recommendation = (
            Recommendation.objects.internal_to(request.user)
            .filter(pk=values.pop("recommendation"))
            .first()
        )
        if recommendation is None:
            raise Http404(_("No such recommendation."))
        institution = request.user.institution
        if institution is None:
            raise ApiValidationError({"institution": [_("You act for no institution.")]})
        row = services.management_response_set(
            recommendation=recommendation, institution=institution, actor=request.user, **values
        )
        return Response(s.ManagementResponseSerializer(row).data, status=status.HTTP_201_CREATED)


class KeyActionViewSet(
    VersionedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Key actions of the recommendations with their follow-up history; `overdue` is
    computed from the due date (partners only). `?overdue=true` lists overdue actions."""

    serializer_class = s.KeyActionSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.KeyActionFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            KeyAction.objects.internal_to(self.request.user)
            .with_overdue()
            .select_related("recommendation", "owner")
            .prefetch_related("updates__author")
            .order_by("recommendation__order", "number")
        )

    def _read(self, key_action, code=status.HTTP_200_OK):
        return Response(
            s.KeyActionSerializer(self.get_queryset().get(pk=key_action.pk)).data, status=code
        )

    def _values(self, validated: dict) -> dict:
        values = dict(validated)
        values.pop("recommendation", None)
        if "owner" in values:
            code = values["owner"]
            values["owner"] = Institution.objects.filter(code=code).first() if code else None
            if code and values["owner"] is None:
                raise ApiValidationError(
                    {"owner": [_("No institution with code '%(code)s'.") % {"code": code}]}
                )
        return values

    @extend_schema(request=s.KeyActionInputSerializer, responses=s.KeyActionSerializer)
    def create(self, request, *args, **kwargs):
        data = s.KeyActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = (
            Recommendation.objects.internal_to(request.user)
            .filter(pk=data.validated_data.get("recommendation"))
            .first()
        )
        if recommendation is None:
            raise Http404(_("No such recommendation."))
        key_action = services.key_action_create(
            recommendation=recommendation,
            values=self._values(data.validated_data),
            actor=request.user,
        )
        return self._read(key_action, status.HTTP_201_CREATED)

    @extend_schema(request=s.KeyActionInputSerializer, responses=s.KeyActionSerializer)
    def partial_update(self, request, *args, **kwargs):
        key_action = self.get_object()
        data = s.KeyActionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.key_action_update(
            action=key_action, values=self._values(data.validated_data), actor=request.user
        )
        return self._read(key_action)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.FollowUpInputSerializer, responses=s.KeyActionSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        key_action = self.get_object()
        data = s.FollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.key_action_follow_up(action=key_action, actor=request.user, **data.validated_data)
        return self._read(key_action)


class FigureViewSet(viewsets.ViewSet):
    """Each figure's data, as the figures page and the report draw it:
    /api/v1/figures/?program=PROCAP lists them, /api/v1/figures/<key>/?program=PROCAP
    gives one (criteria-matrix, cost-by-initiative, scheme-incidence_level...)."""

    permission_classes = [ReadOnlyForAll]
    lookup_value_regex = "[a-z0-9_-]+"

    def _figures(self, request):
        program = _program(request, request.query_params.get("program"))
        period = selectors.pick_period(program, request.query_params.get("period"), strict=True)
        return figure_module.program_figures(program, period, request.user)

    @staticmethod
    def _data(figure) -> dict:
        return {
            "key": figure.key,
            "title": figure.title,
            "report_label": figure.report_label,
            "headers": [str(h) for h in figure.headers],
            "rows": [[str(v) if v is not None else None for v in row] for row in figure.rows],
            "note": figure.note,
        }

    @extend_schema(
        operation_id="figures_list", parameters=PROGRAM_PARAMS, responses=OpenApiTypes.OBJECT
    )
    def list(self, request):
        return Response([self._data(f) for f in self._figures(request)])

    @extend_schema(parameters=PROGRAM_PARAMS, responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        figure = figure_module.find_figure(self._figures(request), pk)
        if figure is None:
            raise Http404(_("No such figure."))
        return Response(self._data(figure))
