"""Factories of the specialists' records. A contract's specialist and position belong to
its program, and its holder is a partner of it (the factories make one when not given)."""

import datetime
from decimal import Decimal

import factory

from alianza.accounts.tests.factories import InstitutionFactory
from alianza.programs.tests.factories import PartnershipFactory, ProgramFactory
from alianza.specialists.choices import NoticeTopic, Priority
from alianza.specialists.models import (
    HeadcountRecord,
    Notice,
    NoticeReceipt,
    PersonalData,
    Position,
    Question,
    ServiceContract,
    Specialist,
)


def _partner(program):
    """The program's first partner institution, or a new one made a partner."""
    partnership = program.partnerships.select_related("institution").order_by("id").first()
    if partnership is not None:
        return partnership.institution
    return PartnershipFactory(program=program, institution=InstitutionFactory()).institution


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"P-{n + 1:03d}")
    title_en = factory.Sequence(lambda n: f"Specialist in cooperation {n}")
    title_es = factory.Sequence(lambda n: f"Especialista en cooperación {n}")
    host_institution = factory.LazyAttribute(lambda p: _partner(p.program))
    area_en = "Executive Directorate for Development Cooperation"
    area_es = "Dirección Ejecutiva de Cooperación para el Desarrollo"
    function_en = "Project management"
    function_es = "Gestión de proyectos"
    required_profile_en = "Degree in international relations; five years of experience."
    priority = Priority.ESSENTIAL
    monthly_cost = Decimal("2500.00")
    currency = "USD"


class SpecialistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialist

    program = factory.SubFactory(ProgramFactory)
    full_name = factory.Sequence(lambda n: f"Specialist Person {n}")
    user = None


class PersonalDataFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalData

    specialist = factory.SubFactory(SpecialistFactory)
    identity_document = factory.Sequence(lambda n: f"CURP{n:06d}")
    date_of_birth = datetime.date(1985, 3, 14)
    email = factory.Sequence(lambda n: f"specialist{n}@example.org")
    phone = "+52 55 0000 0000"
    emergency_contact_name = "Relative"
    emergency_contact_phone = "+52 55 1111 1111"
    health_insurer = "Insurer"
    health_insurance_policy = factory.Sequence(lambda n: f"POL-{n}")
    insurance_valid_from = datetime.date(2019, 1, 1)
    insurance_valid_until = datetime.date(2019, 12, 31)


class ServiceContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceContract

    program = factory.SubFactory(ProgramFactory)
    reference = factory.Sequence(lambda n: f"SC-{n + 1:04d}")
    specialist = factory.SubFactory(SpecialistFactory, program=factory.SelfAttribute("..program"))
    position = factory.SubFactory(PositionFactory, program=factory.SelfAttribute("..program"))
    holder = factory.LazyAttribute(lambda c: _partner(c.program))
    start_date = datetime.date(2019, 1, 1)
    end_date = datetime.date(2019, 12, 31)
    monthly_cost = Decimal("2500.00")
    currency = "USD"


class HeadcountRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeadcountRecord

    program = factory.SubFactory(ProgramFactory)
    year = 2013
    headcount = 40


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    program = factory.SubFactory(ProgramFactory)
    topic = NoticeTopic.INSURANCE
    title_en = "Your medical insurance"
    title_es = "Tu seguro médico"
    body_en = "The policy covers you from the first day of the contract."
    body_es = "La póliza te cubre desde el primer día del contrato."
    published_on = datetime.date(2019, 2, 1)


class NoticeReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeReceipt

    notice = factory.SubFactory(NoticeFactory)
    specialist = factory.SubFactory(
        SpecialistFactory, program=factory.SelfAttribute("..notice.program")
    )
    read_at = factory.LazyFunction(
        lambda: datetime.datetime(2019, 2, 2, 10, 0, tzinfo=datetime.UTC)
    )


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    program = factory.SubFactory(ProgramFactory)
    specialist = factory.SubFactory(SpecialistFactory, program=factory.SelfAttribute("..program"))
    text = "When does the renewal process start?"
    asked_at = factory.LazyFunction(
        lambda: datetime.datetime(2019, 10, 1, 9, 0, tzinfo=datetime.UTC)
    )
