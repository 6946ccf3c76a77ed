"""Staffing scenarios under /api/v1/staffing-scenarios/: the scenarios with their plans
computed, and `plan` to save the positions kept with a note (coordinators)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.core.api import ServiceWritesMixin, SignedInWrites, not_in_program
from alianza.specialists.models import Position
from alianza.staffing_plans import services
from alianza.staffing_plans.api.serializers import PlanSaveSerializer, ScenarioSerializer
from alianza.staffing_plans.filters import ScenarioFilterSet
from alianza.staffing_plans.models import Scenario


class ScenarioViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Scenarios of the risk plan for the specialists, each with its plan."""

    serializer_class = ScenarioSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ScenarioFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Scenario.objects.visible_to(self.request.user)
            .select_related("program", "component", "risk", "plan_saved_by")
            .prefetch_related("choices")
            .order_by("program__code", "year", "code")
        )

    def create_record(self, data):
        program = data.pop("program")
        return services.scenario_create(program=program, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("program", None)
        return services.scenario_update(scenario=instance, data=data, actor=self.request.user)

    @extend_schema(request=PlanSaveSerializer, responses=ScenarioSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """Save the plan: the codes of the positions kept (the others are dropped) and a
        note (coordinators)."""
        scenario = self.get_object()
        body = PlanSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        codes = body.validated_data["kept"]
        positions = {
            p.code: p for p in Position.objects.filter(program=scenario.program, code__in=codes)
        }
        unknown = [code for code in codes if code not in positions]
        if unknown:
            raise serializers.ValidationError(
                {"kept": [not_in_program(Position, "code", code) for code in unknown]}
            )
        services.scenario_plan_save(
            scenario=scenario,
            kept=list(positions.values()),
            note=body.validated_data["note"],
            actor=request.user,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=scenario.pk)).data)
