"""FilterSets of deployments, for the API (`?program=PROCAP`, `?deployment=<id>`)."""

from __future__ import annotations

import django_filters

from alianza.deployments.models import DeployedPerson, Deployment
from alianza.programs.filters import ProgramChildFilterSet


class DeploymentFilterSet(ProgramChildFilterSet):
    """`?program=PROCAP&status=approved`."""

    class Meta:
        model = Deployment
        fields = ["status"]


class DeployedPersonFilterSet(django_filters.FilterSet):
    """`?deployment=<id>`."""

    class Meta:
        model = DeployedPerson
        fields = ["deployment"]
