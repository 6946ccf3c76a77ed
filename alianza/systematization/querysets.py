"""Reusable reads: who sees which systematization records, and the criteria counts.

The count of criteria met and the flagship status are computed here by the database from
the consolidated values, never stored: `ConsolidatedResult.objects.with_counts()` for
results, `annotate_initiatives()` for any initiative queryset (the API's list, the matrix).
"""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from alianza.programs.querysets import ProgramChildQuerySet


def _count(queryset, group: str):
    """A correlated COUNT(*) subquery over `queryset` grouped by `group` (0 when empty)."""
    from django.db.models import Count

    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _sum_weights(queryset, group: str):
    """A correlated SUM of the criteria's weights over consolidated values (0 when empty)."""
    from django.db.models import Sum

    added = queryset.order_by().values(group).annotate(n=Sum("criterion__weight")).values("n")
    return Coalesce(Subquery(added, output_field=IntegerField()), Value(0))


class ProgramScopedQuerySet(ProgramChildQuerySet):
    """Records reached from a program through `program_lookup`."""

    def visible_to(self, user):
        """What anyone who may see the program may read (public programs: everyone)."""
        return self.public_structure_visible_to(user)

    def internal_to(self, user):
        """Working records for the program's partners only."""
        return self.internal_visible_to(user)


class CriteriaSetQuerySet(ProgramScopedQuerySet):
    program_lookup = "program"


class CriterionQuerySet(ProgramScopedQuerySet):
    program_lookup = "criteria_set__program"


class PeriodQuerySet(ProgramScopedQuerySet):
    program_lookup = "program"

    def for_program(self, program):
        return self.filter(program=program).order_by("-end_date", "-start_date", "-pk")


class AssessmentQuerySet(ProgramScopedQuerySet):
    program_lookup = "period__program"


class AssessmentItemQuerySet(ProgramScopedQuerySet):
    program_lookup = "assessment__period__program"


