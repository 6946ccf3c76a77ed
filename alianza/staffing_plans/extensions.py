"""What the staffing scenarios add to the pages of the apps below: the scenarios planned
for a risk, on the risk's page (`core.extensions.risk_panels`)."""

from __future__ import annotations

from typing import Any

from alianza.programs.permissions import can_view_internal
from alianza.staffing_plans.models import Scenario
from alianza.staffing_plans.permissions import can_plan_staffing


def risk_panel(risk: Any, user: Any) -> dict | None:
    """The scenarios linked to `risk`, for the program's partners; a risk without any shows
    the panel only to those who may plan one, as a link to a new scenario for the risk
    (None: no panel)."""
    if not can_view_internal(user, risk.program):
        return None
    scenarios = list(
        Scenario.objects.filter(risk=risk).select_related("program").order_by("year", "code")
    )
    can_plan = can_plan_staffing(user, risk.program)
    if not scenarios and not can_plan:
        return None
    return {"risk": risk, "scenarios": scenarios, "can_plan": can_plan}
