"""Forms that parse page input into the data the services take; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.core.forms import DATE_INPUT, VersionedFormMixin, searchable
from alianza.initiatives.models import Initiative
from alianza.systematization.choices import ActionStatus, CriterionValue, ResponseKind
from alianza.systematization.models import (
    AnalysisCategory,
    Informant,
    Question,
    SuccessFactor,
)


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
            searchable(widget)
        else:
            widget.attrs.setdefault("class", "form-control form-control-sm")


def excerpt_label(excerpt) -> str:
    """'Interview 3 (i03): the first words of the excerpt…' for choices."""
    text = excerpt.text
    return _("Interview %(number)s (%(informant)s): %(text)s") % {
        "number": excerpt.interview.number,
        "informant": excerpt.interview.informant.code,
        "text": text if len(text) <= 140 else text[:139] + "…",
    }


class ServiceErrorsMixin(VersionedFormMixin):
    """Put a service's ValidationError (keyed by field) back on the form. Edit forms carry
    the version of their record (`VersionedFormMixin`)."""

    field_map: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            field = self.field_map.get(key, key)
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class AssessmentForm(ServiceErrorsMixin, forms.Form):
    """One select, one evidence box and one links box per criterion of the set."""

    def __init__(self, *args, criteria, assessment=None, excerpts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.excerpt_choices = [(str(e.pk), excerpt_label(e)) for e in excerpts]
        items = {i.criterion_id: i for i in assessment.items.all()} if assessment else {}
        choices = [("", _("No verdict"))] + list(CriterionValue.choices)
        for criterion in self.criteria:
            item = items.get(criterion.pk)
            self.fields[f"value_{criterion.code}"] = forms.ChoiceField(
                label=str(criterion),
                choices=choices,
                required=False,
                initial=item.value if item else "",
            )
            self.fields[f"evidence_{criterion.code}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=item.evidence if item else "",
            )
            self.fields[f"links_{criterion.code}"] = forms.CharField(
                label=_("Linked documents (one address per line)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=item.links if item else "",
            )
            self.fields[f"excerpts_{criterion.code}"] = forms.MultipleChoiceField(
                label=_("Interview excerpts"),
                choices=self.excerpt_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                initial=[str(e.pk) for e in item.excerpts.all()] if item else [],
            )
        _style(self)

    def rows(self):
        return [
            (
                c,
                self[f"value_{c.code}"],
                self[f"evidence_{c.code}"],
                self[f"links_{c.code}"],
                self[f"excerpts_{c.code}"],
            )
            for c in self.criteria
        ]

    def items(self, language: str) -> dict[str, dict | None]:
        lang = "es" if language.startswith("es") else "en"
        data = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"value_{criterion.code}")
            if not value:
                data[criterion.code] = None
                continue
            data[criterion.code] = {
                "value": value,
                f"evidence_{lang}": self.cleaned_data.get(f"evidence_{criterion.code}", ""),
                "links": self.cleaned_data.get(f"links_{criterion.code}", ""),
                "excerpts": [int(pk) for pk in self.cleaned_data.get(f"excerpts_{criterion.code}")],
            }
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            for message in messages:
                code = message.split(":", 1)[0]
                field = f"{key}_{code}" if f"{key}_{code}" in self.fields else None
                self.add_error(field, message)


class SettleForm(forms.Form):
    criterion = forms.CharField(widget=forms.HiddenInput)
    value = forms.ChoiceField(
        label=_("Consolidated value"),
        choices=[("", _("Back to the assessors' agreement"))] + list(CriterionValue.choices),
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class MentionForm(ServiceErrorsMixin, forms.Form):
    is_special_mention = forms.BooleanField(label=_("Special mention"), required=False)
    special_mention_reason_es = forms.CharField(
        label=_("Reason (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    special_mention_reason_en = forms.CharField(
        label=_("Reason (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    @staticmethod
    def initial_for(result) -> dict | None:
        """The form's initial values from a consolidated result (None: no result yet)."""
        if result is None:
            return None
        return {
            "is_special_mention": result.is_special_mention,
            "special_mention_reason_en": result.special_mention_reason_en,
            "special_mention_reason_es": result.special_mention_reason_es,
        }


