"""Reusable reads of initiatives: visibility, computed cost, first start."""

from __future__ import annotations

from django.db import models
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable

from alianza.audit.guard import AuditedQuerySet


class SchemeQuerySet(AuditedQuerySet):
    def for_program(self, program) -> SchemeQuerySet:
        return self.filter(program=program).order_by("order", "code")


class InitiativeQuerySet(AuditedQuerySet):
    #: Set by `with_cost()`: reading the queryset converts the costs of the initiatives
    #: with records in another currency than their program's (alianza.initiatives.costs).
    _converts_costs = False

    def _clone(self):
        clone = super()._clone()
        clone._converts_costs = self._converts_costs
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._converts_costs and self._iterable_class is ModelIterable:
            from alianza.initiatives.costs import attach_costs

            attach_costs(self._result_cache)

    def visible_to(self, user) -> InitiativeQuerySet:
        """Initiatives of programs the user is a partner in, and public ones of public
        programs."""
        from alianza.programs.models import Program

        if user.is_authenticated and user.is_superuser:
            return self
        internal = Program.objects.with_internal_access(user).values("pk")
        return self.filter(Q(program__in=internal) | Q(is_public=True, program__is_public=True))

    def with_cost(self) -> InitiativeQuerySet:
        """Annotate `cost`: the sum of the initiative's cost records in its program's
        currency (`cost_currency`), None if it has none. The database sums the records in
        that currency; reading the queryset converts the others with their dated rates
        (`foreign_costs` counts them), or leaves `cost` None with `cost_missing` saying
        which rate or date is missing."""
        from alianza.initiatives.models import CostRecord

        own = CostRecord.objects.filter(
            initiative=OuterRef("pk"), currency=OuterRef("program__currency")
        ).order_by()
        totals = own.values("initiative").annotate(total=Sum("amount")).values("total")
        foreign = (
            CostRecord.objects.filter(initiative=OuterRef("pk"))
            .exclude(currency=OuterRef("program__currency"))
            .order_by()
            .values("initiative")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = self.annotate(
            cost=Subquery(totals, output_field=DecimalField(max_digits=16, decimal_places=2)),
            foreign_costs=Coalesce(Subquery(foreign, output_field=IntegerField()), 0),
            cost_currency=F("program__currency"),
        )
        qs._converts_costs = True
        return qs

    def with_first_start(self) -> InitiativeQuerySet:
        from alianza.initiatives.models import ExecutionPeriod

        first = (
            ExecutionPeriod.objects.filter(initiative=OuterRef("pk"))
            .order_by("start_date")
            .values("start_date")[:1]
        )
        return self.annotate(first_start=Subquery(first, output_field=models.DateField()))

    def active_between(self, start, end) -> InitiativeQuerySet:
        """Initiatives with one execution period overlapping [start, end] (either may be None).

        An initiative without periods is never active; an open period (no end) runs on.
        """
        from alianza.initiatives.models import ExecutionPeriod

        periods = ExecutionPeriod.objects.all()
        if end is not None:
            periods = periods.filter(start_date__lte=end)
        if start is not None:
            periods = periods.filter(Q(end_date__gte=start) | Q(end_date__isnull=True))
        return self.filter(pk__in=periods.values("initiative_id"))

    def for_list(self) -> InitiativeQuerySet:
        """What list pages, exports and the API need, in a fixed number of queries."""
        from alianza.initiatives.models import Classification

        classifications = Classification.objects.select_related("term__parent", "scheme")
        return (
            self.select_related("program", "phase", "component", "result__version")
            .prefetch_related(Prefetch("classifications", queryset=classifications), "periods")
            .with_cost()
            .with_first_start()
        )
