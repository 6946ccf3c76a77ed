"""Forms of the staffing scenarios: the scenario, its plan (the positions kept, with a
note) and the choice of two scenarios to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.core.forms import DATE_INPUT, ServiceFormMixin
from alianza.specialists.models import Position
from alianza.staffing_plans.models import Scenario


class ScenarioForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = Scenario
        fields = [
            "code",
            "name_es",
            "name_en",
            "kind",
            "year",
            "component",
            "base_budget",
            "currency",
            "cut_percent",
            "ends_on",
            "risk",
        ]
        widgets = {"ends_on": DATE_INPUT}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = program.components.order_by("number")
        self.fields["risk"].queryset = program.risks.order_by("number")
        self.fields["cut_percent"].help_text = _("Scenarios that cut the budget only.")
        self.fields["ends_on"].help_text = _("Scenarios in which the program ends only.")
        self.bootstrap()


class PlanForm(ServiceFormMixin, forms.Form):
    """The positions the plan keeps (the proposal, or the saved plan, ticked) and a note."""

    kept = forms.ModelMultipleChoiceField(
        label=_("Positions kept"),
        queryset=Position.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        scenario = plan.scenario
        self.fields["kept"].queryset = Position.objects.filter(program=scenario.program)
        self.fields["kept"].choices = [
            (
                row.position.pk,
                f"{row.position.code} · {row.position.function} "
                f"({row.position.get_priority_display()})",
            )
            for row in plan.rows
        ]
        self.fields["kept"].initial = [row.position.pk for row in plan.rows if row.kept]
        self.fields["note"].initial = scenario.plan_note
        self.bootstrap()


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(label=_("Scenario"), queryset=Scenario.objects.none())
    b = forms.ModelChoiceField(label=_("compared with"), queryset=Scenario.objects.none())

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        scenarios = Scenario.objects.filter(program=program).order_by("year", "code")
        for name in ("a", "b"):
            self.fields[name].queryset = scenarios
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
