"""How each column's values are written to a backup and read back, exactly.

Every value becomes a JSON value that says what it is without depending on the database
it came from: datetimes in ISO 8601 with microseconds and their UTC offset, dates and
times in ISO 8601, decimals as strings (never floats), JSON columns as JSON, binary as
base64. Reading a value back checks its type, so that a damaged row is refused while the
archive is verified, before anything is written.

One distinction does not survive, because Django itself does not make it when reading: in
a JSON column that may be NULL, SQL NULL and the JSON value null both read as None and are
restored as SQL NULL.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

#: The kind of each Django column type; a column of a type not listed here stops a backup
#: (better than writing a value that might not come back as it was).
KINDS = {
    "AutoField": "integer",
    "BigAutoField": "integer",
    "SmallAutoField": "integer",
    "IntegerField": "integer",
    "BigIntegerField": "integer",
    "SmallIntegerField": "integer",
    "PositiveIntegerField": "integer",
    "PositiveBigIntegerField": "integer",
    "PositiveSmallIntegerField": "integer",
    "CharField": "string",
    "TextField": "string",
    "SlugField": "string",
    "EmailField": "string",
    "URLField": "string",
    "FilePathField": "string",
    "FileField": "string",
    "ImageField": "string",
    "GenericIPAddressField": "string",
    "IPAddressField": "string",
    "BooleanField": "boolean",
    "NullBooleanField": "boolean",
    "DateTimeField": "datetime",
    "DateField": "date",
    "TimeField": "time",
    "DecimalField": "decimal",
    "FloatField": "float",
    "DurationField": "duration",
    "UUIDField": "uuid",
    "BinaryField": "binary",
    "JSONField": "json",
}


class BadValue(ValueError):
    """A value in a backup that is not what its column stores; the message says why."""


def column_kind(field: models.Field) -> str:
    """The kind of value a concrete field stores (a foreign key stores its target's)."""
    target = field
    while target.is_relation:
        target = target.target_field
    internal = target.get_internal_type()
    try:
        return KINDS[internal]
    except KeyError:
        raise LookupError(
            f"{field.model._meta.label}.{field.name}: no backup codec for {internal} columns"
        )


# Writing ------------------------------------------------------------------------------


def _datetime_out(value: datetime.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.isoformat(timespec="microseconds")


_ENCODERS: dict[str, Callable[[Any], Any]] = {
    "integer": int,
    "string": str,
    "boolean": bool,
    "datetime": _datetime_out,
    "date": lambda v: v.isoformat(),
    "time": lambda v: v.isoformat(timespec="microseconds"),
    "decimal": lambda v: format(v, "f"),
    "float": float,
    "duration": lambda v: v // datetime.timedelta(microseconds=1),
    "uuid": str,
    "binary": lambda v: base64.b64encode(bytes(v)).decode("ascii"),
    "json": lambda v: v,
}


def encoder(kind: str) -> Callable[[Any], Any]:
    encode = _ENCODERS[kind]

    def write(value):
        return None if value is None else encode(value)

    return write


# Reading ------------------------------------------------------------------------------


def _expect(value, types, what: str):
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in _as_tuple(types)):
        raise BadValue(f"{value!r} is not {what}")
    return value


def _as_tuple(types):
    return types if isinstance(types, tuple) else (types,)


def _integer(value):
    return _expect(value, int, "an integer")


def _string(value):
    return _expect(value, str, "a string")


def _boolean(value):
    return _expect(value, bool, "true or false")


def _datetime_in(value):
    text = _expect(value, str, "a date and time")
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{text!r} is not an ISO 8601 date and time")
    return parsed


def _date_in(value):
    text = _expect(value, str, "a date")
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{text!r} is not an ISO 8601 date")


def _time_in(value):
    text = _expect(value, str, "a time")
    try:
        return datetime.time.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{text!r} is not an ISO 8601 time")


def _decimal_in(value):
    text = _expect(value, str, "a decimal written as a string")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadValue(f"{text!r} is not a decimal number")
    if not number.is_finite():
        raise BadValue(f"{text!r} is not a finite decimal number")
    return number


def _float_in(value):
    return float(_expect(value, (int, float), "a number"))


def _duration_in(value):
    return datetime.timedelta(microseconds=_expect(value, int, "a duration in microseconds"))


def _uuid_in(value):
    text = _expect(value, str, "a UUID")
    try:
        return uuid.UUID(text)
    except ValueError:
        raise BadValue(f"{text!r} is not a UUID")


def _binary_in(value):
    text = _expect(value, str, "base64 data")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        raise BadValue("the value is not valid base64 data")


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "integer": _integer,
    "string": _string,
    "boolean": _boolean,
    "datetime": _datetime_in,
    "date": _date_in,
    "time": _time_in,
    "decimal": _decimal_in,
    "float": _float_in,
    "duration": _duration_in,
    "uuid": _uuid_in,
    "binary": _binary_in,
    "json": lambda v: v,
}


@dataclass(frozen=True)
class Column:
    """A column of a table as the backup knows it, with its reader."""

    name: str
    kind: str
    null: bool
    max_length: int | None = None
    timezone_aware: bool = False

    def decode(self, value, *, enforce_length: bool = True):
        """The Python value of `value` read from a backup; raises BadValue with a reason.

        SQLite does not enforce a string column's length (PostgreSQL does): a restore into
        SQLite takes what SQLite gave."""
        if value is None:
            # In a JSON column that may not be NULL, null is the JSON value null.
            if not self.null and self.kind != "json":
                raise BadValue("null in a column that may not be null")
            return None
        result = _DECODERS[self.kind](value)
        if (
            enforce_length
            and self.kind == "string"
            and self.max_length is not None
            and len(result) > self.max_length
        ):
            raise BadValue(f"{len(result)} characters, over the column's {self.max_length}")
        if self.kind == "datetime" and self.timezone_aware and result.tzinfo is None:
            raise BadValue(f"{value!r} has no UTC offset")
        return result
