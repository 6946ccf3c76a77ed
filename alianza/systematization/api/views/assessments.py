"""Assessments, consolidated results and the analysis matrix under /api/v1/; writes go
through the same services as the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from alianza.core.api import ReadOnlyForAll, VersionedMixin, input_context
from alianza.systematization import filters, selectors, services
from alianza.systematization.api import serializers as s
from alianza.systematization.api.views.common import (
    PROGRAM_PARAMS,
    ReadForAllWriteSignedIn,
    period_of,
    program_named,
    visible_initiative,
)
from alianza.systematization.models import (
    Assessment,
    AssessmentItem,
    ConsolidatedResult,
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
        program = program_named(request, values["program"])
        period = period_of(program, values.get("period"))
        initiative = visible_initiative(request, program, values["initiative"])
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
        program = program_named(request, data.validated_data["program"])
        period = period_of(program, data.validated_data.get("period"))
        initiative = visible_initiative(request, program, data.validated_data["initiative"])
        result = services.consolidated_result_create(
            period=period, initiative=initiative, actor=request.user
        )
        return self._read(result, status.HTTP_201_CREATED)

    @extend_schema(request=s.MentionInputSerializer, responses=s.ConsolidatedResultSerializer)
    def partial_update(self, request, *args, **kwargs):
        result = self.get_object()
        data = s.MentionInputSerializer(data=request.data, context=input_context(self))
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


class CriteriaMatrixView(APIView):
    """The analysis matrix of a program's period (Figure 9): initiatives by criteria,
    with the computed count of criteria met, flagships and special mentions."""

    permission_classes = [ReadOnlyForAll]

    @extend_schema(parameters=PROGRAM_PARAMS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        program = program_named(request, request.query_params.get("program"))
        period = period_of(program, request.query_params.get("period"))
        matrix = selectors.criteria_matrix(program, period, request.user)
        return Response(s.matrix_data(program, period, matrix))
