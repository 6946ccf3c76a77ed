from __future__ import annotations

from rest_framework import permissions, viewsets

from alianza.audit.api.serializers import ChangeRecordSerializer
from alianza.audit.filters import ChangeRecordFilterSet
from alianza.audit.models import ChangeRecord


class ChangeRecordViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, read-only: who changed which record, when, before and after.

    Filter by `model` (e.g. `initiatives.initiative`) and `object_id` for one record's
    history, by `user`, `institution`, `program`, `action`, `operation`, `since`/`until`.
    """

    serializer_class = ChangeRecordSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = ChangeRecordFilterSet

    def get_queryset(self):
        return ChangeRecord.objects.visible_to(self.request.user).select_related(
            "actor_institution", "content_type"
        )
