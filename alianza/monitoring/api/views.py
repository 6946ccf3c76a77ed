"""Monitoring under /api/v1/: the program's settings, period reports and their sign-off,
each user's notifications, and the dashboard's figures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.codelists.currencies import is_currency
from alianza.core.api import ReadOnlyForAll, SignedInWrites, VersionedMixin, refuse_body
from alianza.finance.selectors import report_currency
from alianza.monitoring import services
from alianza.monitoring.api.serializers import (
    DashboardSerializer,
    NotificationSerializer,
    PeriodReportSerializer,
    SettingsSerializer,
    SignInputSerializer,
    dashboard_data,
)
from alianza.monitoring.models import MonitoringSettings, Notification, PeriodReport
from alianza.monitoring.selectors import build_dashboard, parse_period
from alianza.programs.filters import ProgramChildFilterSet
from alianza.programs.models import Program


class SettingsViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The thresholds each program monitors itself with (coordinators change them)."""

    serializer_class = SettingsSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ProgramChildFilterSet

    def get_queryset(self):
        return (
            MonitoringSettings.objects.internal_visible_to(self.request.user)
            .select_related("program")
            .order_by("program__code")
        )

    def perform_update(self, serializer):
        serializer.instance = services.monitoring_settings_update(
            program=serializer.instance.program,
            data=dict(serializer.validated_data),
            actor=self.request.user,
        )


class PeriodReportViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Period reports with who signed them and when (POST .../sign/ to sign one)."""

    serializer_class = PeriodReportSerializer
    permission_classes = [SignedInWrites]
    filterset_class = ProgramChildFilterSet

    def get_queryset(self):
        return (
            PeriodReport.objects.internal_visible_to(self.request.user)
            .select_related("program")
            .prefetch_related("signatures__institution", "signatures__signer")
            .order_by("program__code", "-end")
        )

    @extend_schema(request=SignInputSerializer, responses=PeriodReportSerializer)
    @action(detail=False, methods=["post"])
    def sign(self, request):
        """A partner's coordinator signs the program's report for a period."""
        data = SignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = (
            Program.objects.with_internal_access(request.user)
            .filter(code=data.validated_data["program"])
            .first()
        )
        if program is None:
            raise ValidationError({"program": _("No such program.")})
        signature = services.period_report_sign(
            program=program,
            start=data.validated_data["start"],
            end=data.validated_data["end"],
            actor=request.user,
        )
        report = self.get_queryset().get(pk=signature.report_id)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your notifications (POST .../read/ marks one as read)."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(user=self.request.user).select_related("program")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        refuse_body(request)
        item = services.notification_mark_read(notification=self.get_object(), actor=request.user)
        return Response(self.get_serializer(item).data)


class DashboardViewSet(viewsets.GenericViewSet):
    """The joint dashboard's figures for a program and period."""

    serializer_class = DashboardSerializer
    permission_classes = [ReadOnlyForAll]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Program.objects.with_internal_access(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("program", str, required=True, description="Program code"),
            OpenApiParameter("start", str, description="YYYY-MM-DD"),
            OpenApiParameter("end", str, description="YYYY-MM-DD"),
            OpenApiParameter("period", str, description="2019 or 2019-Q4"),
            OpenApiParameter(
                "currency", str, description="ISO 4217 code (the program's currency if none)"
            ),
        ]
    )
    def list(self, request):
        program = self.get_queryset().filter(code=request.query_params.get("program", "")).first()
        if program is None:
            raise PermissionDenied(_("No such program among yours."))
        asked = (request.query_params.get("currency") or "").strip().upper()
        if asked and not is_currency(asked):
            raise ValidationError(
                {"currency": _("“%(code)s” is not an ISO 4217 currency code.") % {"code": asked}}
            )
        currency = report_currency(program, asked)
        board = build_dashboard(program, parse_period(request.query_params), currency=currency)
        return Response(DashboardSerializer(dashboard_data(board)).data)
