"""Consultancies in the API: deliverables carry their computed `days_late`."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from alianza.contracts.models import Contract, Deliverable, DeliverableReview, Payment
from alianza.core.api import ModelSerializer, ProgramScopedField
from alianza.finance.api.serializers import ProgramRecordSerializer
from alianza.initiatives.models import Initiative


class DeliverableSerializer(ModelSerializer):
    contract = serializers.PrimaryKeyRelatedField(queryset=Contract.objects.none())
    days_late = serializers.SerializerMethodField()
    is_accepted = serializers.SerializerMethodField()
    accepted_on = serializers.SerializerMethodField()
    number = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "contract",
            "number",
            "title_en",
            "title_es",
            "planned_date",
            "delivered_date",
            "amount",
            "days_late",
            "is_accepted",
            "accepted_on",
        ]
        validators = []  # the service checks the number is free in its contract

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "contract" in self.fields:
            self.fields["contract"].queryset = Contract.objects.internal_visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["contract"].read_only = True

    def get_days_late(self, obj) -> int:
        """Days past the planned date: to the delivery, or to today while still due."""
        return obj.days_late(self.context.get("as_of") or timezone.localdate())

    def get_is_accepted(self, obj) -> bool:
        """Accepted by every partner in its latest review."""
        return obj.is_accepted

    def get_accepted_on(self, obj) -> str | None:
        accepted = obj.accepted_on
        return accepted.isoformat() if accepted else None


class NestedDeliverableSerializer(DeliverableSerializer):
    class Meta(DeliverableSerializer.Meta):
        fields = [f for f in DeliverableSerializer.Meta.fields if f != "contract"]


class ContractSerializer(ProgramRecordSerializer):
    initiative = ProgramScopedField(Initiative, "number", required=False, allow_null=True)
    deliverables = NestedDeliverableSerializer(many=True, read_only=True)
    days_late = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    paid = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "program",
            "reference",
            "kind",
            "title_en",
            "title_es",
            "contractor_name",
            "contractor_kind",
            "initiative",
            "terms_of_reference_en",
            "terms_of_reference_es",
            "amount",
            "currency",
            "paid",
            "start_date",
            "end_date",
            "data_ownership",
            "data_ownership_clause_en",
            "data_ownership_clause_es",
            "terminated_on",
            "termination_reason_en",
            "termination_reason_es",
            "status",
            "days_late",
            "deliverables",
        ]
        read_only_fields = ["terminated_on", "termination_reason_en", "termination_reason_es"]
        validators = []

    def get_days_late(self, obj) -> int:
        """The contract's worst deliverable delay."""
        return obj.days_late(self.context.get("as_of") or timezone.localdate())

    def get_paid(self, obj) -> str:
        return f"{sum((p.amount for p in obj.payments.all()), 0):.2f}"


class ReviewSerializer(ModelSerializer):
    deliverable = serializers.PrimaryKeyRelatedField(queryset=Deliverable.objects.none())
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = DeliverableReview
        fields = [
            "id",
            "deliverable",
            "institution",
            "reviewer",
            "decision",
            "reviewed_on",
            "comments",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["deliverable"].queryset = Deliverable.objects.internal_visible_to(
                request.user
            )


class PaymentSerializer(ModelSerializer):
    contract = serializers.PrimaryKeyRelatedField(queryset=Contract.objects.none())
    deliverable = serializers.PrimaryKeyRelatedField(queryset=Deliverable.objects.none())
    currency = serializers.CharField(read_only=True)
    transaction = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "contract",
            "deliverable",
            "paid_on",
            "amount",
            "currency",
            "reference",
            "transaction",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["contract"].queryset = Contract.objects.internal_visible_to(request.user)
            self.fields["deliverable"].queryset = Deliverable.objects.internal_visible_to(
                request.user
            )
