"""Forms of the board and dispute pages."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.core.forms import DATE_INPUT, ServiceFormMixin
from alianza.governance.choices import DisputeOutcome
from alianza.governance.models import ActionItem, BoardMeeting, Dispute
from alianza.governance.services import STEP_FIELDS

TEXT = forms.Textarea(attrs={"rows": 3})


def partner_institutions(program):
    return Institution.objects.filter(partnerships__program=program).order_by("acronym_en")


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


class MeetingForm(ServiceFormMixin, forms.ModelForm):
    """The meeting, with who attended for each partner (`attendance`) and what it decided
    (`decisions`) as formsets: the form is valid when all three are."""

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

    def __init__(self, data=None, *, program, **kwargs):
        super().__init__(data, **kwargs)
        meeting = self.instance if self.instance.pk else None
        self.attendance = AttendanceFormSet(
            data,
            prefix="attendance",
            initial=[
                {"institution": a.institution_id, "person_name": a.person_name, "role": a.role}
                for a in meeting.attendance.all()
            ]
            if meeting
            else [],
            form_kwargs={"program": program},
        )
        self.decisions = DecisionFormSet(
            data,
            prefix="decisions",
            initial=[{"text_es": d.text_es, "text_en": d.text_en} for d in meeting.decisions.all()]
            if meeting
            else [],
        )
        self.bootstrap()

    def is_valid(self) -> bool:
        return all([super().is_valid(), self.attendance.is_valid(), self.decisions.is_valid()])

    def children(self) -> dict[str, list[dict]]:
        """The rows filled in, for the service's `attendance` and `decisions`."""
        return {"attendance": filled(self.attendance), "decisions": filled(self.decisions)}


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


class DisputeStepForm(ServiceFormMixin, forms.Form):
    """The case's next step: only the fields that `step` takes (`services.STEP_FIELDS`).
    None is required here: the service says which ones the step needs, with the same
    message the API gives."""

    agreed_on = forms.DateField(label=_("agreed on"), widget=DATE_INPUT, required=False)
    expert = forms.CharField(label=_("expert or panel"), max_length=500, required=False)
    appointed_on = forms.DateField(label=_("appointed on"), widget=DATE_INPUT, required=False)
    opinion_es = forms.CharField(label=_("informed opinion (Spanish)"), widget=TEXT, required=False)
    opinion_en = forms.CharField(label=_("informed opinion (English)"), widget=TEXT, required=False)
    opinion_on = forms.DateField(label=_("opinion given on"), widget=DATE_INPUT, required=False)
    decision_es = forms.CharField(label=_("decision (Spanish)"), widget=TEXT, required=False)
    decision_en = forms.CharField(label=_("decision (English)"), widget=TEXT, required=False)
    decided_on = forms.DateField(label=_("decided on"), widget=DATE_INPUT, required=False)
    outcome = forms.ChoiceField(label=_("outcome"), choices=DisputeOutcome.choices, required=False)

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        taken = STEP_FIELDS[step]
        self.fields = {name: field for name, field in self.fields.items() if name in taken}
        self.bootstrap()
