"""Criteria sets and systematization periods under /api/v1/ (read-only)."""

from __future__ import annotations

from rest_framework import viewsets

from alianza.core.api import ReadOnlyForAll, VersionedMixin
from alianza.systematization import filters
from alianza.systematization.api import serializers as s
from alianza.systematization.models import (
    CriteriaSet,
    SystematizationPeriod,
)


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
