"""Forms of the board and dispute pages."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.core.forms import DATE_INPUT, ServiceFormMixin
from alianza.governance.choices import DisputeOutcome
from alianza.governance.models import ActionItem, BoardMeeting, Dispute

TEXT = forms.Textarea(attrs={"rows": 3})


def partner_institutions(program):
    return Institution.objects.filter(partnerships__program=program).order_by("acronym")


class MeetingForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = BoardMeeting
        fields = [
            "held_on",
            "kind",
            "location",
            "agenda_es",
            "agenda_en",
            "minutes_es",
            "minutes_en",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "agenda_es": TEXT,
            "agenda_en": TEXT,
            "minutes_es": TEXT,
            "minutes_en": TEXT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class AttendanceForm(ServiceFormMixin, forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("institution")
    )
    person_name = forms.CharField(label=_("person"), max_length=255)
    role = forms.CharField(label=_("role or position"), max_length=255, required=False)

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is not None:
            self.fields["institution"].queryset = partner_institutions(program)
        self.bootstrap()


class DecisionForm(ServiceFormMixin, forms.Form):
    text_es = forms.CharField(label=_("decision (Spanish)"), required=False, widget=TEXT)
    text_en = forms.CharField(label=_("decision (English)"), required=False, widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


AttendanceFormSet = formset_factory(AttendanceForm, extra=2)
DecisionFormSet = formset_factory(DecisionForm, extra=2)


def filled(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data and any(v for v in f.cleaned_data.values())
    ]


class ActionItemForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "meeting",
            "description_es",
            "description_en",
            "owner_institution",
            "owner",
            "due_on",
            "status",
            "completed_on",
        ]
        widgets = {
            "due_on": DATE_INPUT,
            "completed_on": DATE_INPUT,
            "description_es": TEXT,
            "description_en": TEXT,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        from alianza.risks.forms import partner_users

        self.fields["meeting"].queryset = program.board_meetings.all()
        self.fields["owner_institution"].queryset = partner_institutions(program)
        self.fields["owner"].queryset = partner_users(program)
        self.bootstrap()


class DisputeForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Dispute
        fields = [
            "subject",
            "contract",
            "initiative",
            "title_es",
            "title_en",
            "description_es",
            "description_en",
            "opened_on",
            "criteria_es",
            "criteria_en",
        ]
        widgets = {
            "opened_on": DATE_INPUT,
            "description_es": TEXT,
            "description_en": TEXT,
            "criteria_es": TEXT,
            "criteria_en": TEXT,
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = program.contracts.order_by("reference")
        self.fields["initiative"].queryset = program.initiatives.order_by("number")
        self.bootstrap()


class AgreeForm(ServiceFormMixin, forms.Form):
    agreed_on = forms.DateField(label=_("agreed on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class ExpertForm(ServiceFormMixin, forms.Form):
    expert = forms.CharField(label=_("expert or panel"), max_length=500)
    appointed_on = forms.DateField(label=_("appointed on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class OpinionForm(ServiceFormMixin, forms.Form):
    opinion_es = forms.CharField(label=_("informed opinion (Spanish)"), widget=TEXT, required=False)
    opinion_en = forms.CharField(label=_("informed opinion (English)"), widget=TEXT, required=False)
    opinion_on = forms.DateField(label=_("opinion given on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()


class DecisionStepForm(ServiceFormMixin, forms.Form):
    decision_es = forms.CharField(label=_("decision (Spanish)"), widget=TEXT, required=False)
    decision_en = forms.CharField(label=_("decision (English)"), widget=TEXT, required=False)
    decided_on = forms.DateField(label=_("decided on"), widget=DATE_INPUT)
    outcome = forms.ChoiceField(label=_("outcome"), choices=DisputeOutcome.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bootstrap()
