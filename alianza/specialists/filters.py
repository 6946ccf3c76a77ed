"""FilterSets of the specialists' API (`?program=PROCAP`, and a priority or a position);
the pages show a program's records whole, most needed first."""

from __future__ import annotations

from alianza.core.params import DateFilter
from alianza.programs.filters import ProgramChildFilterSet
from alianza.specialists.models import Position, ServiceContract, Specialist


class PositionFilterSet(ProgramChildFilterSet):
    """`?program=PROCAP&priority=essential`."""

    class Meta:
        model = Position
        fields = ["priority"]


class SpecialistFilterSet(ProgramChildFilterSet):
    class Meta:
        model = Specialist
        fields: list[str] = []


class ServiceContractFilterSet(ProgramChildFilterSet):
    """`?program=PROCAP&position=<id>&specialist=<id>&ends_before=2020-01-31`."""

    ends_before = DateFilter(field_name="end_date", lookup_expr="lte")
    ends_after = DateFilter(field_name="end_date", lookup_expr="gte")

    class Meta:
        model = ServiceContract
        fields = ["position", "specialist", "renewal_decision"]
