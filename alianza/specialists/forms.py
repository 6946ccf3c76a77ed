"""Forms of the specialists' pages: they parse into the services' data."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution, User
from alianza.core.forms import DATE_INPUT, ServiceFormMixin
from alianza.specialists.choices import RenewalDecision
from alianza.specialists.models import (
    HeadcountRecord,
    Notice,
    PersonalData,
    Position,
    ServiceContract,
    Specialist,
)

TEXT = forms.Textarea(attrs={"rows": 3})


def _partners(program):
    return Institution.objects.filter(partnerships__program=program).order_by("acronym_en")


class PositionForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "code",
            "title_es",
            "title_en",
            "host_institution",
            "area_es",
            "area_en",
            "function_es",
            "function_en",
            "required_profile_es",
            "required_profile_en",
            "priority",
            "monthly_cost",
            "currency",
        ]
        widgets = {"required_profile_es": TEXT, "required_profile_en": TEXT}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_institution"].queryset = _partners(program)
        if not self.instance.pk:
            self.initial.setdefault("currency", program.currency)
        self.bootstrap()


class SpecialistForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Specialist
        fields = ["full_name", "user"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            is_active=True,
            membership__is_active=True,
            membership__institution__in=_partners(program),
        ).order_by("username")
        self.bootstrap()


class PersonalDataForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = PersonalData
        fields = [
            "identity_document",
            "date_of_birth",
            "email",
            "phone",
            "address",
            "emergency_contact_name",
            "emergency_contact_phone",
            "health_insurer",
            "health_insurance_policy",
            "insurance_valid_from",
            "insurance_valid_until",
        ]
        widgets = {
            "date_of_birth": DATE_INPUT,
            "insurance_valid_from": DATE_INPUT,
            "insurance_valid_until": DATE_INPUT,
            "address": TEXT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class ServiceContractForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceContract
        fields = [
            "reference",
            "specialist",
            "position",
            "holder",
            "start_date",
            "end_date",
            "monthly_cost",
            "currency",
            "component",
            "funding_source",
            "renewal_decision",
            "renewal_decided_on",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "renewal_decided_on": DATE_INPUT,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = program.specialists.order_by("full_name")
        self.fields["position"].queryset = program.positions.order_by("code")
        self.fields["holder"].queryset = _partners(program)
        self.fields["component"].queryset = program.components.order_by("number")
        self.fields["funding_source"].queryset = program.funding_sources.order_by("code")
        if not self.instance.pk:
            self.initial.setdefault("currency", program.currency)
        self.bootstrap()


class RenewalDecisionForm(ServiceFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("renewal decision"), choices=RenewalDecision.choices)
    decided_on = forms.DateField(label=_("decided on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()

    def service_field(self, key: str) -> str | None:
        return {"renewal_decision": "decision", "renewal_decided_on": "decided_on"}.get(key)


class RenewalForm(ServiceFormMixin, forms.Form):
    """The next contract: its number, period and monthly cost (the rest is the current
    contract's)."""

    reference = forms.CharField(label=_("contract number"), max_length=60)
    start_date = forms.DateField(label=_("start"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("end"), widget=DATE_INPUT)
    monthly_cost = forms.DecimalField(label=_("monthly cost"), max_digits=14, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class HeadcountRecordForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = HeadcountRecord
        fields = [
            "year",
            "headcount",
            "authorized_places",
            "staff_share",
            "budget_share",
            "note_es",
            "note_en",
        ]
        widgets = {"note_es": TEXT, "note_en": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
        self.bootstrap()

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "year"}


class NoticeForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["topic", "title_es", "title_en", "body_es", "body_en", "published_on"]
        widgets = {
            "published_on": DATE_INPUT,
            "body_es": forms.Textarea(attrs={"rows": 6}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class QuestionForm(ServiceFormMixin, forms.Form):
    text = forms.CharField(label=_("your question"), widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class AnswerForm(ServiceFormMixin, forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()
