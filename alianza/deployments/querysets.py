"""Reusable reads of deployments: missions belong to a program; their destinations and
the people deployed belong to it through their mission. Partners read them."""

from __future__ import annotations

from alianza.programs.querysets import ProgramChildQuerySet


class DeploymentQuerySet(ProgramChildQuerySet):
    def visible_to(self, user) -> DeploymentQuerySet:
        return self.internal_visible_to(user)


class DeploymentChildQuerySet(ProgramChildQuerySet):
    """Destinations and people deployed: they belong to a program through their mission."""

    program_lookup = "deployment__program"

    def visible_to(self, user) -> DeploymentChildQuerySet:
        return self.internal_visible_to(user)
