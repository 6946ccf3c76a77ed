"""Consultancies: bad dates and payments are refused naming the field, nothing is saved;
delays are computed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from alianza.audit.models import ChangeRecord
from alianza.contracts import services
from alianza.contracts.models import Deliverable, DeliverableReview, Payment
from alianza.contracts.selectors import late_deliverables
from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory, ReviewFactory
from alianza.finance.models import Transaction

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def contract(cast):
    return ContractFactory(program=cast.program, initiative=cast.internal_initiative)


def accepted(contract, cast, *, amount=None):
    deliverable = DeliverableFactory(
        contract=contract, delivered_date=D(2019, 3, 10), amount=amount
    )
    for institution in (cast.partner_a, cast.partner_b):
        ReviewFactory(deliverable=deliverable, institution=institution, reviewed_on=D(2019, 3, 20))
    return deliverable


def test_delivered_date_before_the_contract_starts_is_refused(cast, contract):
    before = ChangeRecord.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.deliverable_create(
            contract=contract,
            data={
                "title_es": "Informe",
                "planned_date": D(2019, 2, 1),
                "delivered_date": D(2018, 12, 20),
            },
            actor=cast.users["editor_a"],
        )
    message = refused.value.message_dict["delivered_date"][0]
    assert "before the contract starts (2019-01-01)" in message
    assert not Deliverable.objects.exists() and ChangeRecord.objects.count() == before


def test_payment_above_the_contract_amount_is_refused_and_nothing_is_saved(cast, contract):
    deliverable = accepted(contract, cast)
    with pytest.raises(ValidationError) as refused:
        services.payment_create(
            contract=contract,
            data={
                "deliverable": deliverable,
                "paid_on": D(2019, 4, 1),
                "amount": Decimal("10000.01"),
            },
            actor=cast.users["editor_b"],
        )
    assert "above the contract amount USD 10,000.00" in refused.value.message_dict["amount"][0]
    assert not Payment.objects.exists()
    assert not Transaction.objects.exists()


def test_payment_above_what_the_accepted_deliverable_allows_is_refused(cast, contract):
    deliverable = accepted(contract, cast, amount=Decimal("3000"))
    with pytest.raises(ValidationError) as refused:
        services.payment_create(
            contract=contract,
            data={"deliverable": deliverable, "paid_on": D(2019, 4, 1), "amount": Decimal("3500")},
            actor=cast.users["editor_b"],
        )
    assert "above the USD 3,000.00 its acceptance allows" in refused.value.message_dict["amount"][0]


def test_a_deliverable_only_one_partner_accepted_cannot_be_paid(cast, contract):
    deliverable = DeliverableFactory(contract=contract, delivered_date=D(2019, 3, 10))
    ReviewFactory(deliverable=deliverable, institution=cast.partner_a)
    with pytest.raises(ValidationError) as refused:
        services.payment_create(
            contract=contract,
            data={"deliverable": deliverable, "paid_on": D(2019, 4, 2), "amount": Decimal("10")},
            actor=cast.users["editor_a"],
        )
    assert "has not been accepted by every partner" in refused.value.message_dict["deliverable"][0]


def test_payment_is_recorded_as_the_initiatives_expenditure(cast, contract):
    deliverable = accepted(contract, cast)
    payment = services.payment_create(
        contract=contract,
        data={"deliverable": deliverable, "paid_on": D(2019, 4, 2), "amount": Decimal("2500")},
        actor=cast.users["editor_a"],
    )
    assert payment.transaction.initiative == cast.internal_initiative
    assert (payment.transaction.kind, payment.transaction.amount) == (
        "expenditure",
        Decimal("2500.00"),
    )


def test_a_deliverable_returned_without_comments_is_refused(cast, contract):
    deliverable = DeliverableFactory(contract=contract, delivered_date=D(2019, 3, 10))
    with pytest.raises(ValidationError) as refused:
        services.deliverable_review(
            deliverable=deliverable,
            data={"decision": "returned", "reviewed_on": D(2019, 3, 12)},
            actor=cast.users["editor_a"],
        )
    assert "comments" in refused.value.message_dict
    assert not DeliverableReview.objects.exists()


def test_a_review_is_recorded_for_the_reviewers_institution(cast, contract):
    deliverable = DeliverableFactory(contract=contract, delivered_date=D(2019, 3, 10))
    review = services.deliverable_review(
        deliverable=deliverable,
        data={"decision": "accepted", "reviewed_on": D(2019, 3, 12)},
        actor=cast.users["editor_b"],
    )
    assert review.institution == cast.partner_b


def test_days_late_count_to_delivery_or_to_the_day_of_reckoning(contract):
    late = DeliverableFactory(
        contract=contract, planned_date=D(2019, 3, 1), delivered_date=D(2019, 4, 15)
    )
    due = DeliverableFactory(contract=contract, planned_date=D(2019, 6, 30))
    early = DeliverableFactory(
        contract=contract, planned_date=D(2019, 6, 30), delivered_date=D(2019, 6, 1)
    )
    today = D(2019, 7, 10)
    assert (late.days_late(today), due.days_late(today), early.days_late(today)) == (45, 10, 0)
    assert contract.days_late(today) == 45


def test_late_deliverables_are_listed_worst_first(cast, contract):
    DeliverableFactory(contract=contract, planned_date=D(2019, 3, 1), delivered_date=D(2019, 3, 5))
    DeliverableFactory(contract=contract, planned_date=D(2019, 2, 1))
    other = ContractFactory(program=cast.program)
    DeliverableFactory(contract=other, planned_date=D(2019, 5, 1), delivered_date=D(2019, 7, 1))
    delays = late_deliverables(cast.program, as_of=D(2019, 8, 1))
    assert [d.days_late for d in delays] == [181, 61, 4]


def test_terminating_a_contract_needs_a_reason_and_a_coordinator(cast, contract):
    with pytest.raises(ValidationError) as refused:
        services.contract_terminate(
            contract=contract, terminated_on=D(2019, 5, 1), actor=cast.users["coordinator_b"]
        )
    assert "termination_reason_es" in refused.value.message_dict
    contract.refresh_from_db()
    assert contract.terminated_on is None
