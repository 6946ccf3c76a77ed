"""The initiative form: its fields, one choice per classification scheme, and the
collections it owns (periods, costs, people and organizations, key figures).

The form parses input into the data the services take; the services decide.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.core.dates import partial_date_string
from alianza.core.forms import (
    DATE_INPUT,
    PartialDateField,
    RowsField,
    ServiceFormMixin,
    bootstrap,
    translation_marks_field,
)
from alianza.initiatives.filters import ordered_terms
from alianza.initiatives.models import (
    ClassificationScheme,
    CostRecord,
    ExecutionPeriod,
    Initiative,
    Involvement,
    KeyFigure,
    PolicyProvision,
)
from alianza.initiatives.services import SCALAR_FIELDS
from alianza.programs.models import Component, ExpectedResult, Phase

SCHEME_PREFIX = "scheme_"


class InitiativeForm(ServiceFormMixin, forms.ModelForm):
    """The initiative itself; its page also shows the formsets of what it owns, so the
    service's messages about those are shown beside them (`service_errors_elsewhere`)."""

    service_errors_elsewhere = True

    alignments = forms.ModelMultipleChoiceField(
        queryset=PolicyProvision.objects.none(),
        required=False,
        label=_("Alignment"),
        help_text=_("Articles, objectives, strategies and lines of action it contributes to."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Initiative
        fields = [
            "number",
            "title_es",
            "title_en",
            "description_es",
            "description_en",
            "phase",
            "component",
            "result",
            "placement_es",
            "placement_en",
            "scope_text_es",
            "scope_text_en",
            "challenge_es",
            "challenge_en",
            "good_practice_es",
            "good_practice_en",
            "translated_fields",
            "is_public",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "description_es",
                "description_en",
                "scope_text_es",
                "scope_text_en",
                "challenge_es",
                "challenge_en",
                "good_practice_es",
                "good_practice_en",
            )
        }

    def __init__(self, *args, program, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["phase"].queryset = Phase.objects.filter(program=program)
        self.fields["phase"].label_from_instance = lambda phase: phase.name
        self.fields["component"].queryset = Component.objects.filter(program=program)
        self.fields["component"].label_from_instance = lambda c: f"{c.number}. {c.name}"
        self.fields["result"].queryset = ExpectedResult.objects.filter(
            version__program=program
        ).select_related("version")
        self.fields["result"].label_from_instance = lambda r: (
            f"{r.version.label} · {_('Result')} {r.number}. {r.title}"
        )
        self.fields["alignments"].queryset = PolicyProvision.objects.select_related(
            "instrument"
        ).order_by("instrument__code", "code")
        self.fields["alignments"].label_from_instance = lambda p: (
            f"{p.instrument} · {p.label}" + (f" — {p.text[:80]}" if p.text else "")
        )
        self.fields["translated_fields"] = translation_marks_field(Initiative, self._meta.fields)
        if not can_publish:
            self.fields["is_public"].disabled = True
        self.schemes = list(
            ClassificationScheme.objects.filter(program=program)
            .prefetch_related("terms")
            .order_by("order", "code")
        )
        current: dict[str, list[str]] = {}
        if self.instance.pk:
            for row in self.instance.classifications.select_related("scheme", "term"):
                current.setdefault(row.scheme.code, []).append(row.term.code)
            self.fields["alignments"].initial = list(
                self.instance.provisions.values_list("pk", flat=True)
            )
        for scheme in self.schemes:
            choices = [
                (t.code, f"— {t.name}" if t.parent_id else t.name) for t in ordered_terms(scheme)
            ]
            name = SCHEME_PREFIX + scheme.code
            if scheme.allows_multiple:
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices,
                    required=False,
                    label=scheme.name,
                    initial=current.get(scheme.code, []),
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "—")] + choices,
                    required=False,
                    label=scheme.name,
                    initial=(current.get(scheme.code) or [""])[0],
                )
        bootstrap(self)

    def scheme_fields(self):
        return [self[SCHEME_PREFIX + s.code] for s in self.schemes]

    def to_service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name in SCALAR_FIELDS and name in self.cleaned_data
        }
        if self.fields["is_public"].disabled:
            data.pop("is_public", None)
        classifications = {}
        for scheme in self.schemes:
            value = self.cleaned_data.get(SCHEME_PREFIX + scheme.code)
            classifications[scheme.code] = (
                value if isinstance(value, list) else ([value] if value else [])
            )
        data["classifications"] = classifications
        data["alignments"] = list(self.cleaned_data.get("alignments") or [])
        return data

    def service_field(self, key: str) -> str | None:
        """A scheme's code names its field `scheme_<code>`."""
        if SCHEME_PREFIX + key in self.fields:
            return SCHEME_PREFIX + key
        return super().service_field(key)


