"""Forms of the budget pages; they parse input into the data the services take."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from alianza.core.forms import DATE_INPUT, ServiceFormMixin
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction


class ExchangeRateForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["base_currency", "currency", "valid_from", "valid_to", "rate", "source"]
        widgets = {"valid_from": DATE_INPUT, "valid_to": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class BudgetLineForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "year",
            "component",
            "initiative",
            "funding_source",
            "currency",
            "original_amount",
            "revised_amount",
            "revision",
            "source_note_es",
            "source_note_en",
        ]
        widgets = {
            "source_note_es": forms.Textarea(attrs={"rows": 2}),
            "source_note_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = program.components.all()
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        self.fields["funding_source"].queryset = program.funding_sources.all()
        self.fields["revision"].queryset = program.general_revisions.order_by("number")
        self.bootstrap()


class TransactionForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Transaction
        fields = [
            "initiative",
            "kind",
            "date",
            "period_start",
            "value_date",
            "amount",
            "currency",
            "funding_source",
            "description_es",
            "description_en",
            "reference",
            "is_reconstructed",
            "source_note_es",
            "source_note_en",
        ]
        widgets = {
            "date": DATE_INPUT,
            "period_start": DATE_INPUT,
            "value_date": DATE_INPUT,
            "source_note_es": forms.Textarea(attrs={"rows": 2}),
            "source_note_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        self.fields["funding_source"].queryset = program.funding_sources.all()
        self.bootstrap()

    def clean_initiative(self):
        """A transaction stays with the initiative it was recorded for."""
        initiative = self.cleaned_data["initiative"]
        if self.instance.pk and initiative != self.instance.initiative:
            raise forms.ValidationError(_("A transaction stays with its initiative."))
        return initiative
