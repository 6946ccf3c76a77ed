"""FilterSets for program records, shared by pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _


class ProgramChildFilterSet(django_filters.FilterSet):
    program = django_filters.CharFilter(
        field_name="program__code", lookup_expr="iexact", label=_("Program")
    )
