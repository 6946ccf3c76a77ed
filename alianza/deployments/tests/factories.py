"""Factories of deployments: a mission of the program, a destination, a person on it."""

import datetime

import factory

from alianza.deployments.models import DeployedPerson, Deployment, DeploymentDestination
from alianza.programs.tests.factories import ProgramFactory
from alianza.specialists.tests.factories import PersonalDataFactory, SpecialistFactory


class DeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deployment

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Mission {n}")
    title_es = factory.Sequence(lambda n: f"Misión {n}")
    start_date = datetime.date(2019, 10, 1)
    end_date = datetime.date(2019, 10, 31)


class DestinationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeploymentDestination

    deployment = factory.SubFactory(DeploymentFactory)
    country = "MX"
    place = "Chiapas"
    site_en = "Migration station"
    site_es = "Estación migratoria"
    vulnerable_populations = True


class DeployedPersonFactory(factory.django.DjangoModelFactory):
    """A person whose checklist is complete for a mission in October 2019 (their personal
    data carry an emergency contact and insurance for 2019)."""

    class Meta:
        model = DeployedPerson

    deployment = factory.SubFactory(DeploymentFactory)
    specialist = factory.LazyAttribute(
        lambda o: (
            PersonalDataFactory(
                specialist=SpecialistFactory(program=o.deployment.program)
            ).specialist
        )
    )
    first_aid_on = datetime.date(2019, 9, 1)
    code_of_conduct_on = datetime.date(2019, 9, 2)
    data_protection_on = datetime.date(2019, 9, 3)
