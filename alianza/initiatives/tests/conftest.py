"""Fixtures shared by the initiatives tests."""

import datetime
from decimal import Decimal

import pytest

from alianza.initiatives.tests.factories import (
    ClassificationFactory,
    CostFactory,
    InitiativeFactory,
    PeriodFactory,
)
from alianza.programs.tests.factories import PhaseFactory


@pytest.fixture
def inventory(cast):
    """Three more initiatives of TEST, so that every filter and sort tells them apart.

    #1 Public work      systemic   phase 1  2018-2019   USD 100.50  (the cast's)
    #2 Internal work    systemic   phase 1  2018-2019   USD 100.50  (the cast's, internal)
    #3 Water survey     political  phase 2  2016        USD 5000.00
    #4 Budget training  political  -        2020-2021   no cost
    #5 Archive review   -          phase 1  no period   USD 20.00
    """
    phase_2 = PhaseFactory(program=cast.program, number=2)
    scheme = cast.program.classification_schemes.get(code="incidence_level")
    political = scheme.terms.get(code="political")
    water = InitiativeFactory(
        program=cast.program,
        number=3,
        title_en="Water survey",
        title_es="Encuesta del agua",
        is_public=True,
        phase=phase_2,
        description_en="Surveys of drinking water",
    )
    ClassificationFactory(initiative=water, term=political)
    PeriodFactory(
        initiative=water, start_date=datetime.date(2016, 1, 1), end_date=datetime.date(2016, 12, 31)
    )
    CostFactory(initiative=water, amount=Decimal("5000.00"))
    budget = InitiativeFactory(
        program=cast.program,
        number=4,
        title_en="Budget training",
        title_es="Capacitación presupuestaria",
        is_public=True,
    )
    ClassificationFactory(initiative=budget, term=political)
    PeriodFactory(
        initiative=budget,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    archive = InitiativeFactory(
        program=cast.program,
        number=5,
        title_en="Archive review",
        title_es="Revisión del archivo",
        is_public=True,
        phase=cast.public_initiative.phase,
    )
    CostFactory(initiative=archive, amount=Decimal("20.00"))
    return cast
