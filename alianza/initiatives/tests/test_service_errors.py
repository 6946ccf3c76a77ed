"""One convention for a service's errors: on the form's field, or the serializer's, that
the service names; about the record as a whole at the top (`non_field_errors` in the API);
about a field the form lacks, at the top with the field's name, or returned for the page to
show beside its formsets (the initiative form)."""

from django import forms
from django.core.exceptions import ValidationError

from alianza.core.api import validation_error_detail
from alianza.core.forms import ServiceFormMixin


class _Form(ServiceFormMixin, forms.Form):
    title = forms.CharField(required=False)


class _FormWithFormsets(_Form):
    service_errors_elsewhere = True


def _refusal():
    return ValidationError(
        {"title": ["Too long."], "__all__": ["Refused."], "costs": ["Row 1: negative."]}
    )


def test_a_form_puts_each_message_on_the_field_the_service_names():
    form = _Form({"title": "x"})
    assert form.is_valid()
    assert form.add_service_errors(_refusal()) == []
    assert form.errors["title"] == ["Too long."]
    assert form.non_field_errors() == ["Refused.", "costs: Row 1: negative."]


def test_a_form_beside_formsets_returns_what_it_cannot_place():
    form = _FormWithFormsets({"title": "x"})
    assert form.is_valid()
    assert form.add_service_errors(_refusal()) == ["Row 1: negative."]
    assert form.errors["title"] == ["Too long."]
    assert form.non_field_errors() == ["Refused."]


def test_a_refusal_not_keyed_by_field_goes_to_the_top():
    form = _Form({"title": "x"})
    assert form.is_valid()
    form.add_service_errors(ValidationError("No."))
    assert form.non_field_errors() == ["No."]
    assert validation_error_detail(ValidationError("No.")) == {"non_field_errors": ["No."]}


def test_the_api_maps_the_same_refusal_onto_the_same_fields():
    assert validation_error_detail(_refusal()) == {
        "title": ["Too long."],
        "non_field_errors": ["Refused."],
        "costs": ["Row 1: negative."],
    }
