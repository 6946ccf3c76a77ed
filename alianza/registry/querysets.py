"""Reusable reads of the registry: visibility, totals, the filters' building blocks."""

from __future__ import annotations

from django.apps import apps
from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from alianza.audit.guard import AuditedQuerySet


def _model(name: str):
    """A registry model, looked up by name: models.py imports this module, so this module
    does not import models.py back."""
    return apps.get_model("registry", name)


def _internal_programs(user):
    from alianza.programs.models import Program

    return Program.objects.with_internal_access(user).values("pk")


class ActivityQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> ActivityQuerySet:
        """Activities of programs the user is a partner in, and public ones of public
        programs (the same rule as initiatives). An activity of no program (imported
        without choosing one) is read by everyone once public, by administrators before."""
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(
            Q(program__in=_internal_programs(user))
            | Q(is_public=True, program__is_public=True)
            | Q(is_public=True, program__isnull=True)
        )

    def with_transaction_count(self) -> ActivityQuerySet:
        Transaction = _model("Transaction")
        counts = (
            Transaction.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(transactions_count=Coalesce(Subquery(counts), Value(0)))

    def with_disbursed(self, currency: str | None = None) -> ActivityQuerySet:
        """Annotate `disbursed`: disbursements (3) and expenditure (4), one currency."""
        Transaction = _model("Transaction")
        rows = Transaction.objects.filter(activity=OuterRef("pk"), type__in=["3", "4"])
        if currency:
            rows = rows.filter(currency=currency)
        totals = rows.order_by().values("activity").annotate(total=Sum("value")).values("total")
        return self.annotate(
            disbursed=Subquery(totals, output_field=DecimalField(max_digits=24, decimal_places=4))
        )

    def for_list(self) -> ActivityQuerySet:
        return (
            self.select_related("program")
            .prefetch_related("recipient_countries", "sectors", "locations")
            .with_transaction_count()
        )


class ActivityChildQuerySet(AuditedQuerySet):
    """Rows an activity owns: written only by the activity's services."""

    def visible_to(self, user):
        Activity = _model("Activity")
        return self.filter(activity__in=Activity.objects.visible_to(user).values("pk"))


class OrganisationQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        """Organisations named by an activity the user may see, or that published an
        organisation file (public by nature), or linked to an institution."""
        Activity, ParticipatingOrg = _model("Activity"), _model("ParticipatingOrg")
        if user.is_authenticated and user.is_superuser:
            return self
        activities = Activity.objects.visible_to(user).values("pk")
        participating = ParticipatingOrg.objects.filter(activity__in=activities).values(
            "organisation_id"
        )
        reporting = Activity.objects.visible_to(user).values("reporting_organisation_id")
        return self.filter(
            Q(pk__in=participating)
            | Q(pk__in=reporting)
            | Q(has_file=True)
            | Q(institution__isnull=False)
        )


class InitiativeLinkQuerySet(AuditedQuerySet):
    def visible_to(self, user):
        from alianza.initiatives.models import Initiative

        Activity = _model("Activity")

        return self.filter(
            initiative__in=Initiative.objects.visible_to(user).values("pk"),
            activity__in=Activity.objects.visible_to(user).values("pk"),
        )


class SpreadsheetJobQuerySet(QuerySet):
    def visible_to(self, user):
        """Spreadsheet imports and their row reports are internal to the program's partners."""
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(program__in=_internal_programs(user))
