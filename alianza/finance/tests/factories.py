import datetime
from decimal import Decimal

import factory

from alianza.finance.choices import TransactionType
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction
from alianza.initiatives.tests.factories import InitiativeFactory
from alianza.programs.tests.factories import ProgramFactory


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate

    currency = "MXN"
    valid_from = datetime.date(2019, 1, 1)
    valid_to = datetime.date(2019, 12, 31)
    base_currency = "USD"
    rate = Decimal("20.000000")
    source = "Test rate"


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    program = factory.SubFactory(ProgramFactory)
    year = 2019
    currency = "USD"
    original_amount = Decimal("1000.00")


class TransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transaction

    initiative = factory.SubFactory(InitiativeFactory)
    kind = TransactionType.EXPENDITURE
    date = datetime.date(2019, 6, 30)
    amount = Decimal("100.00")
    currency = "USD"
