from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.accounts.api.serializers import InstitutionSerializer, MembershipSerializer
from alianza.accounts.models import Institution
from alianza.core.api import ReadOnlyForAll, VersionedMixin


class InstitutionViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Institutions: the program partners and the organizations involved in their work."""

    serializer_class = InstitutionSerializer
    permission_classes = [ReadOnlyForAll]
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