class ResponseForm(ServiceErrorsMixin, forms.Form):
    response = forms.ChoiceField(label=_("Response"), choices=ResponseKind.choices)
    reason_es = forms.CharField(
        label=_("Reason (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason_en = forms.CharField(
        label=_("Reason (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class KeyActionForm(ServiceErrorsMixin, forms.Form):
    description_es = forms.CharField(
        label=_("Description (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Institution.objects.none(), required=False
    )
    responsible_unit = forms.CharField(label=_("Responsible unit"), required=False, max_length=255)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = program.partners.order_by("acronym_en")
        _style(self)


class FollowUpForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    comment_es = forms.CharField(
        label=_("Comment (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    comment_en = forms.CharField(
        label=_("Comment (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


# --- interviews and coded excerpts ---------------------------------------------------------------


class InterviewForm(ServiceErrorsMixin, forms.Form):
    """An interview with one of the program's informants (known by code, never by name)."""

    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the period's next number."),
    )
    informant = forms.ModelChoiceField(label=_("Informant"), queryset=Informant.objects.none())
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DATE_INPUT)
    notes_es = forms.CharField(
        label=_("Notes (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes_en = forms.CharField(
        label=_("Notes (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, program, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["informant"]
        field.queryset = (
            Informant.objects.filter(program=program)
            .select_related("case_type", "institution")
            .order_by("code")
        )
        field.label_from_instance = informant_label
        if not creating:
            del self.fields["number"]
        _style(self)

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "number"}


def question_label(question) -> str:
    """'Strategy 2. Where does the interest…' (the guide numbers its questions by scope)."""
    text = question.text
    return f"{question.scope.name} {question.number}. " + (
        text if len(text) <= 100 else text[:99] + "…"
    )


def informant_label(informant) -> str:
    parts = [informant.code, f"{informant.case_type.code}. {informant.case_type.name}"]
    if informant.institution_id:
        parts.append(str(informant.institution))
    if informant.role:
        parts.append(informant.role)
    return " · ".join(parts)


class ExcerptForm(ServiceErrorsMixin, forms.Form):
    """A passage of an interview and its codes, chosen among the program's analysis
    categories (Table 1), initiatives and success factors."""

    question = forms.ModelChoiceField(
        label=_("Question of the guide"), queryset=Question.objects.none(), required=False
    )
    text_es = forms.CharField(
        label=_("Text (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    text_en = forms.CharField(
        label=_("Text (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Analysis categories"),
        queryset=AnalysisCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    factors = forms.ModelMultipleChoiceField(
        label=_("Success factors"),
        queryset=SuccessFactor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, data=None, *args, program, initiatives, excerpt=None, **kwargs):
        if excerpt is not None and data is None:
            kwargs["initial"] = {
                "question": excerpt.question_id,
                "text_es": excerpt.text_es,
                "text_en": excerpt.text_en,
                "categories": [c.pk for c in excerpt.categories.all()],
                "initiatives": [i.pk for i in excerpt.initiatives.all()],
                "factors": [f.pk for f in excerpt.factors.all()],
            }
        # Each excerpt's form has ids of its own: several are on the interview's page.
        kwargs.setdefault("auto_id", f"id_excerpt-{excerpt.pk if excerpt else 'new'}_%s")
        super().__init__(data, *args, **kwargs)
        self.fields["question"].queryset = (
            Question.objects.filter(scope__program=program)
            .select_related("scope")
            .order_by("scope__order", "scope__code", "number")
        )
        self.fields["question"].label_from_instance = question_label
        self.fields["categories"].queryset = (
            AnalysisCategory.objects.filter(scope__program=program)
            .select_related("scope")
            .order_by("scope__order", "order", "code")
        )
        self.fields["categories"].label_from_instance = lambda c: f"{c.scope.name}: {c.name}"
        self.fields["initiatives"].queryset = initiatives.order_by("number")
        self.fields["initiatives"].label_from_instance = lambda i: f"{i.number}. {i.title}"
        self.fields["factors"].queryset = SuccessFactor.objects.filter(program=program).order_by(
            "order", "code"
        )
        _style(self)

    def service_kwargs(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "values": {k: cleaned[k] for k in ("question", "text_es", "text_en")},
            "categories": list(cleaned["categories"]),
            "initiatives": list(cleaned["initiatives"]),
            "factors": list(cleaned["factors"]),
        }
