"""FilterSets of consultancies for the API (the pages show a program's contracts whole,
worst delay first). Contracts filter by program with
`programs.filters.ProgramChildFilterSet`; deliverables belong to it through their contract."""

from __future__ import annotations

import django_filters

from alianza.contracts.models import Deliverable


class DeliverableFilterSet(django_filters.FilterSet):
    program = django_filters.CharFilter(field_name="contract__program__code", lookup_expr="iexact")

    class Meta:
        model = Deliverable
        fields = ["contract"]
