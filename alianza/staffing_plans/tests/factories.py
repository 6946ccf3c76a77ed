"""Factories of the staffing scenarios."""

from decimal import Decimal

import factory

from alianza.programs.tests.factories import ProgramFactory
from alianza.staffing_plans.choices import ScenarioKind
from alianza.staffing_plans.models import Scenario


class ScenarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scenario

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    name_en = factory.Sequence(lambda n: f"Scenario {n}")
    name_es = factory.Sequence(lambda n: f"Escenario {n}")
    kind = ScenarioKind.CURRENT
    year = 2020
    base_budget = Decimal("100000.00")
    currency = "USD"
