"""FilterSets for the systematization API: by program code and period code."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from alianza.systematization.models import (
    Assessment,
    ConsolidatedResult,
    CriteriaSet,
    KeyAction,
    Lesson,
    ManagementResponse,
    Recommendation,
    SystematizationPeriod,
)


def _filterset(model, program_path: str, period_path: str | None, extra: dict | None = None):
    attrs = {
        "program": django_filters.CharFilter(
            field_name=program_path, lookup_expr="iexact", label=_("Program")
        ),
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    if period_path:
        attrs["period"] = django_filters.CharFilter(field_name=period_path, label=_("Period"))
    attrs |= extra or {}
    return type(f"{model.__name__}FilterSet", (django_filters.FilterSet,), attrs)


CriteriaSetFilterSet = _filterset(CriteriaSet, "program__code", None)
PeriodFilterSet = _filterset(SystematizationPeriod, "program__code", None)
AssessmentFilterSet = _filterset(
    Assessment,
    "period__program__code",
    "period__code",
    {
        "initiative": django_filters.NumberFilter(
            field_name="initiative__number", label=_("Initiative")
        )
    },
)
ResultFilterSet = _filterset(
    ConsolidatedResult,
    "period__program__code",
    "period__code",
    {
        "initiative": django_filters.NumberFilter(
            field_name="initiative__number", label=_("Initiative")
        )
    },
)
LessonFilterSet = _filterset(
    Lesson,
    "period__program__code",
    "period__code",
    {
        "factor": django_filters.CharFilter(field_name="factor__code", label=_("Success factor")),
        "kind": django_filters.CharFilter(field_name="kind", label=_("Kind")),
    },
)
RecommendationFilterSet = _filterset(
    Recommendation,
    "period__program__code",
    "period__code",
    {"factor": django_filters.CharFilter(field_name="factor__code", label=_("Success factor"))},
)


class KeyActionFilterSet(django_filters.FilterSet):
    program = django_filters.CharFilter(
        field_name="recommendation__period__program__code", lookup_expr="iexact", label=_("Program")
    )
    period = django_filters.CharFilter(field_name="recommendation__period__code", label=_("Period"))
    recommendation = django_filters.CharFilter(
        field_name="recommendation__code", label=_("Recommendation")
    )
    status = django_filters.CharFilter(field_name="status", label=_("Status"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = KeyAction
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


ResponseFilterSet = _filterset(
    ManagementResponse,
    "recommendation__period__program__code",
    "recommendation__period__code",
)
