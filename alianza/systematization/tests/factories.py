import datetime

import factory

from alianza.programs.tests.factories import ProgramFactory
from alianza.systematization.models import (
    CriteriaSet,
    Criterion,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"set_{n}")
    name_en = factory.Sequence(lambda n: f"Criteria {n}")
    flagship_threshold = 2


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    number = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"criterion_{n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    name_es = factory.Sequence(lambda n: f"Criterio {n}")


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystematizationPeriod

    program = factory.LazyAttribute(lambda p: p.criteria_set.program)
    criteria_set = factory.SubFactory(CriteriaSetFactory)
    code = factory.Sequence(lambda n: f"round-{n}")
    name_en = factory.Sequence(lambda n: f"Round {n}")
    start_date = datetime.date(2018, 1, 1)
    end_date = datetime.date(2019, 12, 31)


class SuccessFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessFactor

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"factor_{n}")
    name_en = factory.Sequence(lambda n: f"Factor {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    period = factory.SubFactory(PeriodFactory)
    factor = factory.LazyAttribute(lambda r: SuccessFactorFactory(program=r.period.program))
    code = factory.Sequence(lambda n: f"{n + 1}a")
    text_en = "Do something useful."


def systematize(program, *, threshold=2, codes=("need", "impact", "reach"), required=(), extra=()):
    """A criteria set with the given criteria (those in `extra` do not count), and a
    period using it, for `program`."""
    criteria_set = CriteriaSetFactory(program=program, flagship_threshold=threshold)
    for number, code in enumerate(codes, start=1):
        CriterionFactory(
            criteria_set=criteria_set, number=number, code=code, is_required=code in required
        )
    for number, code in enumerate(extra, start=len(codes) + 1):
        CriterionFactory(
            criteria_set=criteria_set, number=number, code=code, counts_toward_threshold=False
        )
    return PeriodFactory(criteria_set=criteria_set, program=program, code="2018-2019")
