"""Forms of the consultancy pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.contracts.models import Contract, Deliverable, DeliverableReview, Payment
from alianza.core.forms import DATE_INPUT, ServiceFormMixin

TEXT = forms.Textarea(attrs={"rows": 3})


class ContractForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "reference",
            "kind",
            "title_es",
            "title_en",
            "contractor_name",
            "contractor_kind",
            "initiative",
            "amount",
            "currency",
            "start_date",
            "end_date",
            "terms_of_reference_es",
            "terms_of_reference_en",
            "data_ownership",
            "data_ownership_clause_es",
            "data_ownership_clause_en",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "terms_of_reference_es": TEXT,
            "terms_of_reference_en": TEXT,
            "data_ownership_clause_es": TEXT,
            "data_ownership_clause_en": TEXT,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        self.bootstrap()


class TerminationForm(ServiceFormMixin, forms.Form):
    terminated_on = forms.DateField(label=_("terminated on"), widget=DATE_INPUT)
    reason_es = forms.CharField(label=_("reason (Spanish)"), widget=TEXT, required=False)
    reason_en = forms.CharField(label=_("reason (English)"), widget=TEXT, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()

    def add_service_errors(self, exc):
        renamed = {"termination_reason_es": "reason_es", "termination_reason_en": "reason_en"}
        if hasattr(exc, "error_dict"):
            from django.core.exceptions import ValidationError

            exc = ValidationError({renamed.get(k, k): v for k, v in exc.error_dict.items()})
        super().add_service_errors(exc)


class DeliverableForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["number", "title_es", "title_en", "planned_date", "delivered_date", "amount"]
        widgets = {"planned_date": DATE_INPUT, "delivered_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.bootstrap()


class ReviewForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = DeliverableReview
        fields = ["decision", "reviewed_on", "comments"]
        widgets = {"reviewed_on": DATE_INPUT, "comments": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class PaymentForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["deliverable", "paid_on", "amount", "reference"]
        widgets = {"paid_on": DATE_INPUT}

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverable"].queryset = contract.deliverables.order_by("number")
        self.bootstrap()
