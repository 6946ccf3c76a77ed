"""Reusable reads: which programs and program records a user may see."""

from __future__ import annotations

from django.db.models import Q

from alianza.audit.guard import AuditedQuerySet


class ProgramQuerySet(AuditedQuerySet):
    def with_internal_access(self, user) -> ProgramQuerySet:
        """Programs whose internal records the user may read (partner members)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        membership = user.active_membership
        if membership is None:
            return self.none()
        return self.filter(partnerships__institution_id=membership.institution_id).distinct()

    def visible_to(self, user) -> ProgramQuerySet:
        """Programs the user may see at all: public ones, and those they are a partner in."""
        if user.is_authenticated and user.is_superuser:
            return self
        internal = self.with_internal_access(user).values("pk")
        return self.filter(Q(is_public=True) | Q(pk__in=internal))


class ProgramChildQuerySet(AuditedQuerySet):
    """Records that belong to a program through a `program` foreign key."""

    program_lookup = "program"

    def public_structure_visible_to(self, user):
        """Structure records (phases, components, documents): public with their program."""
        from alianza.programs.models import Program

        return self.filter(**{f"{self.program_lookup}__in": Program.objects.visible_to(user)})

    def internal_visible_to(self, user):
        """Internal records (revisions, funding): partners only."""
        from alianza.programs.models import Program

        return self.filter(
            **{f"{self.program_lookup}__in": Program.objects.with_internal_access(user)}
        )
