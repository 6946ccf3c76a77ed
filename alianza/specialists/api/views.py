"""The specialists under /api/v1/: positions, specialists (with their personal data for
those allowed), service contracts (their monthly cost for those allowed) and the headcount
by year. Writes go through the services, which check who may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.core.api import ReadOnlyForAll, ServiceWritesMixin, SignedInWrites
from alianza.programs.models import Program
from alianza.specialists import selectors, services
from alianza.specialists.api.serializers import (
    HeadcountRowSerializer,
    PersonalDataSerializer,
    PositionSerializer,
    ServiceContractSerializer,
    SpecialistSerializer,
)
from alianza.specialists.choices import ReadChannel
from alianza.specialists.filters import (
    PositionFilterSet,
    ServiceContractFilterSet,
    SpecialistFilterSet,
)
from alianza.specialists.models import Position, ServiceContract, Specialist
from alianza.specialists.permissions import can_read_personal_data

WRITES = ["get", "post", "put", "patch", "head", "options"]


class PositionViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Positions the programs pay for: function, area, required profile, priority, cost."""

    serializer_class = PositionSerializer
    permission_classes = [SignedInWrites]
    filterset_class = PositionFilterSet
    http_method_names = WRITES

    def get_queryset(self):
        return (
            Position.objects.visible_to(self.request.user)
            .select_related("program", "host_institution")
            .order_by("program__code", "code")
        )

    def create_record(self, data):
        program = data.pop("program")
        return services.position_create(program=program, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("program", None)
        return services.position_update(position=instance, data=data, actor=self.request.user)


class SpecialistViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """The people hired. `personal_data` is given in a detail to those who may read it
    (each read logged), null otherwise; `personal-data/` answers 403 to others."""

    serializer_class = SpecialistSerializer
    permission_classes = [SignedInWrites]
    filterset_class = SpecialistFilterSet
    http_method_names = WRITES

    def get_queryset(self):
        return (
            Specialist.objects.visible_to(self.request.user)
            .select_related("program", "user")
            .prefetch_related("contracts")
            .order_by("program__code", "full_name", "id")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        obj = self._versioned_object
        if (
            getattr(self, "action", None) == "retrieve"
            and obj is not None
            and can_read_personal_data(self.request.user, obj)
        ):
            data = services.personal_data_read(
                specialist=obj, actor=self.request.user, channel=ReadChannel.API
            )
            context["personal_data"] = {obj.pk: data}
        return context

    def create_record(self, data):
        program = data.pop("program")
        return services.specialist_create(program=program, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("program", None)
        return services.specialist_update(specialist=instance, data=data, actor=self.request.user)

    @extend_schema(request=PersonalDataSerializer, responses=PersonalDataSerializer)
    @action(
        detail=True,
        methods=["get", "put", "patch"],
        url_path="personal-data",
        serializer_class=PersonalDataSerializer,
        filterset_class=None,
    )
    def personal_data(self, request, pk=None):
        """A specialist's personal data: 403 unless you may read them (the read is logged)."""
        specialist = self.get_object()
        if request.method == "GET":
            data = services.personal_data_read(
                specialist=specialist, actor=request.user, channel=ReadChannel.API
            )
            return Response(PersonalDataSerializer(data).data if data else None)
        serializer = PersonalDataSerializer(data=request.data, partial=request.method == "PATCH")
        serializer.is_valid(raise_exception=True)
        saved = services.personal_data_update(
            specialist=specialist, data=dict(serializer.validated_data), actor=request.user
        )
        return Response(PersonalDataSerializer(saved).data)


class ServiceContractViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Service contracts (the consultancies are /api/v1/contracts/). `monthly_cost` is a
    person's salary: null unless you may read their personal data."""

    serializer_class = ServiceContractSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ServiceContractFilterSet
    http_method_names = WRITES

    def get_queryset(self):
        return (
            ServiceContract.objects.visible_to(self.request.user)
            .select_related(
                "program",
                "specialist__program",
                "position",
                "holder",
                "component",
                "funding_source",
                "renews",
            )
            .prefetch_related("specialist__contracts")
            .order_by("program__code", "start_date", "reference")
        )

    def create_record(self, data):
        program = data.pop("program")
        return services.contract_create(program=program, data=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("program", None)
        return services.contract_update(contract=instance, data=data, actor=self.request.user)


class HeadcountViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A program's specialists by year: one row per year with a recorded figure or a
    contract, oldest first."""

    serializer_class = HeadcountRowSerializer
    permission_classes = [ReadOnlyForAll]
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Program.objects.with_internal_access(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("program", str, required=True, description="Program code")]
    )
    def list(self, request, *args, **kwargs):
        code = request.query_params.get("program", "")
        program = self.get_queryset().filter(code__iexact=code).first() if code else None
        if program is None:
            raise PermissionDenied(_("No such program among yours."))
        rows = selectors.headcount_by_year(program, today=timezone.localdate())
        for row in rows:
            row.currency = program.currency
        return Response(HeadcountRowSerializer(rows, many=True).data)
