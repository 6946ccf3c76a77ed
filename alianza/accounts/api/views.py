from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.accounts import services
from alianza.accounts.api.serializers import (
    InstitutionInputSerializer,
    InstitutionSerializer,
    MembershipSerializer,
)
from alianza.accounts.models import Institution
from alianza.accounts.permissions import can_change_institution
from alianza.core.api import AllowWhatTheUserMay, InputWritesMixin, SignedInWrites, input_schema


@input_schema(InstitutionInputSerializer, delete=False)
class InstitutionViewSet(
    AllowWhatTheUserMay,
    InputWritesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Institutions: the program partners and the organizations involved in their work.
    Administrators and any program's coordinators add institutions; an institution is
    corrected (the code stays) by administrators, keepers of the shared lists
    (`accounts.change_institution`) and its own coordinators (`accounts/permissions.py`)."""

    serializer_class = InstitutionSerializer
    input_serializer_class = InstitutionInputSerializer
    permission_classes = [SignedInWrites]
    queryset = Institution.objects.select_related("parent").order_by("code")
    filterset_fields = ["kind", "country", "code"]
    lookup_field = "code"

    @extend_schema(responses=MembershipSerializer)
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[permissions.IsAuthenticated],
        url_path="me",
    )
    def me(self, request):
        """The signed-in user's membership (institution, role, area)."""
        membership = request.user.active_membership
        if membership is None:
            return Response(
                {
                    "username": request.user.username,
                    "institution": None,
                    "role": None,
                    "area": "",
                    "is_active": False,
                }
            )
        return Response(MembershipSerializer(membership).data)

    def may_change(self, obj) -> bool:
        return can_change_institution(self.request.user, obj)

    def may_delete(self, obj) -> bool:
        return False

    def create_record(self, data):
        code = data.pop("code", "")
        return services.institution_create(code=code, values=data, actor=self.request.user)

    def update_record(self, instance, data):
        data.pop("code", None)
        return services.institution_upsert(code=instance.code, values=data, actor=self.request.user)
