"""Reads shared by the pages, the API, the figures and the report. They never write.

Every figure here is computed from the records: counts of criteria met and flagship
status by `ConsolidatedResult.objects.with_counts()`, the rest by counting rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.systematization.choices import CriterionValue, LessonKind
from alianza.systematization.models import (
    AnalysisScope,
    Assessment,
    AssessmentItem,
    CaseType,
    ConsolidatedResult,
    ConsolidatedValue,
    Criterion,
    Excerpt,
    Informant,
    Interview,
    KeyAction,
    Lesson,
    ManagementResponse,
    Nomination,
    Recommendation,
    ReportNumber,
    SuccessFactor,
    SystematizationPeriod,
)
from alianza.systematization.permissions import can_view_working_records

# --- periods ----------------------------------------------------------------------------------


def program_periods(program: Program) -> list[SystematizationPeriod]:
    return list(SystematizationPeriod.objects.for_program(program).select_related("criteria_set"))


def report_numbers(program: Program) -> dict[str, ReportNumber]:
    """The numbers the program's own report gives its figures, by figure key (empty for a
    program whose figures keep plain titles)."""
    return {n.figure: n for n in ReportNumber.objects.filter(program=program)}


def pick_period(
    program: Program, code: str | None = None, *, strict: bool = False
) -> SystematizationPeriod | None:
    """The period with `code`, or the program's latest; None when it has none.

    With `strict`, an unknown code is a 404 rather than a silent fallback."""
    periods = SystematizationPeriod.objects.for_program(program).select_related(
        "criteria_set__balance_scheme"
    )
    if code:
        found = periods.filter(code=code).first()
        if found is None and strict:
            raise Http404(_("No such systematization period."))
        if found is not None:
            return found
    return periods.first()


def visible_initiatives(user: Any, program: Program) -> QuerySet[Initiative]:
    return Initiative.objects.visible_to(user).filter(program=program)


# --- the matrix (Figure 9) --------------------------------------------------------------------


@dataclass
class MatrixRow:
    initiative: Initiative
    #: Annotated by `ConsolidatedResult.objects.with_counts()` (`met_count`, `is_flagship`).
    result: Any
    values: dict[int, str | None] = field(default_factory=dict)
    reconstructed: set[int] = field(default_factory=set)
    terms: list = field(default_factory=list)
    nominations: list[Nomination] = field(default_factory=list)

    @property
    def assessed(self) -> bool:
        return self.result is not None

    @property
    def criteria_met(self) -> int | None:
        return self.result.met_count if self.result else None

    @property
    def score(self) -> int | None:
        """The weights of the counting criteria met (the count when nothing is weighted)."""
        return self.result.met_score if self.result else None

    @property
    def flagship(self) -> bool:
        return bool(self.result and self.result.is_flagship)

    @property
    def special_mention(self) -> bool:
        return bool(self.result and self.result.is_special_mention)

    def cells(self, criteria: list[Criterion]) -> list[tuple[Criterion, str | None, bool, bool]]:
        """(criterion, value, has a value, reconstructed) per criterion, in order."""
        return [
            (c, self.values.get(c.pk), c.pk in self.values, c.pk in self.reconstructed)
            for c in criteria
        ]


@dataclass
class Coverage:
    term: object
    flagships: list[Initiative]
    initiatives: int


@dataclass
class Matrix:
    period: SystematizationPeriod | None
    criteria: list[Criterion]
    rows: list[MatrixRow]
    coverage: list[Coverage]

    @property
    def flagships(self) -> list[MatrixRow]:
        return [r for r in self.rows if r.flagship]

    @property
    def mentions(self) -> list[MatrixRow]:
        return [r for r in self.rows if r.special_mention]

    @property
    def assessed(self) -> list[MatrixRow]:
        return [r for r in self.rows if r.assessed]

    @property
    def counting_total(self) -> int:
        return sum(1 for c in self.criteria if c.counts_toward_threshold)

    @property
    def counting_weight(self) -> int:
        """What the counting criteria add up to when all are met (their number if unweighted)."""
        return sum(c.weight for c in self.criteria if c.counts_toward_threshold)

    @property
    def weighted(self) -> bool:
        """Whether the set weighs any criterion (its rule is then a score, not a count)."""
        return any(c.weight != 1 for c in self.criteria)

    @property
    def threshold(self) -> int | None:
        return self.period.criteria_set.flagship_threshold if self.period else None

    def criterion_totals(self) -> list[tuple[Criterion, int]]:
        """How many assessed initiatives meet each criterion."""
        return [
            (c, sum(1 for r in self.rows if r.values.get(c.pk) == CriterionValue.MET))
            for c in self.criteria
        ]


def _leaf_terms(scheme: Any) -> list:
    from alianza.initiatives.filters import ordered_terms

    terms = ordered_terms(scheme)
    parents = {t.parent_id for t in terms if t.parent_id}
    return [t for t in terms if t.pk not in parents]


def criteria_matrix(
    program: Program,
    period: SystematizationPeriod | None,
    user: Any,
    initiatives: QuerySet[Initiative] | None = None,
) -> Matrix:
    """Initiatives by criteria for a period: the consolidated values, counts, flagships,
    special mentions, nominations and the coverage of the balance scheme (PROCAP: one
    flagship per support dimension). A fixed number of queries, whatever the rows."""
    if period is None:
        return Matrix(period=None, criteria=[], rows=[], coverage=[])
    criteria = list(period.criteria_set.criteria.order_by("number"))
    base = initiatives if initiatives is not None else visible_initiatives(user, program)
    initiative_list = list(
        base.select_related("program")
        .prefetch_related("classifications__term", "classifications__scheme")
        .order_by("number")
    )
    ids = [i.pk for i in initiative_list]
    results = {
        r.initiative_id: r
        for r in ConsolidatedResult.objects.filter(period=period, initiative_id__in=ids)
        .with_counts()
        .prefetch_related(Prefetch("values", queryset=ConsolidatedValue.objects.all()))
    }
    reconstructed: dict[int, set[int]] = {}
    for initiative_id, criterion_id in AssessmentItem.objects.filter(
        assessment__period=period, assessment__initiative_id__in=ids, is_reconstructed=True
    ).values_list("assessment__initiative_id", "criterion_id"):
        reconstructed.setdefault(initiative_id, set()).add(criterion_id)
    nominations: dict[int, list[Nomination]] = {}
    nomination_rows = Nomination.objects.filter(period=period, initiative_id__in=ids)
    if not can_view_working_records(user, program):
        nomination_rows = nomination_rows.filter(informant__isnull=True)
    for nomination in nomination_rows:
        nominations.setdefault(nomination.initiative_id, []).append(nomination)
    scheme = period.criteria_set.balance_scheme
    rows = []
    for initiative in initiative_list:
        result = results.get(initiative.pk)
        rows.append(
            MatrixRow(
                initiative=initiative,
                result=result,
                values={v.criterion_id: v.value for v in result.values.all()} if result else {},
                reconstructed=reconstructed.get(initiative.pk, set()),
                terms=[
                    c.term
                    for c in initiative.classifications.all()
                    if scheme is not None and c.scheme_id == scheme.pk
                ],
                nominations=nominations.get(initiative.pk, []),
            )
        )
    coverage = []
    if scheme is not None:
        for term in _leaf_terms(scheme):
            members = [r for r in rows if any(t.pk == term.pk for t in r.terms)]
            coverage.append(
                Coverage(
                    term=term,
                    flagships=[r.initiative for r in members if r.flagship],
                    initiatives=len(members),
                )
            )
    return Matrix(period=period, criteria=criteria, rows=rows, coverage=coverage)


# --- one initiative ----------------------------------------------------------------------------


def initiative_panel(initiative: Initiative, user: Any) -> dict | None:
    """The initiative page's block: its latest consolidated result, or None to hide it."""
    result = (
        ConsolidatedResult.objects.filter(initiative=initiative)
        .with_counts()
        .select_related("period__criteria_set")
        .order_by("-period__end_date", "-pk")
        .first()
    )
    if result is None:
        return {"result": None, "initiative": initiative}
    values = {v.criterion_id: v for v in result.values.select_related("criterion", "settled_by")}
    reconstructed = set(
        AssessmentItem.objects.filter(
            assessment__period=result.period,
            assessment__initiative=initiative,
            is_reconstructed=True,
        ).values_list("criterion_id", flat=True)
    )
    criteria = list(result.period.criteria_set.criteria.order_by("number"))
    return {
        "initiative": initiative,
        "result": result,
        "period": result.period,
        "rows": [(c, values.get(c.pk), c.pk in reconstructed) for c in criteria],
        "any_reconstructed": bool(reconstructed),
        "internal": can_view_working_records(user, initiative.program),
    }


