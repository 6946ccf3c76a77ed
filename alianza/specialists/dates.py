"""Months of a contract, as a fraction, for its cost over a period."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal


def months_between(first: date, last: date) -> Decimal:
    """The months from `first` to `last` inclusive: whole months count 1, a part of a month
    counts its days over the month's days (1 to 15 June = 0.5)."""
    total = Decimal(0)
    day = first
    while day <= last:
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        month_end = date(day.year, day.month, days_in_month)
        end = min(month_end, last)
        total += Decimal((end - day).days + 1) / Decimal(days_in_month)
        day = end + timedelta(days=1)
    return total
