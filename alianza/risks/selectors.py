"""Reads of the risk register: the register page, the heat map and the top risks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from alianza.risks.choices import RiskStatus, significance_level
from alianza.risks.models import Risk

if TYPE_CHECKING:
    from alianza.programs.models import Program


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    risks: list[Risk]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return significance_level(self.score) or ""

    @property
    def count(self) -> int:
        return len(self.risks)


def heat_map(risks: Iterable[Risk]) -> list[list[HeatCell]]:
    """Rows from likelihood 5 down to 1, columns impact 1 to 5; open, assessed risks only."""
    grid: dict[tuple[int | None, int | None], list[Risk]] = {
        (lk, im): [] for lk in range(1, 6) for im in range(1, 6)
    }
    for risk in risks:
        if risk.status == RiskStatus.OPEN and risk.significance is not None:
            grid[(risk.likelihood, risk.impact)].append(risk)
    return [[HeatCell(lk, im, grid[(lk, im)]) for im in range(1, 6)] for lk in range(5, 0, -1)]


def top_risks(risks: Iterable[Risk], limit: int = 5) -> list[Risk]:
    assessed = [r for r in risks if r.status == RiskStatus.OPEN and r.significance is not None]
    assessed.sort(key=lambda r: (-(r.significance or 0), r.number))
    return assessed[:limit]


def risk_register(program: Program, cell: tuple[int | None, int | None]) -> dict[str, Any]:
    """The register page: every risk of the program on the heat map, the list (only the
    risks of heat-map cell `cell` = (likelihood, impact) when both are given), open risks
    first by significance, and the open risks still waiting for a joint assessment."""
    risks = list(
        Risk.objects.filter(program=program)
        .select_related("initiative__program", "program")
        .prefetch_related("owners__institution", "owners__user")
        .order_by("number")
    )
    shown = risks
    if None not in cell:
        shown = [r for r in risks if (r.likelihood, r.impact) == cell]
    shown = sorted(
        shown, key=lambda r: (r.status != RiskStatus.OPEN, -(r.significance or 0), r.number)
    )
    return {
        "risks": shown,
        "heat": heat_map(risks),
        "filtered": shown is not risks and len(shown) != len(risks),
        "unassessed": [r for r in risks if r.needs_assessment and r.status == RiskStatus.OPEN],
    }


def risk_page(risk: Risk) -> dict[str, Any]:
    """One risk with its owners, treatment actions and reviews."""
    return {
        "risk": risk,
        "owners": risk.owners.select_related("institution", "user"),
        "actions": risk.actions.select_related("owner_institution", "owner"),
        "reviews": risk.reviews.select_related("reviewer", "institution"),
    }