@dataclass
class ConsolidationRow:
    criterion: Criterion
    verdicts: list[tuple[Assessment, AssessmentItem | None]]
    value: ConsolidatedValue | None

    @property
    def given(self) -> list[str]:
        return [item.value for _a, item in self.verdicts if item is not None]

    @property
    def agrees(self) -> bool:
        return len(set(self.given)) == 1

    @property
    def disagrees(self) -> bool:
        return len(set(self.given)) > 1


def consolidation(period: SystematizationPeriod, initiative: Initiative) -> dict:
    """Each assessor's verdict per criterion, whether they agree, and the consolidated
    value, for the consolidation page."""
    assessments = list(
        period.assessments.filter(initiative=initiative)
        .select_related("assessor")
        .prefetch_related("items__criterion", "items__excerpts")
        .order_by("assessor_label")
    )
    result = (
        ConsolidatedResult.objects.filter(period=period, initiative=initiative)
        .with_counts()
        .select_related("consolidated_by")
        .first()
    )
    values = (
        {v.criterion_id: v for v in result.values.select_related("settled_by")} if result else {}
    )
    rows = []
    for criterion in period.criteria_set.criteria.order_by("number"):
        verdicts = [
            (a, next((i for i in a.items.all() if i.criterion_id == criterion.pk), None))
            for a in assessments
        ]
        rows.append(
            ConsolidationRow(criterion=criterion, verdicts=verdicts, value=values.get(criterion.pk))
        )
    return {
        "assessments": assessments,
        "result": result,
        "rows": rows,
        "disagreements": sum(1 for r in rows if r.disagrees),
    }


