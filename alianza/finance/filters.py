"""FilterSets of money records for the API (the budget page shows a program whole and
reads only its report currency). Budget lines filter by program with
`programs.filters.ProgramChildFilterSet`; transactions belong to it through their initiative."""

from __future__ import annotations

import django_filters

from alianza.finance.models import Transaction


class TransactionFilterSet(django_filters.FilterSet):
    program = django_filters.CharFilter(
        field_name="initiative__program__code", lookup_expr="iexact", label="Program code"
    )

    class Meta:
        model = Transaction
        fields = ["kind", "initiative", "is_reconstructed"]
