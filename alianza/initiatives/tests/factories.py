import datetime
from decimal import Decimal

import factory

from alianza.core.models import DatePrecision
from alianza.initiatives.models import (
    Classification,
    ClassificationScheme,
    ClassificationTerm,
    CostRecord,
    ExecutionPeriod,
    Initiative,
    PolicyInstrument,
    PolicyProvision,
)
from alianza.programs.tests.factories import ProgramFactory


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassificationScheme

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"scheme_{n}")
    name_en = factory.Sequence(lambda n: f"Scheme {n}")
    name_es = factory.Sequence(lambda n: f"Esquema {n}")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassificationTerm

    scheme = factory.SubFactory(SchemeFactory)
    code = factory.Sequence(lambda n: f"term_{n}")
    name_en = factory.Sequence(lambda n: f"Term {n}")
    name_es = factory.Sequence(lambda n: f"Término {n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Initiative {n}")
    title_es = factory.Sequence(lambda n: f"Iniciativa {n}")
    description_en = "What it does"
    is_public = False


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExecutionPeriod

    initiative = factory.SubFactory(InitiativeFactory)
    start_date = datetime.date(2018, 1, 1)
    start_precision = DatePrecision.YEAR
    end_date = datetime.date(2018, 12, 31)
    end_precision = DatePrecision.YEAR


class CostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostRecord

    initiative = factory.SubFactory(InitiativeFactory)
    amount = Decimal("1000.00")
    currency = "USD"


class ClassificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classification

    initiative = factory.SubFactory(InitiativeFactory)
    term = factory.SubFactory(TermFactory)
    scheme = factory.LazyAttribute(lambda c: c.term.scheme)


class PolicyInstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyInstrument
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"law_{n}")
    kind = "law"
    name_en = factory.Sequence(lambda n: f"Law {n}")


class ProvisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyProvision

    instrument = factory.SubFactory(PolicyInstrumentFactory)
    code = factory.Sequence(lambda n: f"art_{n}")
    kind = "article"
    number = factory.Sequence(lambda n: str(n + 1))
