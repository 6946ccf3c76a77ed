"""The form renderer writes <select> in Python: the same markup as Django's templates."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from alianza.core.forms import FormRenderer, searchable

CHOICES = [
    ("", "---------"),
    ("a", "Plain"),
    ("b&c", 'Quotes " and <tags> & ampersands'),
    (3, "A number as value"),
    ("safe", mark_safe("<em>safe label</em>")),
    ("Grouped", [("g1", "First of group"), ("g2", "Ñandú, acentos")]),
]


class Sample(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 4, "data-x": True}),
    )
    maybe = forms.NullBooleanField(required=False)
    disabled = forms.ChoiceField(choices=CHOICES[:3], disabled=True, required=False)
    labels = forms.TypedChoiceField(choices=[(1, 1000), (2, 2.5)], coerce=int, required=False)


@pytest.mark.parametrize(
    "data", [None, {"one": "b&c", "many": ["g2", "3", "a"], "maybe": "true", "labels": "2"}]
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_selects_render_as_the_django_templates_do(data, language):
    from django.utils import translation

    def rendered(renderer) -> dict[str, str]:
        form = Sample(data, renderer=renderer)
        searchable(form.fields["many"].widget)
        form.fields["one"].widget.attrs["hx-get"] = "/x/?a=1&b=2"
        return {name: str(form[name]) for name in form.fields}

    with translation.override(language):
        expected, got = rendered(DjangoTemplates()), rendered(FormRenderer())
    assert got == expected
    assert all("<option" in markup for markup in got.values())


def test_a_widget_with_its_own_option_template_keeps_its_template():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    class WithCustom(forms.Form):
        x = forms.ChoiceField(choices=CHOICES[:3], widget=Custom)

    expected = str(WithCustom(renderer=DjangoTemplates())["x"])
    assert str(WithCustom(renderer=FormRenderer())["x"]) == expected
    assert 'type="' in expected  # the input option template, not <option>


def test_selects_do_not_go_through_the_templates(monkeypatch):
    def refuse(self, template_name):
        raise AssertionError(f"{template_name} loaded")

    form = Sample({"many": ["a"]}, renderer=FormRenderer())
    monkeypatch.setattr(FormRenderer, "get_template", refuse)
    for name in ("one", "many", "maybe", "labels"):
        assert "<option" in str(form[name])
