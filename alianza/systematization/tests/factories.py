import datetime
from dataclasses import dataclass, field

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


@dataclass
class CodedInterviews:
    """Two interviews of a period (informant i01 of partner A, i02 of partner B), each
    with one coded excerpt; `first` is about initiative 1 and the 'strategy' factor, coded
    'incentives'; `second` is about initiative 2, coded 'added_value'."""

    interviews: list
    first: object
    second: object
    categories: dict
    factor: SuccessFactor
    question: object
    informants: dict = field(default_factory=dict)


def code_interviews(cast, period) -> CodedInterviews:
    """Informants, the analysis frame and two coded interviews, written through the
    services as the pages and the API write them."""
    from alianza.systematization import services
    from alianza.systematization.models import AnalysisCategory, Question

    coordinator, editor = cast.users["coordinator_a"], cast.users["editor_a"]
    program = cast.program
    leaders = services.case_type_upsert(
        program=program, code="a", values={"name_en": "Leaders"}, actor=coordinator
    )
    staff = services.case_type_upsert(
        program=program, code="b", values={"name_en": "Staff"}, actor=coordinator
    )
    informants = {
        "i01": services.informant_upsert(
            program=program,
            code="i01",
            values={"case_type": leaders, "institution": cast.partner_a},
            actor=coordinator,
        ),
        "i02": services.informant_upsert(
            program=program,
            code="i02",
            values={"case_type": staff, "institution": cast.partner_b},
            actor=coordinator,
        ),
    }
    scope = services.analysis_scope_upsert(
        program=program,
        code="strategy",
        values={"name_en": "Strategy"},
        categories=[
            {"code": "incentives", "name_en": "Incentives of each counterpart"},
            {"code": "added_value", "name_en": "Perceived added value"},
        ],
        questions=[{"number": 1, "text_en": "What was the need?"}],
        actor=coordinator,
    )
    categories = {c.code: c for c in AnalysisCategory.objects.filter(scope=scope)}
    question = Question.objects.get(scope=scope, number=1)
    factor = services.success_factor_upsert(
        program=program, code="strategy", values={"name_en": "Strategy factor"}, actor=coordinator
    )
    interviews = [
        services.interview_create(
            period=period,
            values={"informant": informants[code], "held_on": datetime.date(2019, 3, day)},
            actor=editor,
        )
        for day, code in ((1, "i01"), (2, "i02"))
    ]
    first = services.excerpt_save(
        interview=interviews[0],
        values={"text_en": "The agency wanted its own staff trained.", "question": question},
        categories=[categories["incentives"]],
        initiatives=[1],
        factors=[factor],
        actor=editor,
    )
    second = services.excerpt_save(
        interview=interviews[1],
        values={"text_en": "UNDP brought procurement know-how."},
        categories=[categories["added_value"]],
        initiatives=[2],
        actor=cast.users["editor_b"],
    )
    return CodedInterviews(
        interviews=interviews,
        first=first,
        second=second,
        categories=categories,
        factor=factor,
        question=question,
        informants=informants,
    )
