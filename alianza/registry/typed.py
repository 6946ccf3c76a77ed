"""Typed conversion of an activity's canonical content into table rows, for bulk writes.

An import writes thousands of rows a second; building a model instance and calling
`full_clean()` for each of them cost more than the rest of the import together. The
import's own checks (the IATI schema, the codelists) have already been passed when content
gets here, so this path converts each value to its column's type and checks what the
columns themselves require (lengths, required values, choices, digits, percentages) with
plain comparisons; Django's own field validation runs only for a value that fails, so that
the message is the one `full_clean()` gives. Pages and the API keep `full_clean()`
(`services._build_children`).

A row is a dict of column (attname) to a value every database reads from text: str, int,
None, dates as ISO text, decimals as their exact text, JSON as its text. That is what COPY
(PostgreSQL) and executemany (SQLite) take without per-type adaptation.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alianza.registry import content, geo
from alianza.registry.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    ParticipatingOrg,
    RecipientCountry,
    Transaction,
)


class _Label:
    """A row's label ("Sector 2"), put into words only when a message needs it."""

    __slots__ = ("number", "template")

    def __init__(self, template: str, number: int) -> None:
        self.template, self.number = template, number

    def __str__(self) -> str:
        return _(self.template) % {"n": self.number}


MODELS: dict[str, type[models.Model]] = {
    "participating_orgs": ParticipatingOrg,
    "sectors": ActivitySector,
    "recipient_countries": RecipientCountry,
    "locations": ActivityLocation,
    "budgets": Budget,
    "transactions": Transaction,
}


@cache
def _char_checks(model: type[models.Model]) -> dict[str, tuple[int, bool, frozenset | None]]:
    """attname: (max_length, blank allowed, choices or None) of the model's text columns."""
    checks = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.CharField):
            choices = (
                frozenset(str(k) for k, _label in field.flatchoices) if field.choices else None
            )
            checks[field.attname] = (field.max_length or 0, field.blank, choices)
    return checks


@cache
def _decimal_checks(model: type[models.Model]) -> dict[str, tuple[int, int, Decimal | None]]:
    """attname: (digits before the point, places, maximum) of the model's decimal columns."""
    checks = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DecimalField):
            maximum = None
            for validator in field.validators:
                if getattr(validator, "code", "") == "max_value":
                    maximum = Decimal(validator.limit_value)
            checks[field.attname] = (
                field.max_digits - field.decimal_places,
                field.decimal_places,
                maximum,
            )
    return checks


def _field_messages(model: type[models.Model], attname: str, value: Any) -> list[str]:
    """What `full_clean()` says of this value (called only for a value that fails)."""
    field = model._meta.get_field(attname)
    try:
        field.clean(value, None)
    except ValidationError as exc:
        return list(exc.messages)
    return [_("Invalid value: %(value)s") % {"value": value}]


def _fail(errors: dict, key: str, label: object, attname: str, messages: list[str]) -> None:
    where = f" ({attname})"
    for message in messages:
        errors.setdefault(key, []).append(f"{label}{where}: {message}")


def check_text(model: type[models.Model], row: dict, errors: dict, key: str, label: object) -> None:
    """Lengths, required values and choices of the row's text columns."""
    for attname, (max_length, blank, choices) in _char_checks(model).items():
        value = row.get(attname)
        if value is None:
            continue
        if (
            len(value) > max_length
            or (not blank and value == "")
            or (choices is not None and value != "" and value not in choices)
        ):
            _fail(errors, key, label, attname, _field_messages(model, attname, value))


def number(
    model: type[models.Model], attname: str, text: str, errors: dict, key: str, label: object
) -> str | None:
    """The decimal's exact text for its column (None when empty); digits and range checked."""
    if text in ("", None):
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        errors.setdefault(key, []).append(
            _("%(label)s: '%(value)s' is not a number.") % {"label": label, "value": text}
        )
        return None
    if not value.is_finite():
        errors.setdefault(key, []).append(
            _("%(label)s: '%(value)s' is not a number.") % {"label": label, "value": text}
        )
        return None
    whole, _places, maximum = _decimal_checks(model)[attname]
    digits = value.adjusted() + 1  # digits before the point
    if digits > whole or (maximum is not None and not Decimal(0) <= value <= maximum):
        # More decimals than the column keeps are rounded in it; the text keeps them.
        shown = value.to_integral_value()
        _fail(errors, key, label, attname, _field_messages(model, attname, shown))
        return None
    return content.fmt_decimal(value)


def date(text: str, errors: dict, key: str, label: object, *, required: bool = True) -> str | None:
    """The ISO date for a date column (None when empty and not required)."""
    if not text and not required:
        return None
    try:
        return datetime.date.fromisoformat(str(text)[:10]).isoformat()
    except ValueError:
        errors.setdefault(key, []).append(
            _("%(label)s: '%(value)s' is not a date (YYYY-MM-DD).")
            % {"label": label, "value": text}
        )
        return None


def _json(value: Any) -> str:
    return json.dumps(value)