# --- lessons and recommendations -------------------------------------------------------------


@dataclass
class FactorLessons:
    factor: SuccessFactor
    lessons: list[Lesson]
    good_practices: list[Lesson]


def lessons_by_factor(
    program: Program, period: SystematizationPeriod | None, user: Any
) -> list[FactorLessons]:
    """Table 7: lessons learned and good practices per success factor, with the
    initiatives (those the user may see) that support them."""
    if period is None:
        return []
    visible = visible_initiatives(user, program)
    lessons = list(
        Lesson.objects.filter(period=period)
        .select_related("factor")
        .prefetch_related(
            Prefetch("initiatives", queryset=visible.select_related("program").order_by("number"))
        )
        .order_by("factor__order", "kind", "number")
    )
    factors = list(SuccessFactor.objects.filter(program=program).order_by("order", "code"))
    return [
        FactorLessons(
            factor=f,
            lessons=[
                x for x in lessons if x.factor_id == f.pk and x.kind == LessonKind.LESSON_LEARNED
            ],
            good_practices=[
                x for x in lessons if x.factor_id == f.pk and x.kind == LessonKind.GOOD_PRACTICE
            ],
        )
        for f in factors
    ]


def recommendations(
    program: Program, period: SystematizationPeriod | None, user: Any
) -> list[Recommendation]:
    """The period's recommendations; with their responses, key actions (annotated
    `is_overdue`) and follow-up history for partner members only."""
    if period is None:
        return []
    queryset = Recommendation.objects.filter(period=period).select_related("factor")
    if can_view_working_records(user, program):
        queryset = queryset.prefetch_related(
            Prefetch(
                "responses",
                queryset=ManagementResponse.objects.select_related("institution").order_by(
                    "institution__acronym_en"
                ),
            ),
            Prefetch(
                "actions",
                queryset=KeyAction.objects.with_overdue()
                .select_related("owner")
                .prefetch_related("updates__author")
                .order_by("number"),
            ),
        )
    return list(queryset.order_by("order", "code"))


