"""Reads of the staffing scenarios shared by the pages, the API and the export: a
scenario's plan (proposed and saved), and two scenarios side by side."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from alianza.core.money import MissingRate, RateTable
from alianza.specialists.choices import PRIORITY_ORDER, Priority
from alianza.specialists.models import Position
from alianza.staffing_plans.models import CENT, Scenario

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from alianza.programs.models import Program

MONTHS = Decimal(12)


@dataclass
class PlanRow:
    """A position in a scenario: its cost for the year, what the platform proposes and
    what the plan keeps (the saved decision, or the proposal where none is saved)."""

    position: Position
    annual_cost: Decimal | None
    proposed: bool = False
    saved: bool | None = None

    @property
    def kept(self) -> bool:
        return self.proposed if self.saved is None else self.saved

    @property
    def essential(self) -> bool:
        return self.position.priority == Priority.ESSENTIAL


@dataclass
class Plan:
    scenario: Scenario
    rows: list[PlanRow] = field(default_factory=list)

    @property
    def available(self) -> Decimal:
        return self.scenario.available_budget

    @property
    def kept(self) -> list[PlanRow]:
        return [r for r in self.rows if r.kept]

    @property
    def kept_cost(self) -> Decimal:
        return sum((r.annual_cost or Decimal(0) for r in self.kept), Decimal(0))

    @property
    def left(self) -> Decimal:
        """Budget left after the kept positions (negative: the plan overspends)."""
        return self.available - self.kept_cost

    @property
    def uncovered_essential(self) -> list[PlanRow]:
        """The essential functions the plan does not keep."""
        return [r for r in self.rows if r.essential and not r.kept]

    @property
    def cost_gap(self) -> Decimal:
        """What it would take, beyond the budget left, to keep every essential position."""
        needed = sum((r.annual_cost or Decimal(0) for r in self.uncovered_essential), Decimal(0))
        return max(needed - max(self.left, Decimal(0)), Decimal(0)).quantize(CENT)

    @property
    def overspent(self) -> Decimal:
        return max(-self.left, Decimal(0)).quantize(CENT)

    @property
    def unpriced(self) -> list[PlanRow]:
        """Positions whose cost could not be converted into the scenario's currency."""
        return [r for r in self.rows if r.annual_cost is None]

    @property
    def is_saved(self) -> bool:
        return self.scenario.plan_saved_at is not None


def _rank(row: PlanRow) -> tuple:
    return (
        PRIORITY_ORDER.index(row.position.priority),
        row.annual_cost is None,
        row.annual_cost or Decimal(0),
        row.position.code,
    )


def annual_cost(position: Position, scenario: Scenario, rates: RateTable) -> Decimal | None:
    """Twelve months of the position, in the scenario's currency (None: no rate)."""
    cost = position.monthly_cost * MONTHS
    if position.currency == scenario.currency:
        return cost.quantize(CENT)
    try:
        on = datetime.date(scenario.year, 1, 1)
        return rates.convert(cost, position.currency, scenario.currency, on=on).quantize(CENT)
    except MissingRate:
        return None


def scenario_plan(
    scenario: Scenario,
    *,
    rates: RateTable | None = None,
    positions: list[Position] | None = None,
) -> Plan:
    """The positions of the scenario's program ranked by priority (essential first), then
    by cost (cheaper first, so that the budget keeps as many functions as it can); the
    proposal keeps each in turn while the budget allows; the saved decisions override it.

    A list of scenarios passes the program's `positions` (read once, by code) and
    prefetches the scenarios' `choices`."""
    rates = rates or RateTable.lazy()
    if positions is None:
        positions = list(program_positions(scenario.program_id))
    saved = {choice.position_id: choice.keep for choice in scenario.choices.all()}
    rows = [PlanRow(p, annual_cost(p, scenario, rates), saved=saved.get(p.pk)) for p in positions]
    rows.sort(key=_rank)
    remaining = scenario.available_budget
    for row in rows:
        if row.annual_cost is not None and row.annual_cost <= remaining:
            row.proposed = True
            remaining -= row.annual_cost
    return Plan(scenario=scenario, rows=rows)


def program_positions(program_id: int) -> QuerySet[Position]:
    return Position.objects.filter(program_id=program_id).order_by("code")


def scenario_list(program: Program) -> list[Plan]:
    rates = RateTable.lazy()
    positions = list(program_positions(program.pk))
    scenarios = Scenario.objects.filter(program=program).select_related("risk", "program")
    return [
        scenario_plan(s, rates=rates, positions=positions)
        for s in scenarios.prefetch_related("choices")
    ]


def compare(first: Plan, second: Plan) -> dict[str, Any]:
    """Two plans side by side: their totals, and each position kept or dropped in each."""
    by_position = {r.position.pk: r for r in second.rows}
    rows = [
        {
            "position": row.position,
            "first": row,
            "second": by_position.get(row.position.pk),
        }
        for row in first.rows
    ]
    return {"first": first, "second": second, "rows": rows}