def child_rows(data: dict, errors: dict) -> dict[str, list[dict]]:
    """The rows of every owned collection of `data` (canonical content), without their
    activity (and participating organisations without their registry organisation)."""
    rows: dict[str, list[dict]] = {key: [] for key in content.CHILDREN}
    for index, raw in enumerate(data["participating_orgs"], start=1):
        label = _Label(gettext_noop("Participating organisation %(n)s"), index)
        row = {
            "order": index,
            "ref": raw["ref"],
            "role": raw["role"],
            "type": raw["type"],
            "org_activity_id": raw["activity_id"],
            "crs_channel_code": raw["crs_channel_code"],
            "name": _json(raw["name"]),
            "ssc_role": raw["ssc_role"],
            "executing_level": raw["executing_level"],
            "country": org_country(raw["ref"]),
        }
        check_text(ParticipatingOrg, row, errors, "participating_orgs", label)
        rows["participating_orgs"].append(row)
    for index, raw in enumerate(data["sectors"], start=1):
        label = _Label(gettext_noop("Sector %(n)s"), index)
        row = {
            "order": index,
            "vocabulary": raw["vocabulary"],
            "vocabulary_uri": raw["vocabulary_uri"],
            "code": raw["code"],
            "percentage": number(
                ActivitySector, "percentage", raw["percentage"], errors, "sectors", label
            ),
            "narratives": _json(raw["narratives"]),
        }
        check_text(ActivitySector, row, errors, "sectors", label)
        rows["sectors"].append(row)
    for index, raw in enumerate(data["recipient_countries"], start=1):
        label = _Label(gettext_noop("Recipient country %(n)s"), index)
        row = {
            "order": index,
            "code": raw["code"],
            "percentage": number(
                RecipientCountry,
                "percentage",
                raw["percentage"],
                errors,
                "recipient_countries",
                label,
            ),
            "narratives": _json(raw["narratives"]),
        }
        check_text(RecipientCountry, row, errors, "recipient_countries", label)
        rows["recipient_countries"].append(row)
    # A location's ref that names a subdivision (ISO 3166-2, or Mexico's INEGI codes) must
    # name one of the registry's country or of a recipient country (as the service checks).
    countries = {geo.country()} | {str(c["code"]).upper() for c in data["recipient_countries"]}
    for index, raw in enumerate(data["locations"], start=1):
        label = _Label(gettext_noop("Location %(n)s"), index)
        place = geo.place_from_ref(raw["ref"])
        refusal = geo.foreign_place_message(
            label=label, ref=raw["ref"], place=place, countries=countries
        )
        if refusal:
            errors.setdefault("locations", []).append(refusal)
        row = {
            "order": index,
            "ref": raw["ref"],
            "subdivision": place.subdivision,
            "national_code": place.national_code,
            "municipality": place.municipality,
            "details": _json(raw["details"]),
        }
        check_text(ActivityLocation, row, errors, "locations", label)
        rows["locations"].append(row)
    for index, raw in enumerate(data["budgets"], start=1):
        label = _Label(gettext_noop("Budget %(n)s"), index)
        value = number(Budget, "value", raw["value"], errors, "budgets", label)
        if value is None and not raw["value"]:
            _fail(errors, "budgets", label, "value", _field_messages(Budget, "value", None))
        row = {
            "order": index,
            "type": raw["type"],
            "status": raw["status"],
            "period_start": date(raw["period_start"], errors, "budgets", label),
            "period_end": date(raw["period_end"], errors, "budgets", label),
            "value": value,
            "value_text": value or "",
            "currency": raw["currency"],
            "value_date": date(raw["value_date"], errors, "budgets", label),
        }
        check_text(Budget, row, errors, "budgets", label)
        rows["budgets"].append(row)
    for index, raw in enumerate(data["transactions"], start=1):
        label = _Label(gettext_noop("Transaction %(n)s"), index)
        value = number(Transaction, "value", raw["value"], errors, "transactions", label)
        if value is None and not raw["value"]:
            _fail(
                errors, "transactions", label, "value", _field_messages(Transaction, "value", None)
            )
        row = {
            "order": index,
            "ref": raw["ref"],
            "humanitarian": raw["humanitarian"],
            "type": raw["type"],
            "date": date(raw["date"], errors, "transactions", label),
            "value": value,
            "value_text": value or "",
            "currency": raw["currency"],
            "value_date": date(raw["value_date"], errors, "transactions", label),
            "description": _json(raw["description"]),
            "provider_ref": (raw.get("provider_org") or {}).get("ref", ""),
            "receiver_ref": (raw.get("receiver_org") or {}).get("ref", ""),
            "details": _json({k: raw[k] for k in content.TRANSACTION_DETAILS}),
        }
        check_text(Transaction, row, errors, "transactions", label)
        rows["transactions"].append(row)
    return rows


def org_country(ref: str) -> str:
    from alianza.registry.services import org_country as country

    return country(ref)


def check_activity(activity: Activity, errors: dict) -> None:
    """The activity's own text columns, checked as above (the import's counterpart of the
    activity's `full_clean()`); messages are keyed by field and name the activity."""
    for attname, (max_length, blank, choices) in _char_checks(Activity).items():
        if attname not in content.SCALARS:
            continue
        value = getattr(activity, attname)
        if (
            len(value) > max_length
            or (not blank and value == "")
            or (choices is not None and value != "" and value not in choices)
        ):
            errors.setdefault(attname, []).extend(
                f"{activity.iati_identifier}: {m}"
                for m in _field_messages(Activity, attname, value)
            )
