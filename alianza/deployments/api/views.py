"""Deployments under /api/v1/: missions (`deployments/`, with `approve`) and the people
deployed with their checklists (`deployment-people/`), for the program's partners."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alianza.core.api import ServiceWritesMixin, SignedInWrites
from alianza.deployments import services
from alianza.deployments.api.serializers import (
    ApproveSerializer,
    DeployedPersonSerializer,
    DeploymentSerializer,
)
from alianza.deployments.filters import DeployedPersonFilterSet, DeploymentFilterSet
from alianza.deployments.models import DeployedPerson, Deployment, DeploymentDestination


class DeploymentViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Missions with their destinations, dates, initiative, the people deployed (and the
    checklist items each misses) and their approval."""

    serializer_class = DeploymentSerializer
    permission_classes = [SignedInWrites]
    filterset_class = DeploymentFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Deployment.objects.visible_to(self.request.user)
            .select_related("program", "initiative", "approved_by")
            .prefetch_related(
                Prefetch("destinations", queryset=DeploymentDestination.objects.order_by("pk")),
                Prefetch(
                    "people",
                    queryset=DeployedPerson.objects.select_related(
                        "specialist__personal_data", "deployment"
                    ).order_by("pk"),
                ),
            )
            .order_by("program__code", "number")
        )

    def create_record(self, data):
        program = data.pop("program")
        destinations = data.pop("destinations", None)
        return services.deployment_create(
            program=program, data=data, destinations=destinations, actor=self.request.user
        )

    def update_record(self, instance, data):
        data.pop("program", None)
        destinations = data.pop("destinations", None)
        return services.deployment_update(
            deployment=instance, data=data, destinations=destinations, actor=self.request.user
        )

    @extend_schema(request=ApproveSerializer, responses=DeploymentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the mission (coordinators): refused with 400, naming each person and the
        checklist items they miss, while a checklist is incomplete."""
        deployment = self.get_object()
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.deployment_approve(
            deployment=deployment,
            approved_on=body.validated_data.get("approved_on"),
            actor=request.user,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=deployment.pk)).data)


class DeployedPersonViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """The people deployed on missions and their duty-of-care checklists."""

    serializer_class = DeployedPersonSerializer
    permission_classes = [SignedInWrites]
    filterset_class = DeployedPersonFilterSet
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return (
            DeployedPerson.objects.visible_to(self.request.user)
            .select_related("deployment__program", "specialist__personal_data")
            .order_by("deployment_id", "pk")
        )

    def create_record(self, data):
        deployment, specialist = data.pop("deployment"), data.pop("specialist")
        return services.person_add(
            deployment=deployment, specialist=specialist, data=data, actor=self.request.user
        )

    def update_record(self, instance, data):
        data.pop("deployment", None)
        data.pop("specialist", None)
        return services.person_update(person=instance, data=data, actor=self.request.user)

    def delete_record(self, instance):
        services.person_remove(person=instance, actor=self.request.user)
