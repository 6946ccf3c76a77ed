"""Reusable reads of money records: budget lines belong to a program directly
(`ProgramChildQuerySet`), transactions through their initiative."""

from __future__ import annotations

from alianza.programs.querysets import ProgramChildQuerySet


class TransactionQuerySet(ProgramChildQuerySet):
    program_lookup = "initiative__program"

    def spending(self):
        from alianza.finance.choices import SPENDING_TYPES

        return self.filter(kind__in=SPENDING_TYPES)
