"""Currencies: the ISO 4217 codes of IATI's Currency codelist (vendored), for every amount
Alianza records. A code is checked against the list, so a new currency needs no migration.

`CurrencyField` is the model field every money record uses: a three-letter code validated
against the list, shown in forms as a select of the list's codes with their names in the
reader's language (Spanish names from names_es.toml where Alianza has them)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from alianza.codelists import codelist, label

#: The currency of the records that do not say theirs (and of PROCAP).
DEFAULT_CURRENCY = "USD"


def currency_codes() -> set[str]:
    """Every code of the Currency codelist (withdrawn ones too, so old records stay valid)."""
    return set(codelist("Currency"))


def is_currency(code: str) -> bool:
    return code in codelist("Currency")


def currency_name(code: str, lang: str | None = None) -> str:
    """The currency's name in the reader's language ("Euro", "Peso chileno")."""
    return label("Currency", code, lang)


def currency_choices(current: str = "") -> list[tuple[str, str]]:
    """(code, "code – name") of the active currencies, and of `current` if withdrawn."""
    return [
        (item.code, f"{item.code} – {currency_name(item.code)}")
        for item in codelist("Currency").values()
        if item.status == "active" or item.code == current
    ]


def validate_currency(value: str) -> None:
    """Refuse a code that is not on the ISO 4217 list (the model field names itself)."""
    if value and not is_currency(value):
        raise ValidationError(
            _("“%(code)s” is not an ISO 4217 currency code (IATI Currency codelist)."),
            code="currency",
            params={"code": value},
        )


class CurrencyChoiceField(forms.ChoiceField):
    """A select of the currency codelist, names in the reader's language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", currency_choices)
        super().__init__(**kwargs)


class CurrencyField(models.CharField):
    """A currency code of the ISO 4217 list (three upper-case letters)."""

    default_validators = [validate_currency]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 3)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        # Field.formfield, not CharField's: a select takes no max_length.
        return models.Field.formfield(self, **{"form_class": CurrencyChoiceField, **kwargs})
