"""The spending-pace rule: PROCAP's PDI support is flagged, and the thresholds are the
program's data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from alianza.contracts.tests.factories import ContractFactory, DeliverableFactory
from alianza.finance.tests.factories import BudgetLineFactory, TransactionFactory
from alianza.initiatives.tests.factories import PeriodFactory
from alianza.monitoring import services
from alianza.monitoring.pace import months_between, program_pace

pytestmark = pytest.mark.django_db
D = datetime.date


def test_months_count_every_calendar_month_touched():
    assert months_between(D(2019, 10, 1), D(2019, 12, 31)) == 3
    assert months_between(D(2017, 1, 1), D(2019, 12, 31)) == 36
    assert months_between(D(2019, 9, 8), D(2019, 9, 19)) == 1


def test_procap_flags_the_pdi_support_and_nothing_else(procap):
    pace = program_pace(procap, as_of=D(2020, 1, 1))
    assert [(p.number, p.status) for p in pace.flagged] == [(9, "ahead")]
    pdi = pace.items[next(k for k, p in pace.items.items() if p.number == 9)]
    assert (pdi.months, pdi.rate) == (3, Decimal("22585.84"))
    assert pace.median_rate == Decimal("1936.01")  # the virtual training's own rate
    assert pdi.ratio == Decimal("11.67")


def test_procap_before_the_pdi_spending_flags_nothing(procap):
    assert program_pace(procap, as_of=D(2019, 6, 30)).flagged == []


def test_the_programs_thresholds_decide(procap):
    coordinator = procap.partnerships.get(institution__code="amexcid").institution
    from alianza.accounts.choices import Role
    from alianza.accounts.tests.factories import member

    actor = member("amx-coord", coordinator, Role.COORDINATOR)
    services.monitoring_settings_update(
        program=procap, data={"pace_rate_ratio": Decimal("3")}, actor=actor
    )
    flagged = [p.number for p in program_pace(procap, as_of=D(2020, 1, 1)).flagged]
    assert flagged == [9, 8]  # gender training: 3.9 times the median over five months


def test_budget_spent_ahead_of_time_is_flagged(cast):
    initiative = cast.internal_initiative  # runs 2018-2019
    BudgetLineFactory(
        program=cast.program, initiative=initiative, year=2018, original_amount=Decimal("1000")
    )
    TransactionFactory(initiative=initiative, date=D(2018, 3, 31), amount=Decimal("800"))
    pace = program_pace(cast.program, as_of=D(2018, 4, 1)).items[initiative.pk]
    assert pace.status == "ahead"
    assert (pace.spent_share, pace.time_share) == (Decimal("0.800"), Decimal("0.125"))


def test_an_initiative_that_stopped_spending_is_stalled(cast):
    initiative = cast.internal_initiative
    BudgetLineFactory(
        program=cast.program, initiative=initiative, year=2018, original_amount=Decimal("1000")
    )
    TransactionFactory(initiative=initiative, date=D(2018, 2, 1), amount=Decimal("50"))
    pace = program_pace(cast.program, as_of=D(2019, 6, 30)).items[initiative.pk]
    assert pace.status == "behind"


def test_spending_ahead_of_accepted_products_is_flagged(cast):
    initiative = cast.internal_initiative
    BudgetLineFactory(
        program=cast.program, initiative=initiative, year=2019, original_amount=Decimal("1000")
    )
    PeriodFactory(initiative=initiative, start_date=D(2020, 1, 1), end_date=D(2020, 12, 31))
    TransactionFactory(initiative=initiative, date=D(2019, 12, 1), amount=Decimal("900"))
    contract = ContractFactory(program=cast.program, initiative=initiative)
    DeliverableFactory(contract=contract, planned_date=D(2019, 6, 1))
    DeliverableFactory(contract=contract, planned_date=D(2019, 9, 1))
    pace = program_pace(cast.program, as_of=D(2019, 12, 31)).items[initiative.pk]
    assert (pace.expected_products, pace.delivered_products) == (2, 0)
    assert pace.status == "ahead"
    assert any("expected products accepted" in r for r in pace.reasons)