class ConsolidatedResultQuerySet(ProgramScopedQuerySet):
    program_lookup = "period__program"

    def visible_to(self, user):
        """Results of initiatives the user may see, in programs they may see."""
        from alianza.initiatives.models import Initiative

        return (
            super()
            .visible_to(user)
            .filter(initiative__in=Initiative.objects.visible_to(user).values("pk"))
        )

    def with_counts(self):
        """Annotate the computed figures of each result:

        `met_count` counting criteria met; `met_score` their weights added up (equal to
        `met_count` when the set weighs no criterion); `counting_total` criteria that count;
        `pending_count` criteria whose value coordinators have not settled yet;
        `required_unmet` required criteria not met; `threshold` the set's rule;
        `is_flagship` met_score >= threshold with every required criterion met.
        """
        from alianza.systematization.choices import CriterionValue
        from alianza.systematization.models import ConsolidatedValue, Criterion

        values = ConsolidatedValue.objects.filter(result=OuterRef("pk"))
        counting = Criterion.objects.filter(
            criteria_set=OuterRef("period__criteria_set"), counts_toward_threshold=True
        )
        met_required = ConsolidatedValue.objects.filter(
            result=OuterRef(OuterRef("pk")), criterion=OuterRef("pk"), value=CriterionValue.MET
        )
        required_unmet = Criterion.objects.filter(
            criteria_set=OuterRef("period__criteria_set"), is_required=True
        ).filter(~Exists(met_required))
        return self.annotate(
            met_count=_count(
                values.filter(value=CriterionValue.MET, criterion__counts_toward_threshold=True),
                "result",
            ),
            counting_total=_count(counting, "criteria_set"),
            pending_count=_count(values.filter(value__isnull=True), "result"),
            required_unmet=_count(required_unmet, "criteria_set"),
            met_score=_sum_weights(
                values.filter(value=CriterionValue.MET, criterion__counts_toward_threshold=True),
                "result",
            ),
            threshold=F("period__criteria_set__flagship_threshold"),
        ).annotate(
            is_flagship=Case(
                When(Q(met_score__gte=F("threshold")) & Q(required_unmet=0), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


class ConsolidatedValueQuerySet(ProgramScopedQuerySet):
    program_lookup = "result__period__program"


def latest_results(period=None):
    """Consolidated results correlated to an outer initiative: the given period's, or the
    latest period's (by end date) the initiative has a result in."""
    from alianza.systematization.models import ConsolidatedResult

    results = ConsolidatedResult.objects.filter(initiative=OuterRef("pk"))
    if period is not None:
        results = results.filter(period=period)
    return results.with_counts().order_by("-period__end_date", "-period__start_date", "-pk")


def annotate_initiatives(queryset, period=None):
    """Annotate initiatives with `sys_result_id`, `criteria_met` (None when not assessed)
    and `flagship` (False when not assessed), in the same single query."""
    results = latest_results(period)
    return queryset.annotate(
        sys_result_id=Subquery(results.values("pk")[:1]),
        criteria_met=Subquery(results.values("met_count")[:1], output_field=IntegerField()),
        flagship=Coalesce(
            Subquery(results.values("is_flagship")[:1], output_field=BooleanField()),
            Value(False),
        ),
    )


class InformantQuerySet(ProgramScopedQuerySet):
    program_lookup = "program"


class InterviewQuerySet(ProgramScopedQuerySet):
    program_lookup = "period__program"

    def for_list(self):
        """With the informant, their case type and institution, and `excerpt_count`."""
        from alianza.systematization.models import Excerpt

        return self.select_related(
            "period__program", "informant__case_type", "informant__institution"
        ).annotate(
            excerpt_count=_count(Excerpt.objects.filter(interview=OuterRef("pk")), "interview")
        )


class ExcerptQuerySet(ProgramScopedQuerySet):
    program_lookup = "interview__period__program"

    def for_display(self):
        """With the interview, its informant, the question and every code, in a fixed
        number of queries."""
        from django.db.models import Prefetch

        from alianza.initiatives.models import Initiative
        from alianza.systematization.models import AnalysisCategory, SuccessFactor

        return self.select_related(
            "interview__period__program",
            "interview__informant__case_type",
            "interview__informant__institution",
            "question__scope",
        ).prefetch_related(
            Prefetch(
                "categories",
                queryset=AnalysisCategory.objects.select_related("scope").order_by(
                    "scope__order", "order", "code"
                ),
            ),
            Prefetch("initiatives", queryset=Initiative.objects.order_by("number")),
            Prefetch("factors", queryset=SuccessFactor.objects.order_by("order", "code")),
        )

    def with_citations(self):
        """With the assessment items and the lessons that cite each excerpt as evidence."""
        from django.db.models import Prefetch

        from alianza.systematization.models import AssessmentItem, Lesson

        return self.prefetch_related(
            Prefetch(
                "assessment_items",
                queryset=AssessmentItem.objects.select_related(
                    "criterion", "assessment__initiative"
                ).order_by("assessment__initiative__number", "criterion__number", "pk"),
            ),
            Prefetch(
                "lessons",
                queryset=Lesson.objects.select_related("factor").order_by(
                    "factor__order", "kind", "number"
                ),
            ),
        )


class NominationQuerySet(ProgramScopedQuerySet):
    program_lookup = "period__program"


class ProgramListQuerySet(ProgramScopedQuerySet):
    """Program-owned lists: case types, analysis scopes, success factors."""

    program_lookup = "program"


class ScopeChildQuerySet(ProgramScopedQuerySet):
    program_lookup = "scope__program"


class LessonQuerySet(ProgramScopedQuerySet):
    program_lookup = "period__program"


class RecommendationQuerySet(ProgramScopedQuerySet):
    program_lookup = "period__program"


class ManagementResponseQuerySet(ProgramScopedQuerySet):
    program_lookup = "recommendation__period__program"


class KeyActionQuerySet(ProgramScopedQuerySet):
    program_lookup = "recommendation__period__program"

    def open(self):
        from alianza.systematization.choices import CLOSED_ACTION_STATUSES

        return self.exclude(status__in=CLOSED_ACTION_STATUSES)

    def overdue(self, today=None):
        """Open actions past their due date (computed from the date, never stored)."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def with_overdue(self, today=None):
        from alianza.systematization.choices import CLOSED_ACTION_STATUSES

        today = today or timezone.localdate()
        return self.annotate(
            is_overdue=Case(
                When(
                    Q(due_date__lt=today) & ~Q(status__in=CLOSED_ACTION_STATUSES),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )


class ActionUpdateQuerySet(ProgramScopedQuerySet):
    program_lookup = "action__recommendation__period__program"
