"""Query-string parameters: one way to read them, one way to refuse them.

FilterSets validate their own fields (use `YearFilter` and `IntegerFilter` below for years
and numbers, never a bare `NumberFilter`, which accepts 10**23 and 0); parameters a view
reads by hand go through `integer_param`, `year_param` and `date_param`. A bad value raises
`BadQueryParameter`: the API answers it as a 400 JSON `{parameter: [message]}`, pages as a
400 page in the user's language (`alianza.core.middleware.BadQueryParameterMiddleware`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import NoReturn

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException

#: The years the platform can mean: anything else in `?year=` is a typing error.
MIN_YEAR = 1900
MAX_YEAR = 2100
#: Record numbers and ids fit a database integer.
MAX_INTEGER = 2**31 - 1


class BadQueryParameter(APIException):
    """A query-string parameter the view cannot use; `errors` maps parameters to messages."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, errors: Mapping[str, list[str] | str]):
        self.errors = {
            name: [str(m) for m in ([messages] if isinstance(messages, str) else messages)]
            for name, messages in errors.items()
        }
        super().__init__(self.errors)


def refuse(name: str, message: str) -> NoReturn:
    raise BadQueryParameter({name: [message]})


def check_filterset(filterset) -> None:
    """Refuse a bound FilterSet whose parameters do not validate (pages; DRF does its own)."""
    if filterset.is_bound and not filterset.is_valid():
        raise BadQueryParameter(filterset.errors)


def filter_status(filterset) -> int:
    """For a page that shows its filter form with the errors next to the fields: 400 when
    the parameters do not validate (the page lists nothing then), 200 else."""
    return 400 if filterset.is_bound and not filterset.is_valid() else 200


def integer_param(
    params: Mapping,
    name: str,
    *,
    minimum: int = 0,
    maximum: int = MAX_INTEGER,
    default: int | None = None,
) -> int | None:
    """`params[name]` as a whole number within [minimum, maximum], `default` when absent."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.lstrip("-").isdigit() or len(raw) > 12:
        refuse(name, _("“%(value)s” is not a whole number.") % {"value": raw[:40]})
    value = int(raw)
    if not minimum <= value <= maximum:
        refuse(
            name,
            _("%(value)s is out of range: it must be between %(minimum)s and %(maximum)s.")
            % {"value": value, "minimum": minimum, "maximum": maximum},
        )
    return value


def year_param(params: Mapping, name: str, *, default: int | None = None) -> int | None:
    return integer_param(params, name, minimum=MIN_YEAR, maximum=MAX_YEAR, default=default)


def check_year(name: str, year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        refuse(
            name,
            _("%(value)s is out of range: it must be between %(minimum)s and %(maximum)s.")
            % {"value": year, "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        )
    return year


def date_param(
    params: Mapping, name: str, *, default: datetime.date | None = None
) -> datetime.date | None:
    """`params[name]` as a YYYY-MM-DD date within the platform's years."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = datetime.date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        value = None
    if value is None:
        refuse(name, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw[:40]})
    check_year(name, value.year)
    return value


# --- FilterSet fields ---------------------------------------------------------------------------


class IntegerFilter(django_filters.NumberFilter):
    """A whole number that fits a database integer (a record number or id)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_INTEGER)
        super().__init__(*args, **kwargs)


class YearFilter(IntegerFilter):
    """A calendar year the platform can mean (MIN_YEAR..MAX_YEAR)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class AnyYesNoSelect(forms.NullBooleanSelect):
    """Yes, no or any: a filter's empty choice means "do not filter", not "unknown"
    (Django's NullBooleanSelect calls it "Unknown", which reads as a value)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", gettext_lazy("Any")),
            ("true", gettext_lazy("Yes")),
            ("false", gettext_lazy("No")),
        ]


class BooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter whose empty choice reads "Any"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyYesNoSelect)
        super().__init__(*args, **kwargs)


class DateFilter(django_filters.DateFilter):
    """A date within the platform's years (a bare DateFilter accepts year 1 and 9999)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [check_date_year])
        super().__init__(*args, **kwargs)


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """A date and time within the platform's years."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [check_date_year])
        super().__init__(*args, **kwargs)


def check_date_year(value) -> None:
    """Form-field validator: the date's year is one the platform can mean."""
    if value and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise forms.ValidationError(
            _("The year must be between %(minimum)s and %(maximum)s.")
            % {"minimum": MIN_YEAR, "maximum": MAX_YEAR}
        )
