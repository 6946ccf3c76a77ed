import datetime
from decimal import Decimal

import factory

from alianza.accounts.tests.factories import InstitutionFactory
from alianza.programs.choices import DocumentVersionKind, FundingSourceKind
from alianza.programs.models import (
    Component,
    DocumentVersion,
    ExpectedProduct,
    ExpectedResult,
    FundingSource,
    GeneralRevision,
    Partnership,
    Phase,
    Program,
)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PRG{n}")
    name_en = factory.Sequence(lambda n: f"Program {n}")
    name_es = factory.Sequence(lambda n: f"Programa {n}")
    start_date = datetime.date(2013, 1, 1)
    end_date = datetime.date(2025, 12, 31)
    is_public = False


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    program = factory.SubFactory(ProgramFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role_en = "Partner"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_en = factory.LazyAttribute(lambda p: f"Phase {p.number}")
    name_es = factory.LazyAttribute(lambda p: f"Fase {p.number}")
    start_date = datetime.date(2013, 1, 1)
    end_date = datetime.date(2017, 12, 31)


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_en = factory.LazyAttribute(lambda c: f"Component {c.number}")


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"source_{n}")
    kind = FundingSourceKind.PARTNER_CONTRIBUTION
    name_en = factory.Sequence(lambda n: f"Source {n}")


class GeneralRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneralRevision

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2014, 1, 1)
    purpose_en = "Adjust the budget"
    award_change = Decimal("1000.00")


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"version_{n}")
    sequence = factory.Sequence(lambda n: n + 1)
    kind = DocumentVersionKind.ORIGINAL
    date = datetime.date(2013, 6, 1)
    label_en = factory.Sequence(lambda n: f"Version {n}")


class ExpectedResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpectedResult

    version = factory.SubFactory(DocumentVersionFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Result {n}")


class ExpectedProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpectedProduct

    result = factory.SubFactory(ExpectedResultFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Product {n}")
