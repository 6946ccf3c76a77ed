"""Reads of the risk register: the heat map and the top risks."""

from __future__ import annotations

from dataclasses import dataclass

from alianza.risks.choices import RiskStatus, significance_level


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    risks: list

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return significance_level(self.score)

    @property
    def count(self) -> int:
        return len(self.risks)


def heat_map(risks) -> list[list[HeatCell]]:
    """Rows from likelihood 5 down to 1, columns impact 1 to 5; open, assessed risks only."""
    grid = {(lk, im): [] for lk in range(1, 6) for im in range(1, 6)}
    for risk in risks:
        if risk.status == RiskStatus.OPEN and risk.significance is not None:
            grid[(risk.likelihood, risk.impact)].append(risk)
    return [[HeatCell(lk, im, grid[(lk, im)]) for im in range(1, 6)] for lk in range(5, 0, -1)]


def top_risks(risks, limit: int = 5) -> list:
    assessed = [r for r in risks if r.status == RiskStatus.OPEN and r.significance is not None]
    assessed.sort(key=lambda r: (-r.significance, r.number))
    return assessed[:limit]