def follow_up_summary(program: Program, period: SystematizationPeriod | None) -> dict:
    """Counts for the follow-up: responses by kind, actions by status, overdue actions."""
    from django.db.models import Count

    if period is None:
        return {"responses": {}, "actions": {}, "overdue": 0, "recommendations": 0}
    actions = KeyAction.objects.filter(recommendation__period=period)
    return {
        "recommendations": Recommendation.objects.filter(period=period).count(),
        "responses": dict(
            ManagementResponse.objects.filter(recommendation__period=period)
            .values_list("response")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "actions": dict(actions.values_list("status").annotate(n=Count("pk")).order_by()),
        "overdue": actions.overdue().count(),
    }


# --- coded evidence ---------------------------------------------------------------------------

#: The codes an excerpt carries, each a way to read the evidence: (key, label).
EVIDENCE_DIMENSIONS = (
    ("category", gettext_lazy("Analysis category")),
    ("initiative", gettext_lazy("Initiative")),
    ("factor", gettext_lazy("Success factor")),
)


@dataclass
class EvidenceGroup:
    """The excerpts coded to one analysis category, initiative or success factor (`code`
    None: those coded to none of them); `heading` groups categories by scope."""

    code: object | None
    heading: str
    excerpts: list = field(default_factory=list)


def coded_evidence(
    excerpts: list[Excerpt], *, by: str, program: Program, user: Any
) -> list[EvidenceGroup]:
    """Every code of the dimension `by` in the program's order, each with the excerpts
    (from `excerpts`, already filtered and prefetched with `for_display()`) coded to it,
    then those coded to none. One query for the codes, whatever the number of rows."""
    from alianza.systematization.models import AnalysisCategory

    codes: list[Any]
    if by == "initiative":
        codes = list(visible_initiatives(user, program).order_by("number"))

        def carried(e):
            return e.initiatives.all()

        def heading(_code):
            return ""
    elif by == "factor":
        codes = list(SuccessFactor.objects.filter(program=program).order_by("order", "code"))

        def carried(e):
            return e.factors.all()

        def heading(_code):
            return ""
    else:
        codes = list(
            AnalysisCategory.objects.filter(scope__program=program)
            .select_related("scope")
            .order_by("scope__order", "order", "code")
        )

        def carried(e):
            return e.categories.all()

        def heading(code):
            return code.scope.name

    groups = {code.pk: EvidenceGroup(code, heading(code)) for code in codes}
    uncoded = EvidenceGroup(None, "")
    for excerpt in excerpts:
        found = [groups[c.pk] for c in carried(excerpt) if c.pk in groups]
        for group in found:
            group.excerpts.append(excerpt)
        if not found:
            uncoded.excerpts.append(excerpt)
    return list(groups.values()) + ([uncoded] if uncoded.excerpts else [])


def citable_excerpts(period: SystematizationPeriod, initiative: Initiative) -> list[Excerpt]:
    """The period's excerpts an assessor may cite as evidence about `initiative`: those
    coded to it first (`coded_here`), then the others, each ready for display."""
    from django.db.models import Exists, OuterRef

    from alianza.systematization.models import Excerpt

    coded = Excerpt.initiatives.through.objects.filter(
        excerpt=OuterRef("pk"), initiative=initiative
    )
    return list(
        Excerpt.objects.filter(interview__period=period)
        .for_display()
        .annotate(coded_here=Exists(coded))
        .order_by("-coded_here", "interview__number", "pk")
    )


# --- pages --------------------------------------------------------------------------------------


def own_assessment(
    period: SystematizationPeriod, initiative: Initiative, user: Any
) -> Assessment | None:
    """The user's own assessment of `initiative` in `period`, with its items' excerpts."""
    return (
        Assessment.objects.filter(period=period, initiative=initiative, assessor=user)
        .prefetch_related("items__excerpts")
        .first()
    )


def informants_overview(
    program: Program, period: SystematizationPeriod | None, user: Any
) -> dict[str, Any]:
    """The informants page: case types with their informants' count, the informants with
    their interviews' count, the analysis frame, and the initiatives the informants
    nominated or the assessors scored (crossed with the criteria results)."""
    matrix = criteria_matrix(program, period, user)
    return {
        "case_types": list(
            CaseType.objects.filter(program=program)
            .annotate(n=Count("informants"))
            .order_by("order")
        ),
        "informants": list(
            Informant.objects.filter(program=program)
            .select_related("case_type", "institution")
            .annotate(interviews_n=Count("interviews"))
            .order_by("code")
        ),
        "scopes": list(
            AnalysisScope.objects.filter(program=program)
            .prefetch_related("categories", "questions")
            .order_by("order")
        ),
        "crossing": [row for row in matrix.rows if row.nominations or row.assessed],
        "interview_count": period.interviews.count() if period else 0,
        "nomination_count": Nomination.objects.filter(period=period).count() if period else 0,
    }


def page_interview(user: Any, program: Program, pk: int) -> Interview:
    """Interview `pk` of `program`, if the user may read it (404 otherwise)."""
    interview = (
        Interview.objects.internal_to(user)
        .filter(period__program=program, pk=pk)
        .select_related("period__program", "informant__case_type", "informant__institution")
        .first()
    )
    if interview is None:
        raise Http404(_("No such interview."))
    return interview


def page_excerpt(user: Any, program: Program, pk: int) -> Excerpt:
    """Excerpt `pk` of `program` with its codes and citations, if the user may read it."""
    excerpt = (
        Excerpt.objects.internal_to(user)
        .filter(interview__period__program=program, pk=pk)
        .for_display()
        .with_citations()
        .first()
    )
    if excerpt is None:
        raise Http404(_("No such excerpt."))
    return excerpt


def interview_nominations(interview: Interview) -> list[Nomination]:
    """The initiatives the interview's informant nominated in its period."""
    return list(
        Nomination.objects.filter(period=interview.period, informant=interview.informant)
        .select_related("initiative")
        .order_by("initiative__number")
    )
