from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models  # noqa: F401
from django.db.models import Q

from alianza.audit.guard import AuditedQuerySet


class ChangeRecordQuerySet(AuditedQuerySet):
    """Append-only: bulk updates and deletes are refused like on any audited model."""

    def for_object(self, obj: models.Model) -> ChangeRecordQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )

    def visible_to(self, user) -> ChangeRecordQuerySet:
        """Changes a user may read: those of programs they are a partner in.

        A change to a record of no program (an account, a membership, an institution, a
        reference list) is read by administrators and by the active members of the
        institution it concerns; one that concerns no institution, by administrators
        alone. Anonymous visitors read none.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from alianza.audit.scope import internal_program_ids

        program_ids = internal_program_ids(user)
        condition = Q(program_id__in=program_ids)
        membership = getattr(user, "active_membership", None)
        if membership is not None:
            condition |= Q(program_id__isnull=True, institution_id=membership.institution_id)
        return self.filter(condition)
