"""FilterSets of the staffing scenarios, for the API (`?program=PROCAP&year=2020`)."""

from __future__ import annotations

from alianza.core.params import YearFilter
from alianza.programs.filters import ProgramChildFilterSet
from alianza.staffing_plans.models import Scenario


class ScenarioFilterSet(ProgramChildFilterSet):
    year = YearFilter()

    class Meta:
        model = Scenario
        fields = ["kind"]
