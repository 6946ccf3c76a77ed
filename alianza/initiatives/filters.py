"""One FilterSet serves the initiatives list page, its exports and /api/v1/initiatives/.

Besides fixed filters (program, phase, component, period, text), it grows one
filter per classification scheme of the program: `?incidence_level=systemic`,
`?support_dimension=institutional_operational_development` (a parent term
includes its sub-terms). `?classification=scheme:term` does the same generically.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Case, CharField, DecimalField, F, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alianza.core import params
from alianza.core.extensions import InitiativeField, initiative_fields
from alianza.core.forms import searchable
from alianza.core.search import text_search
from alianza.initiatives.models import (
    Classification,
    ClassificationScheme,
    ClassificationTerm,
    Initiative,
)


def _terms_and_descendants(scheme_code: str, codes: list[str], program=None):
    """Initiative ids classified under any of `codes` (or their sub-terms) in the scheme."""
    rows = Classification.objects.filter(scheme__code=scheme_code)
    if program is not None:
        rows = rows.filter(scheme__program=program)
    rows = rows.filter(term__code__in=codes) | rows.filter(term__parent__code__in=codes)
    return rows.values("initiative_id")


class SchemeTermFilter(django_filters.MultipleChoiceFilter):
    """Filter by the terms of one classification scheme (term codes, several allowed)."""

    def __init__(self, *args, scheme_code: str, program=None, **kwargs):
        self.scheme_code = scheme_code
        self.program = program
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=_terms_and_descendants(self.scheme_code, list(value), self.program))


def _with_cost_to_sort(qs):
    """`cost_sort`: the cost in the program's currency, with the records in other currencies
    converted (in Python, for the few initiatives that have some)."""
    from alianza.initiatives.costs import costs_of

    if "cost" not in qs.query.annotations:
        qs = qs.with_cost()
    foreign = list(qs.filter(foreign_costs__gt=0).order_by().values_list("pk", flat=True))
    if not foreign:
        return qs.annotate(cost_sort=F("cost"))
    output = DecimalField(max_digits=16, decimal_places=2)
    whens = [
        When(pk=pk, then=Value(cost.amount, output_field=output))
        for pk, cost in costs_of(foreign).items()
    ]
    return qs.annotate(cost_sort=Case(*whens, default=F("cost"), output_field=output))


class InitiativeOrderingFilter(django_filters.OrderingFilter):
    def filter(self, qs, value):
        if value and any(v.lstrip("-") == "title" for v in value):
            lang = (get_language() or "es")[:2]
            other = "en" if lang == "es" else "es"
            qs = qs.annotate(
                title_sort=Case(
                    When(**{f"title_{lang}": ""}, then=F(f"title_{other}")),
                    default=F(f"title_{lang}"),
                    output_field=CharField(),
                )
            )
        if value and any(v.lstrip("-") == "cost" for v in value):
            qs = _with_cost_to_sort(qs)
        if (
            value
            and any(v.lstrip("-") == "start" for v in value)
            and "first_start" not in qs.query.annotations
        ):
            qs = qs.with_first_start()
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "number")
        return qs

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        param = param[1:] if descending else param
        field_name = self.param_map.get(param, param)
        if field_name in ("cost_sort", "first_start"):
            expression = F(field_name)
            return (
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return super().get_ordering_value(("-" if descending else "") + param)


class InitiativeFilterSet(django_filters.FilterSet):
    program = django_filters.CharFilter(
        field_name="program__code", lookup_expr="iexact", label=_("Program")
    )
    q = django_filters.CharFilter(
        method="filter_text", label=_("Search"), help_text=_("Words in the title or description")
    )
    number = params.IntegerFilter(label=_("Number"))
    phase = params.IntegerFilter(field_name="phase__number", label=_("Phase"))
    component = params.IntegerFilter(field_name="component__number", label=_("Component"))
    year = params.YearFilter(method="filter_year", label=_("Active in year"))
    active_from = params.DateFilter(method="filter_active_from", label=_("Active from"))
    active_to = params.DateFilter(method="filter_active_to", label=_("Active until"))
    classification = django_filters.MultipleChoiceFilter(
        method="filter_classification",
        label=_("Classification"),
        help_text=_("scheme:term, e.g. incidence_level:systemic"),
    )
    has_cost = params.BooleanFilter(method="filter_has_cost", label=_("Has a cost"))
    is_public = params.BooleanFilter(label=_("Public"))
    ordering = InitiativeOrderingFilter(
        fields=(
            ("number", "number"),
            ("title_sort", "title"),
            ("cost_sort", "cost"),
            ("first_start", "start"),
            ("phase__number", "phase"),
        ),
        field_labels={
            "number": _("Number"),
            "title_sort": _("Title"),
            "cost_sort": _("Cost"),
            "first_start": _("Start"),
            "phase__number": _("Phase"),
        },
        label=_("Sort by"),
    )

    class Meta:
        model = Initiative
        fields = [
            "program",
            "q",
            "number",
            "phase",
            "component",
            "year",
            "active_from",
            "active_to",
            "classification",
            "has_cost",
            "is_public",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, program=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.program = program
        for extension in initiative_fields:
            if extension.filter is not None and extension.label is not None:
                self.filters[extension.name] = ExtensionFilter(
                    field_name=extension.name, extension=extension, label=extension.label
                )
        if program is not None:
            self._name_cost_in(program.currency)
            self.filters["phase"] = django_filters.ChoiceFilter(
                field_name="phase__number",
                label=_("Phase"),
                choices=[(p.number, p.name) for p in program.phases.order_by("number")],
            )
            self.filters["component"] = django_filters.ChoiceFilter(
                field_name="component__number",
                label=_("Component"),
                choices=[
                    (c.number, f"{c.number}. {c.name}")
                    for c in program.components.order_by("number")
                ],
            )
        schemes = ClassificationScheme.objects.prefetch_related(
            Prefetch("terms", queryset=ClassificationTerm.objects.select_related("parent"))
        ).order_by("order", "code")
        if program is not None:
            schemes = schemes.filter(program=program)
        else:
            from alianza.programs.models import Program

            if request is not None:
                schemes = schemes.filter(program__in=Program.objects.visible_to(request.user))
            if data and data.get("program"):
                schemes = schemes.filter(program__code__iexact=data.get("program"))
        self.schemes = list(schemes)
        self.filters["classification"].extra["choices"] = sorted(
            {
                (f"{s.code}:{t.code}", f"{s.name}: {t.name}")
                for s in self.schemes
                for t in s.terms.all()
            }
        )
        seen = set()
        for scheme in self.schemes:
            if scheme.code in seen or scheme.code in self.filters:
                continue
            seen.add(scheme.code)
            choices = [
                (t.code, f"— {t.name}" if t.parent_id else t.name) for t in _ordered_terms(scheme)
            ]
            if program is None:
                choices = sorted(
                    {
                        c
                        for s in self.schemes
                        if s.code == scheme.code
                        for c in [(t.code, t.name) for t in s.terms.all()]
                    }
                )
            self.filters[scheme.code] = SchemeTermFilter(
                field_name=scheme.code,
                scheme_code=scheme.code,
                program=program,
                choices=choices,
                label=scheme.name,
                widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4}),
            )

    def _name_cost_in(self, currency: str) -> None:
        """The sort by cost names the program's currency: "Cost (EUR)"."""
        label = _("Cost (%(currency)s)") % {"currency": currency}
        names = {"cost": label, "-cost": _("%s (descending)") % label}
        ordering = self.filters["ordering"]
        ordering.extra["choices"] = [
            (value, names.get(value, name)) for value, name in ordering.extra["choices"]
        ]

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs.setdefault(
                    "class",
                    css + " form-control-sm" if css == "form-control" else css + " form-select-sm",
                )
                if isinstance(field, forms.DateField):
                    widget.input_type, widget.format = "date", "%Y-%m-%d"
                searchable(widget)
            form._styled = True
        return form

    def filter_rows(self, queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
        """The valid filters, without the ordering, applied to another queryset of
        initiatives (the list's totals read a lean one); call after `is_valid()`."""
        if not self.is_bound:
            return queryset
        for name, value in self.form.cleaned_data.items():
            if name != "ordering":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_text(self, queryset, name, value):
        """Every word in a title or description, accents and case ignored; a word that
        begins with an extension's search word ("emblemática", "flagships") also finds
        the initiatives that extension's filter keeps."""
        return text_search(
            queryset, value, SEARCHED_FIELDS, extra=lambda word: _extension_match(word)
        )

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.active_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def filter_active_from(self, queryset, name, value):
        # One window: a single period must overlap both bounds.
        return queryset.active_between(value, self.form.cleaned_data.get("active_to"))

    def filter_active_to(self, queryset, name, value):
        if self.form.cleaned_data.get("active_from"):
            return queryset  # applied together with active_from
        return queryset.active_between(None, value)

    def filter_classification(self, queryset, name, value: list[str]):
        """Every given scheme:term pair must hold (choices refuse unknown pairs)."""
        for pair in value:
            scheme_code, _sep, term_code = pair.partition(":")
            queryset = queryset.filter(
                pk__in=_terms_and_descendants(scheme_code, [term_code], self.program)
            )
        return queryset

    def filter_has_cost(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(costs__isnull=False).distinct()
        return queryset.filter(costs__isnull=True)


SEARCHED_FIELDS = ("title_en", "title_es", "description_en", "description_es")


def _extension_match(folded_word: str) -> Q | None:
    """Initiatives found by a searched word through the registered fields' search words."""
    matches = [
        Q(pk__in=field.filter(Initiative.objects.all(), True).values("pk"))
        for field in initiative_fields
        if field.filter is not None
        and any(folded_word.startswith(word) for word in field.search_words)
    ]
    return reduce(or_, matches) if matches else None


class ExtensionFilter(params.BooleanFilter):
    """A yes/no filter a registered initiative field brings (`?flagship=true`)."""

    def __init__(self, *args, extension: InitiativeField, **kwargs):
        self.extension = extension
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None or self.extension.filter is None:
            return qs
        return self.extension.filter(qs, value)


def _ordered_terms(scheme: ClassificationScheme):
    """Terms in display order, each parent followed by its sub-terms."""
    terms = sorted(scheme.terms.all(), key=lambda t: (t.order, t.code))
    roots = [t for t in terms if t.parent_id is None]
    ordered = []
    for root in roots:
        ordered.append(root)
        ordered.extend(t for t in terms if t.parent_id == root.pk)
    known = {t.pk for t in ordered}
    ordered.extend(t for t in terms if t.pk not in known)
    return ordered


ordered_terms = _ordered_terms
