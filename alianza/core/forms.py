"""Form fields shared by the apps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.core.dates import PartialDate, parse_partial_date, partial_date_string

#: An HTML date picker that shows a stored date back in the format it takes.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


#: The hidden field in which an edit form carries the version of the record it was opened
#: with (see alianza.core.concurrency).
VERSION_FIELD = "record_version"


class VersionedFormMixin:
    """An edit form that carries the version of the record it was opened with (see
    alianza.core.concurrency): `track_version(record)` adds the hidden field,
    `opened_version()` tells which version a POST was made from, `refuse_stale(stale)`
    shows what changed meanwhile. `service_form` does all three for its forms."""

    def track_version(self, record) -> None:
        from alianza.core.concurrency import current_version

        if record is None or record.pk is None or VERSION_FIELD in self.fields:
            return
        # Read from the stored row: the view's copy may carry filtered prefetches.
        self.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=lambda: current_version(record)
        )

    def opened_version(self) -> str | None:
        """The version the form was opened with (None: the form tracks none, or an old page
        did not send it); takes it out of cleaned_data, which goes to a service."""
        if VERSION_FIELD not in self.fields:
            return None
        return self.cleaned_data.pop(VERSION_FIELD, None) or None

    def refuse_stale(self, stale) -> None:
        """Show that the record changed since the form was opened. The form keeps what the
        user typed and now carries the stored version: saving again is a deliberate choice
        to replace the fields the message names."""
        from alianza.core.concurrency import stale_message

        self.add_error(None, stale_message(stale, in_form=True))
        if self.is_bound and stale.version and VERSION_FIELD in self.fields:
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = stale.version
            self.data = data


class ServiceFormMixin(VersionedFormMixin):
    """A form that parses input for a service and shows the service's errors on its fields.

    Services raise a ValidationError keyed by field; `add_service_errors` puts each message
    on the field of that name, or at the top of the form when the form has no such field.
    Edit forms carry the version of their record (`VersionedFormMixin`).
    """

    def _post_clean(self):
        """No model validation here: the service validates the whole record (and a
        ModelForm would otherwise change its instance before the service's snapshot)."""

    def bootstrap(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_service_errors(self, exc) -> None:
        from django.core.exceptions import ValidationError

        if not isinstance(exc, ValidationError) or not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for field, messages in exc.message_dict.items():
            target = field if field in self.fields else None
            for message in messages:
                if target is None and field != "__all__":
                    message = f"{field}: {message}"
                self.add_error(target, message)
