"""Each kind of column is written as JSON and read back as the same value, type included;
a value of the wrong type is refused with the reason."""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from alianza.operations.codec import BadValue, Column, encoder

MEXICO = ZoneInfo("America/Mexico_City")

VALUES = [
    ("integer", 9_007_199_254_740_993),  # beyond a double's exact integers
    ("string", 'Cooperación Sur-Sur \u2013 \U0001f30e "quoted"\n'),
    ("boolean", False),
    ("datetime", datetime.datetime(2019, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC)),
    ("datetime", datetime.datetime(2013, 1, 1, tzinfo=datetime.UTC)),
    ("date", datetime.date(2014, 6, 10)),
    ("time", datetime.time(23, 59, 59, 999999)),
    ("decimal", Decimal("543288.01")),
    ("decimal", Decimal("0.00000000")),
    ("float", 0.1 + 0.2),
    ("duration", datetime.timedelta(days=3, microseconds=7)),
    ("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678")),
    ("binary", bytes(range(256))),
    ("json", {"b": [1, 2.5, None, True], "a": {"ñ": "x"}}),
]


@pytest.mark.parametrize(("kind", "value"), VALUES)
def test_every_kind_comes_back_as_it_was(kind, value):
    column = Column(name="c", kind=kind, null=False, timezone_aware=True)
    text = json.dumps(encoder(kind)(value))
    restored = column.decode(json.loads(text))
    assert restored == value
    assert type(restored) is type(value)
    if kind == "decimal":
        assert str(restored) == str(value)  # the same digits, not only the same number


def test_datetimes_are_written_in_utc_with_microseconds():
    write = encoder("datetime")
    moment = datetime.datetime(2019, 3, 4, 5, 6, 7, 1, tzinfo=MEXICO)
    assert write(moment) == "2019-03-04T11:06:07.000001+00:00"
    assert write(datetime.datetime(2013, 1, 1, tzinfo=datetime.UTC)) == (
        "2013-01-01T00:00:00.000000+00:00"
    )


def test_nulls_are_kept_where_the_column_allows_them():
    assert encoder("datetime")(None) is None
    assert Column(name="c", kind="datetime", null=True).decode(None) is None
    with pytest.raises(BadValue, match="may not be null"):
        Column(name="c", kind="date", null=False).decode(None)


@pytest.mark.parametrize(
    ("kind", "value", "reason"),
    [
        ("integer", "12", "not an integer"),
        ("integer", True, "not an integer"),
        ("boolean", 1, "not true or false"),
        ("decimal", 1.5, "not a decimal written as a string"),
        ("decimal", "NaN", "not a finite decimal"),
        ("datetime", "2019-03-04 05:06", "no UTC offset"),
        ("datetime", "4 March 2019", "not an ISO 8601 date and time"),
        ("date", "2019-02-30", "not an ISO 8601 date"),
        ("binary", "not base64!", "not valid base64"),
        ("uuid", "1234", "not a UUID"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_with_the_reason(kind, value, reason):
    with pytest.raises(BadValue, match=reason):
        Column(name="c", kind=kind, null=False, timezone_aware=True).decode(value)


def test_a_string_longer_than_its_column_is_refused():
    with pytest.raises(BadValue, match="11 characters, over the column's 10"):
        Column(name="c", kind="string", null=False, max_length=10).decode("x" * 11)


def test_string_length_is_left_to_sqlite_when_restoring_into_it():
    column = Column(name="c", kind="string", null=False, max_length=10)
    assert column.decode("x" * 11, enforce_length=False) == "x" * 11
