"""Form fields shared by the apps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.core.dates import PartialDate, parse_partial_date, partial_date_string


class PartialDateField(forms.Field):
    """A date as precise as its source: '2018', '2018-06' or '2018-06-10'."""

    widget = forms.TextInput

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"maxlength": "10", "placeholder": "2018-06", "inputmode": "numeric"})
        return attrs

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return partial_date_string(value.value, value.precision)
        return value

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        if isinstance(value, PartialDate):
            return value
        try:
            return parse_partial_date(value, end=self.end)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."), code="invalid"
            )
