"""Reusable reads of consultancies: each record is scoped through its contract's program."""

from __future__ import annotations

from alianza.programs.querysets import ProgramChildQuerySet


class ContractQuerySet(ProgramChildQuerySet):
    pass


class DeliverableQuerySet(ProgramChildQuerySet):
    program_lookup = "contract__program"


class ReviewQuerySet(ProgramChildQuerySet):
    program_lookup = "deliverable__contract__program"


class PaymentQuerySet(ProgramChildQuerySet):
    program_lookup = "contract__program"
