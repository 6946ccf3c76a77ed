import datetime

import factory

from alianza.programs.tests.factories import ProgramFactory
from alianza.risks.choices import RiskCategory
from alianza.risks.models import Risk, RiskAction


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Risk {n}")
    category = RiskCategory.OPERATIONAL
    likelihood = 3
    impact = 4


class RiskActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAction

    risk = factory.SubFactory(RiskFactory)
    description_en = "Write the protocol"
    due_on = datetime.date(2019, 6, 1)
