"""Forms of deployments: the mission with its destinations (one per line), a person and
their checklist, and the approval."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.core.forms import DATE_INPUT, RowsField, ServiceFormMixin
from alianza.deployments.models import DeployedPerson, Deployment

TEXT = forms.Textarea(attrs={"rows": 3})
YES = {"yes", "y", "sí", "si", "s", "x", "true", "1"}


class DeploymentForm(ServiceFormMixin, forms.ModelForm):
    """A mission; its destinations one per line."""

    destinations = RowsField(
        label=_("Destinations"),
        columns=("country", "place", "site_es", "site_en", "vulnerable_populations"),
        help_text=_(
            "One per line: country code | state or place | site (Spanish) | site (English) | "
            "vulnerable populations (yes/no)."
        ),
    )

    class Meta:
        model = Deployment
        fields = [
            "title_es",
            "title_en",
            "purpose_es",
            "purpose_en",
            "initiative",
            "start_date",
            "end_date",
            "reported_headcount",
        ]
        widgets = {
            "purpose_es": TEXT,
            "purpose_en": TEXT,
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        if self.instance.pk:
            self.fields["destinations"].initial = [
                {**row, "vulnerable_populations": _("yes") if row["vulnerable_populations"] else ""}
                for row in self.instance.audit_related()["destinations"]
            ]
        self.bootstrap()

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "destinations"}

    def destination_rows(self) -> list[dict]:
        return [
            {
                **row,
                "vulnerable_populations": (row.get("vulnerable_populations") or "").lower() in YES,
            }
            for row in self.cleaned_data.get("destinations") or []
        ]


class DeployedPersonForm(ServiceFormMixin, forms.ModelForm):
    """A person on a mission and their duty-of-care checklist."""

    class Meta:
        model = DeployedPerson
        fields = [
            "specialist",
            "first_aid_on",
            "code_of_conduct_on",
            "data_protection_on",
        ]
        widgets = dict.fromkeys(
            ("first_aid_on", "code_of_conduct_on", "data_protection_on"), DATE_INPUT
        )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        from alianza.specialists.models import Specialist

        if self.instance.pk:
            del self.fields["specialist"]
        else:
            self.fields["specialist"].queryset = Specialist.objects.filter(program=program)
        self.bootstrap()


class ApproveForm(ServiceFormMixin, forms.Form):
    """The approval: its date (today unless given)."""

    approved_on = forms.DateField(label=_("approved on"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()

    def service_field(self, key: str) -> str | None:
        return key if key in self.fields else None
