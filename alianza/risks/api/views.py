"""The joint risk register under /api/v1/: risks with computed `significance`, treatment
actions and reviews, for the program's partners."""

from __future__ import annotations

from rest_framework import mixins, viewsets

from alianza.core.api import ServiceWritesMixin, SignedInWrites
from alianza.risks import services
from alianza.risks.api.serializers import (
    RiskActionSerializer,
    RiskReviewSerializer,
    RiskSerializer,
)
from alianza.risks.filters import RiskActionFilterSet, RiskFilterSet, RiskReviewFilterSet
from alianza.risks.models import Risk, RiskAction, RiskReview


class RiskViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Risks the partners watch together; `significance` = likelihood x impact."""

    serializer_class = RiskSerializer
    permission_classes = [SignedInWrites]
    filterset_class = RiskFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Risk.objects.internal_visible_to(self.request.user)
            .select_related("program", "initiative")
            .prefetch_related("owners__institution", "owners__user")
            .order_by("program__code", "number")
        )

    def create_record(self, data):
        program, owners = data.pop("program"), data.pop("owners", None)
        return services.risk_create(
            program=program, data=data, owners=owners, actor=self.request.user
        )

    def update_record(self, instance, data):
        data.pop("program", None)
        owners = data.pop("owners", None)
        return services.risk_update(
            risk=instance, data=data, owners=owners, actor=self.request.user
        )


class RiskActionViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Treatment actions, with owner and due date."""

    serializer_class = RiskActionSerializer
    permission_classes = [SignedInWrites]
    filterset_class = RiskActionFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            RiskAction.objects.internal_visible_to(self.request.user)
            .select_related("risk", "owner_institution", "owner")
            .order_by("due_on", "id")
        )

    def create_record(self, data):
        risk = data.pop("risk")
        return services.risk_action_create(risk=risk, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("risk", None)
        return services.risk_action_update(action=instance, data=data, actor=self.request.user)


class RiskReviewViewSet(ServiceWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Reviews of risks; a review's scores become the risk's current ones."""

    serializer_class = RiskReviewSerializer
    permission_classes = [SignedInWrites]
    filterset_class = RiskReviewFilterSet

    def get_queryset(self):
        return (
            RiskReview.objects.internal_visible_to(self.request.user)
            .select_related("reviewer", "institution")
            .order_by("-reviewed_on", "-id")
        )

    def create_record(self, data):
        risk = data.pop("risk")
        return services.risk_review_create(risk=risk, data=data, actor=self.request.user)
