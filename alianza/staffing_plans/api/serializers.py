"""Staffing scenarios in the API: the scenario, and its plan computed (available budget,
positions kept, essential functions uncovered, cost gap)."""

from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import ProgramScopedField, Serializer
from alianza.finance.api.serializers import ProgramRecordSerializer
from alianza.programs.models import Component
from alianza.risks.models import Risk
from alianza.staffing_plans.models import Scenario
from alianza.staffing_plans.selectors import Plan, PlanRow, program_positions, scenario_plan


def _row(row: PlanRow) -> dict:
    return {
        "position": row.position.code,
        "function": row.position.function,
        "priority": row.position.priority,
        "annual_cost": None if row.annual_cost is None else str(row.annual_cost),
        "proposed": row.proposed,
        "kept": row.kept,
    }


def plan_data(plan: Plan) -> dict:
    return {
        "available_budget": str(plan.available),
        "kept_cost": str(plan.kept_cost),
        "cost_gap": str(plan.cost_gap),
        "overspent": str(plan.overspent),
        "saved": plan.is_saved,
        "uncovered_essential": [_row(r) for r in plan.uncovered_essential],
        "positions": [_row(r) for r in plan.rows],
    }


class ScenarioSerializer(ProgramRecordSerializer):
    component = ProgramScopedField(Component, "number", required=False, allow_null=True)
    risk = ProgramScopedField(Risk, "number", required=False, allow_null=True)
    plan_saved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    plan = serializers.SerializerMethodField(
        help_text="the plan: available budget, positions (proposed, kept), the essential "
        "functions left uncovered and the cost gap, in the scenario's currency"
    )

    class Meta:
        model = Scenario
        fields = [
            "id",
            "program",
            "code",
            "name_en",
            "name_es",
            "kind",
            "year",
            "component",
            "base_budget",
            "currency",
            "cut_percent",
            "ends_on",
            "risk",
            "plan_note",
            "plan_saved_by",
            "plan_saved_at",
            "plan",
        ]
        read_only_fields = ["plan_note", "plan_saved_at"]
        validators = []

    def get_plan(self, scenario) -> dict:
        # A page of scenarios reads each program's positions once.
        cached = self.context.setdefault("positions_by_program", {})
        if scenario.program_id not in cached:
            cached[scenario.program_id] = list(program_positions(scenario.program_id))
        return plan_data(scenario_plan(scenario, positions=cached[scenario.program_id]))


class PlanSaveSerializer(Serializer):
    kept = serializers.ListField(
        child=serializers.CharField(max_length=40), help_text="codes of the positions kept"
    )
    note = serializers.CharField()
