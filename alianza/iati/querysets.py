from __future__ import annotations

from django.db import models


def _internal_programs(user):
    from alianza.programs.models import Program

    return Program.objects.with_internal_access(user).values("pk")


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Import jobs (reports, data quality) are internal to the program's partners."""
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(program__in=_internal_programs(user))


class ImportIssueQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(job__program__in=_internal_programs(user))


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A signed-in person's exports are theirs only; anonymous ones (public data) are
        for whoever holds their token."""
        if user.is_authenticated and user.is_superuser:
            return self
        if user.is_authenticated:
            return self.filter(models.Q(created_by=user) | models.Q(created_by__isnull=True))
        return self.filter(created_by__isnull=True)
