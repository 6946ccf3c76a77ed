"""Money under /api/v1/: exchange rates, budget lines, transactions and the revision ledger.
Reads are scoped to the programs the user is a partner in; writes go through the services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.core.api import (
    AllowWhatTheUserMay,
    ReadOnlyForAll,
    ServiceWritesMixin,
    SignedInWrites,
)
from alianza.finance import services
from alianza.finance.api.serializers import (
    BudgetLineSerializer,
    ConversionSerializer,
    ExchangeRateSerializer,
    LedgerRowSerializer,
    TransactionSerializer,
)
from alianza.finance.filters import TransactionFilterSet
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction
from alianza.finance.permissions import (
    can_delete_exchange_rates,
    can_delete_financial_records,
    can_edit_budget,
    can_edit_exchange_rates,
    can_edit_transactions,
)
from alianza.finance.selectors import conversion_request, revision_ledger
from alianza.programs.filters import ProgramChildFilterSet
from alianza.programs.models import Program

PROGRAM = OpenApiParameter("program", str, description="Program code", required=False)


class ExchangeRateViewSet(AllowWhatTheUserMay, ServiceWritesMixin, viewsets.ModelViewSet):
    """Exchange rates between any two currencies (`rate` units of `currency` per unit of
    `base_currency`, for a span of dates): a reference list every program shares, changed by
    administrators and holders of the `finance.manage_exchange_rates` permission only."""

    serializer_class = ExchangeRateSerializer
    permission_classes = [SignedInWrites]
    queryset = ExchangeRate.objects.order_by("base_currency", "currency", "valid_from")
    filterset_fields = ["base_currency", "currency"]

    def create_record(self, data):
        return services.exchange_rate_create(data=data, actor=self.request.user)

    def update_record(self, instance, data):
        return services.exchange_rate_update(rate=instance, data=data, actor=self.request.user)

    def delete_record(self, instance):
        services.exchange_rate_delete(rate=instance, actor=self.request.user)

    def may_change(self, obj) -> bool:
        return can_edit_exchange_rates(self.request.user)

    def may_delete(self, obj) -> bool:
        return can_delete_exchange_rates(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("amount", str, required=True, description="Amount to convert"),
            OpenApiParameter("from", str, required=True, description="ISO 4217 code"),
            OpenApiParameter("to", str, required=True, description="ISO 4217 code"),
            OpenApiParameter("on", str, description="Date of the rates (YYYY-MM-DD; today)"),
        ],
        responses={200: ConversionSerializer},
    )
    @action(detail=False, methods=["get"])
    def convert(self, request):
        """Convert an amount between any two currencies on a date: directly, with the
        inverse rate or through another currency, with the path taken. A missing rate
        answers 400 naming the pair and the date."""
        asked = conversion_request(request.query_params, default_target="")
        if asked.result is None:
            errors = asked.errors or {"amount": _("Give the amount to convert.")}
            return Response(errors, status=400)
        result = asked.result
        return Response(
            ConversionSerializer(
                {
                    "amount": result.amount,
                    "currency": result.target,
                    "source_amount": asked.amount,
                    "source_currency": result.source,
                    "on": result.on,
                    "path": result.path,
                    "path_display": result.path_display,
                }
            ).data
        )


class BudgetLineViewSet(AllowWhatTheUserMay, ServiceWritesMixin, viewsets.ModelViewSet):
    """Budget per year, component, initiative and funding source: original and revised."""

    serializer_class = BudgetLineSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ProgramChildFilterSet

    def get_queryset(self):
        return (
            BudgetLine.objects.internal_visible_to(self.request.user)
            .select_related("program", "component", "initiative", "funding_source", "revision")
            .order_by("program__code", "year", "id")
        )

    def create_record(self, data):
        program = data.pop("program")
        return services.budget_line_create(program=program, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("program", None)
        return services.budget_line_update(line=instance, data=data, actor=self.request.user)

    def delete_record(self, instance):
        services.budget_line_delete(line=instance, actor=self.request.user)

    def may_change(self, obj) -> bool:
        return can_edit_budget(self.request.user, obj.program)

    def may_delete(self, obj) -> bool:
        return can_delete_financial_records(self.request.user, obj.program)


class TransactionViewSet(AllowWhatTheUserMay, ServiceWritesMixin, viewsets.ModelViewSet):
    """Commitments, disbursements and expenditures per initiative (IATI transactions)."""

    serializer_class = TransactionSerializer
    permission_classes = [SignedInWrites]
    filterset_class = TransactionFilterSet

    def get_queryset(self):
        return (
            Transaction.objects.internal_visible_to(self.request.user)
            .select_related("initiative__program", "funding_source")
            .order_by("date", "id")
        )

    def create_record(self, data):
        initiative = data.pop("initiative")
        return services.transaction_create(
            initiative=initiative, data=data, actor=self.request.user
        )

    def update_record(self, instance, data):
        data.pop("initiative", None)
        return services.transaction_update(item=instance, data=data, actor=self.request.user)

    def delete_record(self, instance):
        services.transaction_delete(item=instance, actor=self.request.user)

    def may_change(self, obj) -> bool:
        return can_edit_transactions(self.request.user, obj.initiative.program)

    def may_delete(self, obj) -> bool:
        return can_delete_financial_records(self.request.user, obj.initiative.program)


class RevisionLedgerViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The general revisions of a program as a ledger, with the award each one leaves."""

    serializer_class = LedgerRowSerializer
    permission_classes = [ReadOnlyForAll]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Program.objects.with_internal_access(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("program", str, required=True, description="Program code")]
    )
    def list(self, request, *args, **kwargs):
        program = self.get_queryset().filter(code=request.query_params.get("program", "")).first()
        rows = revision_ledger(program) if program else []
        return Response(self.get_serializer(rows, many=True).data)
