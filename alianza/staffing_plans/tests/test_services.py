"""The risk plan: the proposal keeps positions by priority then cost within the scenario's
budget; scenario C lists the essential functions left uncovered and the cost gap; the
coordinators save an adjusted plan with a note; bad input saves nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alianza.audit.models import ChangeRecord
from alianza.specialists.choices import Priority
from alianza.specialists.tests.factories import PositionFactory
from alianza.staffing_plans import services
from alianza.staffing_plans.choices import ScenarioKind
from alianza.staffing_plans.models import Scenario
from alianza.staffing_plans.selectors import scenario_plan
from alianza.staffing_plans.tests.factories import ScenarioFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def positions(cast):
    """Two essential, one important and one supporting position (monthly costs)."""
    make = lambda code, priority, cost: PositionFactory(  # noqa: E731
        program=cast.program,
        code=code,
        priority=priority,
        monthly_cost=Decimal(cost),
        function_en=f"Function {code}",
        currency="USD",
    )
    return {
        "E1": make("E1", Priority.ESSENTIAL, "3000"),
        "E2": make("E2", Priority.ESSENTIAL, "2000"),
        "I1": make("I1", Priority.IMPORTANT, "1000"),
        "S1": make("S1", Priority.SUPPORTING, "500"),
    }


def _codes(rows):
    return [r.position.code for r in rows]


def test_the_proposal_ranks_by_priority_then_cost_and_keeps_what_the_budget_allows(cast, positions):
    # 12 months: E2 24,000, E1 36,000, I1 12,000, S1 6,000 = 78,000.
    scenario = ScenarioFactory(program=cast.program, base_budget=Decimal("70000"))
    plan = scenario_plan(scenario)
    assert _codes(plan.rows) == ["E2", "E1", "I1", "S1"]
    assert _codes(plan.kept) == ["E2", "E1", "S1"]
    assert plan.kept_cost == Decimal("66000.00")
    assert plan.uncovered_essential == [] and plan.cost_gap == Decimal("0.00")


def test_a_cut_scenario_budgets_the_percentage_left(cast, positions):
    scenario = ScenarioFactory(
        program=cast.program,
        kind=ScenarioKind.CUT,
        base_budget=Decimal("80000"),
        cut_percent=Decimal("50"),
    )
    plan = scenario_plan(scenario)
    assert plan.available == Decimal("40000.00")
    assert _codes(plan.kept) == ["E2", "I1"]
    assert _codes(plan.uncovered_essential) == ["E1"]
    # E1 costs 36,000; 4,000 is left after E2 and I1.
    assert plan.cost_gap == Decimal("32000.00")


def test_scenario_c_lists_the_uncovered_essential_functions_and_the_cost_gap(cast, positions):
    # The program ends on 30 June 2020 (182 of 366 days): 100,000 funds 49,726.78.
    scenario = ScenarioFactory(
        program=cast.program,
        kind=ScenarioKind.ENDS,
        base_budget=Decimal("100000"),
        ends_on=D(2020, 6, 30),
    )
    plan = scenario_plan(scenario)
    assert plan.available == (Decimal("100000") * 182 / 366).quantize(Decimal("0.01"))
    assert _codes(plan.kept) == ["E2", "I1", "S1"]
    assert [r.position.function for r in plan.uncovered_essential] == ["Function E1"]
    left = plan.available - Decimal("42000")
    assert plan.cost_gap == Decimal("36000") - left


def test_a_program_ending_before_the_year_leaves_every_essential_function_uncovered(
    cast, positions
):
    scenario = ScenarioFactory(
        program=cast.program, kind=ScenarioKind.ENDS, ends_on=D(2019, 12, 31)
    )
    plan = scenario_plan(scenario)
    assert plan.available == Decimal("0.00") and plan.kept == []
    assert _codes(plan.uncovered_essential) == ["E2", "E1"]
    assert plan.cost_gap == Decimal("60000.00")


def test_a_negative_budget_is_refused_and_nothing_saved(cast):
    with pytest.raises(ValidationError) as refused:
        services.scenario_create(
            program=cast.program,
            data={
                "code": "B",
                "name_en": "Cut",
                "kind": ScenarioKind.CURRENT,
                "year": 2020,
                "base_budget": Decimal("-1"),
                "currency": "USD",
            },
            actor=cast.users["coordinator_a"],
        )
    assert "base_budget" in refused.value.message_dict
    assert not Scenario.objects.exists()
    assert not ChangeRecord.objects.filter(action__startswith="staffing_plans.").exists()


def test_each_kind_asks_for_what_defines_it(cast):
    base = {"name_en": "X", "year": 2020, "base_budget": Decimal("1"), "currency": "USD"}
    with pytest.raises(ValidationError) as cut:
        services.scenario_create(
            program=cast.program,
            data={**base, "code": "B", "kind": ScenarioKind.CUT},
            actor=cast.users["coordinator_a"],
        )
    assert "Scenario B" in cut.value.message_dict["cut_percent"][0]
    with pytest.raises(ValidationError) as ends:
        services.scenario_create(
            program=cast.program,
            data={**base, "code": "C", "kind": ScenarioKind.ENDS},
            actor=cast.users["coordinator_a"],
        )
    assert "ends_on" in ends.value.message_dict
    assert not Scenario.objects.exists()


def test_only_coordinators_define_scenarios(cast):
    with pytest.raises(PermissionDenied):
        services.scenario_create(
            program=cast.program,
            data={
                "code": "A",
                "name_en": "Now",
                "kind": ScenarioKind.CURRENT,
                "year": 2020,
                "base_budget": Decimal("1"),
            },
            actor=cast.users["editor_a"],
        )


def test_the_coordinators_adjust_and_save_the_plan_with_a_note(cast, positions):
    scenario = ScenarioFactory(program=cast.program, base_budget=Decimal("70000"))
    coordinator = cast.users["coordinator_a"]
    services.scenario_plan_save(
        scenario=scenario,
        kept=[positions["E1"], positions["I1"]],
        note="Keep the lead.",
        actor=coordinator,
    )
    plan = scenario_plan(Scenario.objects.get(pk=scenario.pk))
    assert _codes(plan.kept) == ["E1", "I1"]
    assert _codes(plan.uncovered_essential) == ["E2"]
    assert (
        plan.scenario.plan_note == "Keep the lead." and plan.scenario.plan_saved_by == coordinator
    )
    record = ChangeRecord.objects.get(action="staffing_plans.scenario.plan")
    assert {c["position"]: c["keep"] for c in record.after["choices"]} == {
        "E1": True,
        "E2": False,
        "I1": True,
        "S1": False,
    }


def test_a_plan_without_a_note_is_refused_and_nothing_saved(cast, positions):
    scenario = ScenarioFactory(program=cast.program)
    with pytest.raises(ValidationError) as refused:
        services.scenario_plan_save(
            scenario=scenario, kept=[positions["E1"]], note="  ", actor=cast.users["coordinator_a"]
        )
    assert "note" in refused.value.message_dict
    assert not scenario.choices.exists()


def test_a_scenario_links_a_risk_of_its_own_program_only(cast):
    from alianza.core.tests.other_program import build_other_program
    from alianza.risks.tests.factories import RiskFactory

    other_risk = RiskFactory(program=build_other_program().program)
    with pytest.raises(ValidationError) as refused:
        services.scenario_create(
            program=cast.program,
            data={
                "code": "A",
                "name_en": "Now",
                "kind": ScenarioKind.CURRENT,
                "year": 2020,
                "base_budget": Decimal("1"),
                "risk": other_risk,
            },
            actor=cast.users["coordinator_a"],
        )
    assert "risk" in refused.value.message_dict
