"""FilterSets of the risk register's API (the register page filters by heat-map cell,
see `selectors.risk_register`)."""

from __future__ import annotations

import django_filters

from alianza.programs.filters import ProgramChildFilterSet
from alianza.risks.models import Risk, RiskAction, RiskReview


class RiskFilterSet(ProgramChildFilterSet):
    """`?program=PROCAP`."""

    class Meta:
        model = Risk
        fields: list[str] = []


class RiskActionFilterSet(django_filters.FilterSet):
    """`?risk=<id>&status=open`."""

    class Meta:
        model = RiskAction
        fields = ["risk", "status"]


class RiskReviewFilterSet(django_filters.FilterSet):
    """`?risk=<id>`."""

    class Meta:
        model = RiskReview
        fields = ["risk"]
