"""Reusable reads of initiatives: visibility, computed cost, first start."""

from __future__ import annotations

from django.db import models
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum

from alianza.audit.guard import AuditedQuerySet


class SchemeQuerySet(AuditedQuerySet):
    def for_program(self, program) -> SchemeQuerySet:
        return self.filter(program=program).order_by("order", "code")


class InitiativeQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> InitiativeQuerySet:
        """Initiatives of programs the user is a partner in, and public ones of public
        programs."""
        from alianza.programs.models import Program

        if user.is_authenticated and user.is_superuser:
            return self
        internal = Program.objects.with_internal_access(user).values("pk")
        return self.filter(Q(program__in=internal) | Q(is_public=True, program__is_public=True))

    def with_cost(self) -> InitiativeQuerySet:
        """Annotate `cost_usd`: the sum of the initiative's USD cost records (None if none)."""
        from alianza.initiatives.models import CostRecord

        totals = (
            CostRecord.objects.filter(initiative=OuterRef("pk"), currency="USD")
            .order_by()
            .values("initiative")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return self.annotate(
            cost_usd=Subquery(totals, output_field=DecimalField(max_digits=16, decimal_places=2))
        )

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
        return (
            self.select_related("program", "phase", "component", "result__version")
            .prefetch_related("classifications__term__parent", "classifications__scheme", "periods")
            .with_cost()
            .with_first_start()
        )
