"""Reads of consultancies: delays worst first, for pages, the dashboard and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from alianza.contracts.models import Contract, Deliverable, DeliverableReview, Payment

if TYPE_CHECKING:
    from alianza.programs.models import Program


def partner_ids(program: Program) -> list[int]:
    return list(program.partnerships.values_list("institution_id", flat=True))


def with_reviews(deliverables: QuerySet[Deliverable], partners: list[int]) -> list[Deliverable]:
    """Prefetch reviews and tell each deliverable who the partners are (no query per row)."""
    items = list(
        deliverables.select_related("contract__program", "contract__initiative").prefetch_related(
            Prefetch("reviews", queryset=DeliverableReview.objects.select_related("institution"))
        )
    )
    for item in items:
        item._partner_ids = partners
    return items


@dataclass
class Delay:
    deliverable: Deliverable
    days_late: int

    @property
    def contract(self) -> Contract:
        return self.deliverable.contract


def late_deliverables(
    program: Program,
    *,
    as_of: date,
    since: date | None = None,
    partners: list[int] | None = None,
) -> list[Delay]:
    """Deliverables late on `as_of` (delivered late, or still due past their date), worst first.

    With `since`, only delays still running on that day or later (a report period's).
    `partners`: the program's `partner_ids`, when the caller has read them already.
    """
    candidates = Deliverable.objects.filter(contract__program=program, planned_date__lt=as_of)
    if since is not None:
        candidates = candidates.exclude(delivered_date__lt=since)
    delays = [
        Delay(d, d.days_late(as_of))
        for d in with_reviews(candidates, partner_ids(program) if partners is None else partners)
    ]
    delays = [d for d in delays if d.days_late > 0]
    delays.sort(
        key=lambda d: (-d.days_late, d.deliverable.contract.reference, d.deliverable.number)
    )
    return delays


def contracts_with_delays(
    contracts: QuerySet[Contract], *, as_of: date, partners: list[int]
) -> list[Contract]:
    """Contracts with their deliverables, each carrying `days_late_value`, worst first."""
    items = list(
        contracts.select_related("initiative__program", "program").prefetch_related(
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.prefetch_related(
                    Prefetch(
                        "reviews", queryset=DeliverableReview.objects.select_related("institution")
                    )
                ).order_by("number"),
            ),
            Prefetch("payments", queryset=Payment.objects.select_related("deliverable")),
        )
    )
    for contract in items:
        for deliverable in contract.deliverables.all():
            deliverable._partner_ids = partners
            deliverable.contract = contract
        contract.days_late_value = contract.days_late(as_of)
        contract.paid_total = sum((p.amount for p in contract.payments.all()), Decimal(0))
    items.sort(key=lambda c: (-c.days_late_value, c.reference))
    return items


def contract_sheet(
    program: Program, contract: Contract, *, as_of: date
) -> tuple[Contract, list[Deliverable]]:
    """One contract as its page shows it: its delays and paid total, and its deliverables,
    each with the days it is late and its partners' reviews in the order they came."""
    sheet = contracts_with_delays(
        Contract.objects.filter(pk=contract.pk), as_of=as_of, partners=partner_ids(program)
    )[0]
    deliverables = list(sheet.deliverables.all())
    for deliverable in deliverables:
        deliverable.days_late_value = deliverable.days_late(as_of)
        deliverable.review_list = sorted(
            deliverable.reviews.all(), key=lambda r: (r.reviewed_on, r.pk)
        )
    return sheet, deliverables
