"""Reusable reads of the staffing scenarios: they belong to a program; partners read them."""

from __future__ import annotations

from alianza.programs.querysets import ProgramChildQuerySet


class ScenarioQuerySet(ProgramChildQuerySet):
    def visible_to(self, user) -> ScenarioQuerySet:
        return self.internal_visible_to(user)


class ScenarioChoiceQuerySet(ProgramChildQuerySet):
    program_lookup = "scenario__program"
