import datetime
from decimal import Decimal

import factory

from alianza.contracts.choices import ContractKind, ReviewDecision
from alianza.contracts.models import Contract, Deliverable, DeliverableReview
from alianza.programs.tests.factories import ProgramFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    program = factory.SubFactory(ProgramFactory)
    reference = factory.Sequence(lambda n: f"IC-{n:03d}")
    kind = ContractKind.INDIVIDUAL
    title_en = factory.Sequence(lambda n: f"Consultancy {n}")
    title_es = factory.Sequence(lambda n: f"Consultoría {n}")
    contractor_name = "Ana Consultora"
    amount = Decimal("10000.00")
    currency = "USD"
    start_date = datetime.date(2019, 1, 1)
    end_date = datetime.date(2019, 12, 31)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    contract = factory.SubFactory(ContractFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Product {n}")
    planned_date = datetime.date(2019, 3, 1)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliverableReview

    deliverable = factory.SubFactory(DeliverableFactory)
    decision = ReviewDecision.ACCEPTED
    reviewed_on = datetime.date(2019, 4, 1)
