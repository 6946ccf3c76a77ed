"""What the staffing scenarios add to the pages of the apps below: the scenarios planned
for a risk, on the risk's page (`core.extensions.risk_panels`)."""

from __future__ import annotations

from typing import Any

from alianza.programs.permissions import can_view_internal
from alianza.staffing_plans.models import Scenario


def risk_panel(risk: Any, user: Any) -> dict | None:
    """The scenarios linked to `risk`, for the program's partners (None: no panel)."""
    if not can_view_internal(user, risk.program):
        return None
    scenarios = list(
        Scenario.objects.filter(risk=risk).select_related("program").order_by("year", "code")
    )
    return {"risk": risk, "scenarios": scenarios}
