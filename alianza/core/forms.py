"""Form fields shared by the apps."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
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


def searchable(widget: forms.Widget) -> None:
    """Mark a multiple select for the searchable widget (Tom Select, vendored; started by
    static/js/alianza.js on `select[multiple][data-searchable]`), with its words in the
    reader's language. Without JavaScript it stays a plain multiple select."""
    if not isinstance(widget, forms.SelectMultiple):
        return
    widget.attrs.setdefault("data-searchable", True)
    widget.attrs.setdefault("data-placeholder", _("Type to search…"))
    widget.attrs.setdefault("data-no-results", _("No matches"))
    widget.attrs.setdefault("data-remove-label", _("Remove"))


def bootstrap(form: forms.BaseForm) -> None:
    """Give each widget of the form its Bootstrap class; multiple selects become searchable."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
            searchable(widget)
        else:
            widget.attrs.setdefault("class", "form-control")


def translation_marks_field(model, fields) -> forms.MultipleChoiceField:
    """The choice of which of `fields` (the form's Spanish and English texts) are the team's
    translation, for a record with `translated_fields` (core.models.TranslationMarksMixin)."""
    from alianza.core.models import bilingual_text_fields

    texts = set(bilingual_text_fields(model))
    return forms.MultipleChoiceField(
        choices=[
            (name, model._meta.get_field(name).verbose_name) for name in fields if name in texts
        ],
        required=False,
        label=_("Texts that are translations"),
        help_text=_(
            "Tick a text the team translated because the source gives it in the other "
            "language only: the pages mark it as a translation."
        ),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
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


def service_error_fields(exc: Exception) -> dict[str | None, list[str]]:
    """A service's refusal as {field name: messages}; None keys the messages about the
    record as a whole (`__all__`, or a ValidationError not keyed by field).

    The one convention for service errors: forms (`ServiceFormMixin.add_service_errors`)
    and serializers (`alianza.core.api.validation_error_detail`) both read it, so a message
    lands on the field the service names in a page and in the API alike.
    """
    from django.core.exceptions import ValidationError

    if not isinstance(exc, ValidationError):
        exc = ValidationError(str(exc))
    if not hasattr(exc, "error_dict"):
        return {None: [str(message) for message in exc.messages]}
    fields: dict[str | None, list[str]] = {}
    for field, messages in exc.message_dict.items():
        key = None if field == "__all__" else field
        fields.setdefault(key, []).extend(str(message) for message in messages)
    return fields


class ServiceFormMixin(VersionedFormMixin):
    """A form that parses input for a service and shows the service's errors on its fields.

    Services raise a ValidationError keyed by field; `add_service_errors` puts each message
    on the field that shows it (`service_field`), or at the top of the form, prefixed with
    the field's name, when the form has no such field. A form whose page also shows
    formsets sets `service_errors_elsewhere`: the messages about fields it lacks are
    returned instead, for the page to show beside the formsets (`service_form` puts them in
    the context as `other_errors`). Edit forms carry the version of their record
    (`VersionedFormMixin`).
    """

    #: True: messages about fields this form lacks are returned by `add_service_errors`
    #: (the page shows them beside its formsets) instead of put at the top of the form.
    service_errors_elsewhere = False

    def _post_clean(self):
        """No model validation here: the service validates the whole record (and a
        ModelForm would otherwise change its instance before the service's snapshot)."""

    def bootstrap(self) -> None:
        bootstrap(self)  # type: ignore[arg-type]  # mixed into a forms.Form

    def service_field(self, key: str) -> str | None:
        """The field of this form that shows the service's messages about `key` (None: the
        form has none). A form whose field names differ from the service's keys says so."""
        return key if key in self.fields else None

    def add_service_errors(self, exc: Exception) -> list[str]:
        """Put a service's errors on the fields they name; return the messages left for the
        page (only with `service_errors_elsewhere`, otherwise none)."""
        leftover: list[str] = []
        for key, messages in service_error_fields(exc).items():
            target = None if key is None else self.service_field(key)
            for message in messages:
                if key is None or target is not None:
                    self.add_error(target, message)
                elif self.service_errors_elsewhere:
                    leftover.append(message)
                else:
                    self.add_error(None, f"{key}: {message}")
        return leftover


class ConfirmForm(ServiceFormMixin, forms.Form):
    """A form without fields: a confirmation (delete, remove) posted to `service_form`,
    whose service's refusal shows at the top of the page."""


class RowsField(forms.CharField):
    """Rows typed one per line, columns separated by '|': 'code | name (English) | ...'.

    `columns` names each column; the first `required` of them must be filled. The value is
    a list of {column: text} (columns left out are ""); an initial list of such rows is
    shown back as lines. A row with too many columns, or without a required one, is
    refused naming its line."""

    widget = forms.Textarea

    def __init__(self, *, columns: tuple[str, ...], required_columns: int = 1, **kwargs):
        self.columns, self.required_columns = columns, required_columns
        kwargs.setdefault("required", False)
        super().__init__(strip=False, **kwargs)
        self.widget.attrs.setdefault("rows", 8)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(
                " | ".join(str(row.get(c, "") or "") for c in self.columns).rstrip(" |")
                for row in value
            )
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        rows = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            cells = [cell.strip() for cell in line.split("|")]
            if len(cells) > len(self.columns):
                raise forms.ValidationError(
                    _("Line %(line)s has %(found)s columns; at most %(max)s.")
                    % {"line": number, "found": len(cells), "max": len(self.columns)}
                )
            cells += [""] * (len(self.columns) - len(cells))
            if not all(cells[: self.required_columns]):
                raise forms.ValidationError(
                    _("Line %(line)s: fill in %(columns)s.")
                    % {"line": number, "columns": ", ".join(self.columns[: self.required_columns])}
                )
            rows.append(dict(zip(self.columns, cells, strict=True)))
        return rows


class FormRenderer(DjangoTemplates):
    """Django's form renderer (`FORM_RENDERER`), with `<select>` written in Python.

    Django's select template includes a template per option and another per option's
    attributes: a filter form with a few hundred choices spent more time there than the
    list page it filters spent in its queries. The markup is the template's, character for
    character (`core/tests/test_forms.py` compares them); a widget with its own option
    template goes through the templates as before."""

    SELECT = "django/forms/widgets/select.html"
    OPTION = "django/forms/widgets/select_option.html"

    def render(self, template_name, context, request=None):
        if template_name == self.SELECT:
            widget = context["widget"]
            groups = widget["optgroups"]
            if all(o["template_name"] == self.OPTION for _n, group, _i in groups for o in group):
                return _select_markup(widget)
        return super().render(template_name, context, request)


def _text(value) -> str:
    """`{{ value }}` in a template: localized, escaped unless safe."""
    return str(conditional_escape(localize(value)))


def _attrs_markup(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select_markup(widget: dict) -> str:
    """django/forms/widgets/select.html and select_option.html, stripped as the renderer
    strips them."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs_markup(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"'
                f"{_attrs_markup(option['attrs'])}>{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts).strip()
