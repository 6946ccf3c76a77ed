"""FilterSets for the systematization API (by program code and period code), and the
interviews and excerpts filters that serve both their list pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.core import params
from alianza.core.search import text_search
from alianza.systematization.models import (
    AnalysisCategory,
    Assessment,
    CaseType,
    ConsolidatedResult,
    CriteriaSet,
    Excerpt,
    Informant,
    Interview,
    KeyAction,
    Lesson,
    ManagementResponse,
    Recommendation,
    SystematizationPeriod,
)


def _filterset(model, program_path: str, period_path: str | None, extra: dict | None = None):
    attrs = {
        "program": django_filters.CharFilter(
            field_name=program_path, lookup_expr="iexact", label=_("Program")
        ),
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    if period_path:
        attrs["period"] = django_filters.CharFilter(field_name=period_path, label=_("Period"))
    attrs |= extra or {}
    return type(f"{model.__name__}FilterSet", (django_filters.FilterSet,), attrs)


CriteriaSetFilterSet = _filterset(CriteriaSet, "program__code", None)
PeriodFilterSet = _filterset(SystematizationPeriod, "program__code", None)
AssessmentFilterSet = _filterset(
    Assessment,
    "period__program__code",
    "period__code",
    {"initiative": params.IntegerFilter(field_name="initiative__number", label=_("Initiative"))},
)
ResultFilterSet = _filterset(
    ConsolidatedResult,
    "period__program__code",
    "period__code",
    {"initiative": params.IntegerFilter(field_name="initiative__number", label=_("Initiative"))},
)
LessonFilterSet = _filterset(
    Lesson,
    "period__program__code",
    "period__code",
    {
        "factor": django_filters.CharFilter(field_name="factor__code", label=_("Success factor")),
        "kind": django_filters.CharFilter(field_name="kind", label=_("Kind")),
    },
)
RecommendationFilterSet = _filterset(
    Recommendation,
    "period__program__code",
    "period__code",
    {"factor": django_filters.CharFilter(field_name="factor__code", label=_("Success factor"))},
)


class KeyActionFilterSet(django_filters.FilterSet):
    program = django_filters.CharFilter(
        field_name="recommendation__period__program__code", lookup_expr="iexact", label=_("Program")
    )
    period = django_filters.CharFilter(field_name="recommendation__period__code", label=_("Period"))
    recommendation = django_filters.CharFilter(
        field_name="recommendation__code", label=_("Recommendation")
    )
    status = django_filters.CharFilter(field_name="status", label=_("Status"))
    overdue = params.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = KeyAction
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


ResponseFilterSet = _filterset(
    ManagementResponse,
    "recommendation__period__program__code",
    "recommendation__period__code",
)


# --- interviews and coded excerpts ---------------------------------------------------------------


def _coded(value) -> Q:
    """Excerpts carrying the analysis category `value` (a code, or an id)."""
    value = str(value).strip()
    condition = Q(categories__code=value)
    if value.isdigit() and len(value) < 10:
        condition |= Q(categories__pk=int(value))
    return condition


class CodedEvidenceFilterSet(django_filters.FilterSet):
    """Shared by interviews and excerpts: by the informant's case type and institution,
    and by what the excerpts are coded to (analysis category, initiative, success factor).

    Given a `program` (the pages), the codes become choices of that program; without one
    (the API) they are plain codes. `excerpt_target` is the field of an excerpt that points
    at the filtered model."""

    excerpt_target = "pk"

    case_type = django_filters.CharFilter(
        field_name="informant__case_type__code", label=_("Case type")
    )
    institution = django_filters.CharFilter(
        field_name="informant__institution__code", label=_("Institution")
    )
    category = django_filters.CharFilter(
        method="filter_category",
        label=_("Analysis category"),
        help_text=_("Category code (or id)"),
    )
    initiative = params.IntegerFilter(
        method="filter_initiative", label=_("Initiative"), help_text=_("Initiative number")
    )
    factor = django_filters.CharFilter(
        method="filter_factor", label=_("Success factor"), help_text=_("Success factor code")
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, program=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.program = program
        if program is None:
            return
        from alianza.systematization.models import SuccessFactor
        from alianza.systematization.selectors import visible_initiatives

        choice = django_filters.ChoiceFilter
        self.filters["case_type"] = choice(
            field_name=self.filters["case_type"].field_name,
            label=_("Case type"),
            choices=[
                (c.code, str(c)) for c in CaseType.objects.filter(program=program).order_by("order")
            ],
        )
        informants = list(
            Informant.objects.filter(program=program)
            .select_related("case_type", "institution")
            .order_by("code")
        )
        if "informant" in self.filters:
            self.filters["informant"] = choice(
                field_name=self.filters["informant"].field_name,
                label=_("Informant"),
                choices=[(i.code, f"{i.code} ({i.case_type.code})") for i in informants],
            )
        institutions = {
            i.institution.code: str(i.institution)
            for i in sorted(
                (i for i in informants if i.institution_id), key=lambda i: i.institution.acronym
            )
        }
        self.filters["institution"] = choice(
            field_name=self.filters["institution"].field_name,
            label=_("Institution"),
            choices=list(institutions.items()),
        )
        self.filters["category"] = choice(
            method="filter_category",
            label=_("Analysis category"),
            choices=[
                (c.code, f"{c.scope.name}: {c.name}")
                for c in AnalysisCategory.objects.filter(scope__program=program)
                .select_related("scope")
                .order_by("scope__order", "order", "code")
            ],
        )
        self.filters["initiative"] = choice(
            method="filter_initiative",
            label=_("Initiative"),
            choices=[
                (i.number, f"{i.number}. {i.title}")
                for i in visible_initiatives(self.request.user, program).order_by("number")
            ]
            if self.request is not None
            else [],
        )
        self.filters["factor"] = choice(
            method="filter_factor",
            label=_("Success factor"),
            choices=[
                (f.code, f.name)
                for f in SuccessFactor.objects.filter(program=program).order_by("order", "code")
            ],
        )
        for filter_ in self.filters.values():
            filter_.parent, filter_.model = self, self.queryset.model

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, forms.Select):
                    widget.attrs.setdefault("class", "form-select form-select-sm")
                else:
                    widget.attrs.setdefault("class", "form-control form-control-sm")
                if isinstance(field, forms.DateField):
                    widget.input_type, widget.format = "date", "%Y-%m-%d"
            form._styled = True
        return form

    def _with_excerpts(self, queryset, condition: Q):
        return queryset.filter(pk__in=Excerpt.objects.filter(condition).values(self.excerpt_target))

    def filter_category(self, queryset, name, value):
        return self._with_excerpts(queryset, _coded(value))

    def filter_initiative(self, queryset, name, value):
        return self._with_excerpts(queryset, Q(initiatives__number=int(value)))

    def filter_factor(self, queryset, name, value):
        return self._with_excerpts(queryset, Q(factors__code=value))


class InterviewFilterSet(CodedEvidenceFilterSet):
    excerpt_target = "interview_id"

    program = django_filters.CharFilter(
        field_name="period__program__code", lookup_expr="iexact", label=_("Program")
    )
    period = django_filters.CharFilter(field_name="period__code", label=_("Period"))
    informant = django_filters.CharFilter(field_name="informant__code", label=_("Informant"))
    held_from = params.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held from"))
    held_to = params.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held until"))

    class Meta:
        model = Interview
        fields = [
            "program",
            "period",
            "case_type",
            "institution",
            "informant",
            "held_from",
            "held_to",
            "category",
            "initiative",
            "factor",
        ]


class ExcerptFilterSet(CodedEvidenceFilterSet):
    program = django_filters.CharFilter(
        field_name="interview__period__program__code", lookup_expr="iexact", label=_("Program")
    )
    period = django_filters.CharFilter(field_name="interview__period__code", label=_("Period"))
    interview = params.IntegerFilter(field_name="interview_id", label=_("Interview"))
    informant = django_filters.CharFilter(
        field_name="interview__informant__code", label=_("Informant")
    )
    q = django_filters.CharFilter(
        method="filter_text", label=_("Search"), help_text=_("Words in the excerpt")
    )

    class Meta:
        model = Excerpt
        fields = [
            "program",
            "period",
            "interview",
            "informant",
            "case_type",
            "institution",
            "category",
            "initiative",
            "factor",
            "q",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in ("case_type", "institution"):
            self.filters[key].field_name = f"interview__{self.filters[key].field_name}"

    def filter_text(self, queryset, name, value):
        return text_search(queryset, value, ["text_en", "text_es"])
