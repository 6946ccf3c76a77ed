"""Forms that parse page input into the data the services take; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.systematization.choices import ActionStatus, CriterionValue, ResponseKind


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        else:
            widget.attrs.setdefault("class", "form-control form-control-sm")


class ServiceErrorsMixin:
    """Put a service's ValidationError (keyed by field) back on the form."""

    field_map: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            field = self.field_map.get(key, key)
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)


class AssessmentForm(ServiceErrorsMixin, forms.Form):
    """One select, one evidence box and one links box per criterion of the set."""

    def __init__(self, *args, criteria, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
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
        _style(self)

    def rows(self):
        return [
            (c, self[f"value_{c.code}"], self[f"evidence_{c.code}"], self[f"links_{c.code}"])
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
        self.fields["owner"].queryset = program.partners.order_by("acronym")
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
