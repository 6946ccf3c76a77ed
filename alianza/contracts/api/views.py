"""Consultancies under /api/v1/: contracts, deliverables (with `days_late`), quality
reviews and payments, for the program's partners; writes through the services."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import mixins, viewsets

from alianza.contracts import services
from alianza.contracts.api.serializers import (
    ContractSerializer,
    DeliverableSerializer,
    PaymentSerializer,
    ReviewSerializer,
)
from alianza.contracts.filters import DeliverableFilterSet
from alianza.contracts.models import Contract, Deliverable, DeliverableReview, Payment
from alianza.core.api import ServiceWritesMixin, SignedInWrites
from alianza.programs.filters import ProgramChildFilterSet
from alianza.programs.models import Partnership


def _with_partners(items, request):
    """Tell each deliverable who its program's partners are (acceptance needs them)."""
    partners: dict[int, list[int]] = {}
    for program_id, institution_id in Partnership.objects.values_list(
        "program_id", "institution_id"
    ):
        partners.setdefault(program_id, []).append(institution_id)
    for deliverable in items:
        deliverable._partner_ids = partners.get(deliverable.contract.program_id, [])
    return items


class ContractViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Consultancy and service contracts with their deliverables, worst delays computed."""

    serializer_class = ContractSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ProgramChildFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Contract.objects.internal_visible_to(self.request.user)
            .select_related("program", "initiative")
            .prefetch_related(
                Prefetch(
                    "deliverables",
                    queryset=Deliverable.objects.prefetch_related("reviews")
                    .select_related("contract")
                    .order_by("number"),
                ),
                "payments",
            )
            .order_by("program__code", "reference")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            _with_partners([d for c in page for d in c.deliverables.all()], self.request)
        return page

    def get_object(self):
        contract = super().get_object()
        _with_partners(list(contract.deliverables.all()), self.request)
        return contract

    def create_record(self, data):
        program = data.pop("program")
        return services.contract_create(program=program, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("program", None)
        return services.contract_update(contract=instance, data=data, actor=self.request.user)


class DeliverableViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Deliverables with their planned and delivered dates and computed `days_late`."""

    serializer_class = DeliverableSerializer
    permission_classes = [SignedInWrites]
    filterset_class = DeliverableFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Deliverable.objects.internal_visible_to(self.request.user)
            .select_related("contract__program")
            .prefetch_related("reviews")
            .order_by("contract__program__code", "contract_id", "number")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return _with_partners(page, self.request) if page is not None else page

    def create_record(self, data):
        contract = data.pop("contract")
        return services.deliverable_create(contract=contract, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("contract", None)
        return services.deliverable_update(deliverable=instance, data=data, actor=self.request.user)


class ReviewViewSet(ServiceWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Each partner's quality reviews of deliverables (recorded for the reviewer's
    institution)."""

    serializer_class = ReviewSerializer
    permission_classes = [SignedInWrites]
    filterset_fields = ["deliverable", "decision"]

    def get_queryset(self):
        return (
            DeliverableReview.objects.internal_visible_to(self.request.user)
            .select_related("institution", "reviewer")
            .order_by("deliverable_id", "reviewed_on", "id")
        )

    def create_record(self, data):
        deliverable = data.pop("deliverable")
        return services.deliverable_review(
            deliverable=deliverable, data=data, actor=self.request.user
        )


class PaymentViewSet(ServiceWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Payments for accepted deliverables."""

    serializer_class = PaymentSerializer
    permission_classes = [SignedInWrites]
    filterset_fields = ["contract", "deliverable"]

    def get_queryset(self):
        return (
            Payment.objects.internal_visible_to(self.request.user)
            .select_related("contract")
            .order_by("paid_on", "id")
        )

    def create_record(self, data):
        contract = data.pop("contract")
        return services.payment_create(contract=contract, data=data, actor=self.request.user)
