"""Board meetings, action items, disputes and focal points under /api/v1/."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.core.api import ReadOnlyForAll, Serializer, ServiceWritesMixin, SignedInWrites
from alianza.governance import services
from alianza.governance.api.serializers import (
    ActionItemSerializer,
    DisputeSerializer,
    DisputeStepSerializer,
    MeetingSerializer,
)
from alianza.governance.filters import ActionItemFilterSet, DisputeFilterSet, MeetingFilterSet
from alianza.governance.models import ActionItem, BoardMeeting, Dispute
from alianza.governance.selectors import focal_points
from alianza.programs.models import Partnership, Program


class MeetingViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Project Board meetings with attendance by institution and decisions."""

    serializer_class = MeetingSerializer
    permission_classes = [SignedInWrites]
    filterset_class = MeetingFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            BoardMeeting.objects.internal_visible_to(self.request.user)
            .select_related("program")
            .prefetch_related("attendance__institution", "decisions")
            .order_by("-held_on", "-id")
        )

    def _children(self, data):
        attendance = data.pop("attendance", None)
        decisions = data.pop("decisions", None)
        return {
            "attendance": [dict(a) for a in attendance] if attendance is not None else None,
            "decisions": [dict(d) for d in decisions] if decisions is not None else None,
        }

    def create_record(self, data):
        program = data.pop("program")
        children = self._children(data)
        return services.meeting_create(
            program=program, data=data, actor=self.request.user, **children
        )

    def update_record(self, instance, data):
        data.pop("program", None)
        children = self._children(data)
        return services.meeting_update(
            meeting=instance, data=data, actor=self.request.user, **children
        )


class ActionItemViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Board action items: owner, due date and status."""

    serializer_class = ActionItemSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ActionItemFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            ActionItem.objects.internal_visible_to(self.request.user)
            .select_related("program", "owner_institution", "owner")
            .order_by("due_on", "id")
        )

    def create_record(self, data):
        program = data.pop("program")
        return services.action_item_create(program=program, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("program", None)
        return services.action_item_update(item=instance, data=data, actor=self.request.user)


class DisputeViewSet(ServiceWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Disputes between the partners and their steps (POST .../step/ takes the next one)."""

    serializer_class = DisputeSerializer
    permission_classes = [SignedInWrites]
    filterset_class = DisputeFilterSet

    def get_queryset(self):
        return (
            Dispute.objects.internal_visible_to(self.request.user)
            .select_related("program", "contract", "initiative", "opened_by_institution")
            .prefetch_related(
                Prefetch(
                    "program__partnerships",
                    queryset=Partnership.objects.select_related("institution"),
                ),
                "agreements__institution",
                "agreements__agreed_by",
            )
            .order_by("program__code", "number")
        )

    def create_record(self, data):
        program = data.pop("program")
        return services.dispute_open(program=program, data=data, actor=self.request.user)

    @extend_schema(request=DisputeStepSerializer, responses=DisputeSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Take the case's next step: agree the criteria (`agreed_on`), appoint the expert
        (`expert`, `appointed_on`), record the opinion (`opinion_es|en`, `opinion_on`) or
        decide (`decision_es|en`, `decided_on`, `outcome`); see `services.dispute_step`."""
        dispute = self.get_object()
        step = DisputeStepSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        services.dispute_step(dispute=dispute, data=step.validated_data, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=dispute.pk)).data)


class FocalPointSerializer(Serializer):
    institution = serializers.CharField(source="institution.code")
    coordinators = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    def get_coordinators(self, row) -> list[str]:
        return [u.username for u in row["coordinators"]]

    def get_areas(self, row) -> dict[str, list[str]]:
        from alianza.accounts.choices import FocalArea

        labels = {str(a.label): a.value for a in FocalArea}
        return {labels[str(label)]: [u.username for u in users] for label, users in row["areas"]}


class FocalPointViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Coordinators and focal points by area, per partner institution of a program."""

    serializer_class = FocalPointSerializer
    permission_classes = [ReadOnlyForAll]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Program.objects.with_internal_access(self.request.user)

    @extend_schema(parameters=[OpenApiParameter("program", str, required=True)])
    def list(self, request, *args, **kwargs):
        program = self.get_queryset().filter(code=request.query_params.get("program", "")).first()
        rows = focal_points(program) if program else []
        return Response(self.get_serializer(rows, many=True).data)