class PeriodForm(forms.Form):
    start = PartialDateField(label=_("Start"))
    end = PartialDateField(label=_("End"), end=True, required=False)
    note_es = forms.CharField(label=_("Note (Spanish)"), required=False, max_length=255)
    note_en = forms.CharField(label=_("Note (English)"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            period = ExecutionPeriod(start_date=start.value, end_date=end.value)
            try:
                period.clean()
            except ValidationError as exc:
                self.add_error("end", exc.message_dict.get("end_date"))
        return cleaned

    def to_service_data(self) -> dict:
        start, end = self.cleaned_data["start"], self.cleaned_data.get("end")
        return {
            "start_date": start.value,
            "start_precision": start.precision,
            "end_date": end.value if end else None,
            "end_precision": end.precision if end else start.precision,
            "note_en": self.cleaned_data.get("note_en", ""),
            "note_es": self.cleaned_data.get("note_es", ""),
        }

    @staticmethod
    def initial_for(period: ExecutionPeriod) -> dict:
        return {
            "start": partial_date_string(period.start_date, period.start_precision),
            "end": partial_date_string(period.end_date, period.end_precision),
            "note_en": period.note_en,
            "note_es": period.note_es,
        }


class _OwnedModelForm(forms.ModelForm):
    """A form for a record the initiative owns; validated by the model's own rules."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def to_service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class CostForm(_OwnedModelForm):
    class Meta:
        model = CostRecord
        fields = [
            "amount",
            "currency",
            "value_date",
            "description_es",
            "description_en",
            "note_es",
            "note_en",
        ]
        widgets = {
            "value_date": DATE_INPUT,
            "note_es": forms.TextInput(),
            "note_en": forms.TextInput(),
        }

    def __init__(self, *args, currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if currency:  # a new record is in the program's currency unless changed
            self.fields["currency"].initial = currency


class InvolvementForm(_OwnedModelForm):
    class Meta:
        model = Involvement
        fields = ["institution", "person_name", "role_es", "role_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.order_by("acronym_en", "name_en")


class KeyFigureForm(_OwnedModelForm):
    class Meta:
        model = KeyFigure
        fields = ["value", "label_es", "label_en"]


PeriodFormSet = formset_factory(PeriodForm, extra=1, can_delete=True)
CostFormSet = formset_factory(CostForm, extra=1, can_delete=True)
InvolvementFormSet = formset_factory(InvolvementForm, extra=1, can_delete=True)
KeyFigureFormSet = formset_factory(KeyFigureForm, extra=1, can_delete=True)

FORMSETS = {
    "periods": PeriodFormSet,
    "costs": CostFormSet,
    "involvements": InvolvementFormSet,
    "key_figures": KeyFigureFormSet,
}


def formset_initial(initiative: Initiative | None) -> dict[str, list[dict]]:
    if initiative is None or initiative.pk is None:
        return {key: [] for key in FORMSETS}
    return {
        "periods": [PeriodForm.initial_for(p) for p in initiative.periods.all()],
        "costs": [{f: getattr(c, f) for f in CostForm.Meta.fields} for c in initiative.costs.all()],
        "involvements": [
            {
                "institution": i.institution_id,
                "person_name": i.person_name,
                "role_es": i.role_es,
                "role_en": i.role_en,
            }
            for i in initiative.involvements.all()
        ],
        "key_figures": [
            {f: getattr(k, f) for f in KeyFigureForm.Meta.fields}
            for k in initiative.key_figures.all()
        ],
    }


def collected(formset) -> list[dict]:
    """The service data of a valid formset's filled, undeleted forms."""
    items = []
    for form in formset.forms:
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        items.append(form.to_service_data())
    return items


class SchemeForm(ServiceFormMixin, forms.ModelForm):
    """A classification scheme with its terms, one per line: 'code | name (English) | name
    (Spanish) | parent code' (a parent listed before its sub-terms). The code stays once
    the scheme exists."""

    terms = RowsField(
        label=_("Terms"),
        columns=("code", "name_en", "name_es", "parent"),
        required_columns=2,
        help_text=_(
            "One per line: code | name (English) | name (Spanish) | parent code. "
            "A term in use by an initiative cannot be removed."
        ),
    )

    class Meta:
        model = ClassificationScheme
        fields = [
            "code",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "is_hierarchical",
            "allows_multiple",
            "order",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "description_es": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
            self.initial["terms"] = [
                {
                    "code": t.code,
                    "name_en": t.name_en,
                    "name_es": t.name_es,
                    "parent": t.parent.code if t.parent_id else "",
                }
                for t in self.instance.terms.select_related("parent").order_by("order", "code")
            ]
        self.bootstrap()
