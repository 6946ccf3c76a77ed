"""Reusable reads of the knowledge repository: which products a user may see."""

from __future__ import annotations

from django.db.models import Q

from alianza.audit.guard import AuditedQuerySet
from alianza.knowledge.choices import DisseminationLevel


def _internal_programs(user):
    from alianza.programs.models import Program

    return Program.objects.with_internal_access(user).values("pk")


class AudienceQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> AudienceQuerySet:
        """Named groups are the partners' working lists: partners only."""
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(program__in=_internal_programs(user))

    def including(self, user) -> AudienceQuerySet:
        """The groups that name the user, or the user's institution (active membership)."""
        if not user.is_authenticated:
            return self.none()
        membership = user.active_membership
        named = Q(users=user)
        if membership is not None:
            named |= Q(institutions=membership.institution_id)
        return self.filter(named)


class ProductQuerySet(AuditedQuerySet):
    def visible_to(self, user) -> ProductQuerySet:
        """The products the user may see: every product of the programs the user is a
        partner in; elsewhere, public products of programs the user may see, and targeted
        ones whose named groups include the user or the user's institution. Internal
        products are for the partners alone."""
        from alianza.knowledge.models import Audience
        from alianza.programs.models import Program

        if user.is_authenticated and user.is_superuser:
            return self
        visible_programs = Program.objects.visible_to(user).values("pk")
        rule = Q(program__in=_internal_programs(user)) | Q(
            program__in=visible_programs, dissemination=DisseminationLevel.PUBLIC
        )
        if user.is_authenticated:
            groups = Audience.objects.including(user).values("pk")
            targeted = self.filter(audiences__in=groups).values("pk")
            rule |= Q(
                program__in=visible_programs,
                dissemination=DisseminationLevel.TARGETED,
                pk__in=targeted,
            )
        return self.filter(rule)

    def public(self) -> ProductQuerySet:
        """Public products of public programs: what the public portal may list."""
        return self.filter(dissemination=DisseminationLevel.PUBLIC, program__is_public=True)

    def for_list(self) -> ProductQuerySet:
        return self.select_related("program", "initiative").prefetch_related("institutions")


class ProductChildQuerySet(AuditedQuerySet):
    """Files and reuse links: seen with their product."""

    def visible_to(self, user):
        from alianza.knowledge.models import KnowledgeProduct

        return self.filter(product__in=KnowledgeProduct.objects.visible_to(user).values("pk"))
