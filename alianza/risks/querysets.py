"""Reusable reads of the risk register: risks and the records that hang from a risk."""

from __future__ import annotations

from django.db.models import F

from alianza.programs.querysets import ProgramChildQuerySet


class RiskQuerySet(ProgramChildQuerySet):
    def assessed(self) -> RiskQuerySet:
        return self.filter(likelihood__isnull=False, impact__isnull=False)

    def with_significance(self) -> RiskQuerySet:
        return self.annotate(significance_score=F("likelihood") * F("impact"))


class RiskChildQuerySet(ProgramChildQuerySet):
    """Owners, treatment actions and reviews: they belong to a program through their risk."""

    program_lookup = "risk__program"
