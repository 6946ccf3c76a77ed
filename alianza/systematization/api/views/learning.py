"""Lessons, recommendations, management responses and key actions under /api/v1/;
writes go through the same services as the pages."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from alianza.accounts.models import Institution
from alianza.core.api import VersionedMixin, input_context
from alianza.systematization import filters, services
from alianza.systematization.api import serializers as s
from alianza.systematization.api.views.common import (
    ReadForAllWriteSignedIn,
)
from alianza.systematization.models import (
    KeyAction,
    ManagementResponse,
    Recommendation,
)


class ManagementResponseViewSet(
    VersionedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Partners' responses to recommendations (partners only). POST answers for your own
    institution (coordinators): {recommendation, response, reason_en, reason_es}."""

    serializer_class = s.ManagementResponseSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.ResponseFilterSet

    def get_queryset(self):
        return (
            ManagementResponse.objects.internal_to(self.request.user)
            .select_related("recommendation", "institution")
            .order_by("recommendation__order", "institution__code")
        )

    @extend_schema(request=s.ResponseInputSerializer, responses=s.ManagementResponseSerializer)
    def create(self, request, *args, **kwargs):
        data = s.ResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        recommendation = (
            Recommendation.objects.internal_to(request.user)
            .filter(pk=values.pop("recommendation"))
            .first()
        )
        if recommendation is None:
            raise Http404(_("No such recommendation."))
        institution = request.user.institution
        if institution is None:
            raise ApiValidationError({"institution": [_("You act for no institution.")]})
        row = services.management_response_set(
            recommendation=recommendation, institution=institution, actor=request.user, **values
        )
        return Response(s.ManagementResponseSerializer(row).data, status=status.HTTP_201_CREATED)


class KeyActionViewSet(
    VersionedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Key actions of the recommendations with their follow-up history; `overdue` is
    computed from the due date (partners only). `?overdue=true` lists overdue actions."""

    serializer_class = s.KeyActionSerializer
    permission_classes = [ReadForAllWriteSignedIn]
    filterset_class = filters.KeyActionFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            KeyAction.objects.internal_to(self.request.user)
            .with_overdue()
            .select_related("recommendation", "owner")
            .prefetch_related("updates__author")
            .order_by("recommendation__order", "number")
        )

    def _read(self, key_action, code=status.HTTP_200_OK):
        return Response(
            s.KeyActionSerializer(self.get_queryset().get(pk=key_action.pk)).data, status=code
        )

    def _values(self, validated: dict) -> dict:
        values = dict(validated)
        values.pop("recommendation", None)
        if "owner" in values:
            code = values["owner"]
            values["owner"] = Institution.objects.filter(code=code).first() if code else None
            if code and values["owner"] is None:
                raise ApiValidationError(
                    {"owner": [_("No institution with code '%(code)s'.") % {"code": code}]}
                )
        return values

    @extend_schema(request=s.KeyActionInputSerializer, responses=s.KeyActionSerializer)
    def create(self, request, *args, **kwargs):
        data = s.KeyActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recommendation = (
            Recommendation.objects.internal_to(request.user)
            .filter(pk=data.validated_data.get("recommendation"))
            .first()
        )
        if recommendation is None:
            raise Http404(_("No such recommendation."))
        key_action = services.key_action_create(
            recommendation=recommendation,
            values=self._values(data.validated_data),
            actor=request.user,
        )
        return self._read(key_action, status.HTTP_201_CREATED)

    @extend_schema(request=s.KeyActionInputSerializer, responses=s.KeyActionSerializer)
    def partial_update(self, request, *args, **kwargs):
        key_action = self.get_object()
        data = s.KeyActionInputSerializer(
            data=request.data, partial=True, context=input_context(self)
        )
        data.is_valid(raise_exception=True)
        services.key_action_update(
            action=key_action, values=self._values(data.validated_data), actor=request.user
        )
        return self._read(key_action)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=s.FollowUpInputSerializer, responses=s.KeyActionSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        key_action = self.get_object()
        data = s.FollowUpInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.key_action_follow_up(action=key_action, actor=request.user, **data.validated_data)
        return self._read(key_action)
