"""Forms of the monitoring pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.core.forms import ServiceFormMixin
from alianza.monitoring.models import MonitoringSettings


class SettingsForm(ServiceFormMixin, forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = [
            "pace_rate_ratio",
            "pace_min_months",
            "pace_min_initiatives",
            "pace_ahead_margin",
            "pace_behind_margin",
            "due_soon_days",
        ]

    def __init__(self, *args, read_only: bool = False, **kwargs):
        """`read_only`: shown to those who may read the thresholds but not change them."""
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.disabled = read_only
        self.bootstrap()


class SignForm(ServiceFormMixin, forms.Form):
    start = forms.DateField(label=_("from"), widget=forms.HiddenInput)
    end = forms.DateField(label=_("to"), widget=forms.HiddenInput)
