"""Dates whose precision the source decides: '2014', '2014-06' or '2014-06-10'."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from alianza.core.models import DatePrecision

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class PartialDate:
    value: date
    precision: str


def parse_partial_date(text: str, *, end: bool = False) -> PartialDate:
    """Parse a precision string; `end=True` resolves to the last day it covers."""
    match = _PARTIAL.match(str(text).strip())
    if not match:
        raise ValueError(
            _("'%(text)s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD).") % {"text": text}
        )
    year, month, day = match.groups()
    y = int(year)
    if day:
        return PartialDate(date(y, int(month), int(day)), DatePrecision.DAY)
    if month:
        m = int(month)
        d = calendar.monthrange(y, m)[1] if end else 1
        return PartialDate(date(y, m, d), DatePrecision.MONTH)
    return PartialDate(date(y, 12, 31) if end else date(y, 1, 1), DatePrecision.YEAR)


def format_partial_date(value: date | None, precision: str) -> str:
    """Show a date only as precisely as its source gave it."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def format_partial_range(
    start: date | None, start_precision: str, end: date | None, end_precision: str
) -> str:
    first = format_partial_date(start, start_precision)
    last = format_partial_date(end, end_precision)
    if not last or first == last:
        return first
    return f"{first} – {last}"


def partial_date_string(value: date | None, precision: str) -> str:
    """The inverse of parse_partial_date: '2014', '2014-06' or '2014-06-10'."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
