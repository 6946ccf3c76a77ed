"""Initiatives under /api/v1/initiatives/: the same filters as the list page, and
writes through the same services as the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response

from alianza.core.api import (
    InputDeletesMixin,
    InputWritesMixin,
    ReadOnlyForAll,
    SignedInWrites,
    VersionedMixin,
    input_context,
    input_schema,
)
from alianza.core.extensions import initiative_fields
from alianza.initiatives import services
from alianza.initiatives.api.serializers import (
    ClassificationSchemeInputSerializer,
    ClassificationSchemeSerializer,
    InitiativeSerializer,
    InitiativeWriteSerializer,
    PolicyInstrumentSerializer,
)
from alianza.initiatives.filters import InitiativeFilterSet
from alianza.initiatives.models import (
    Alignment,
    ClassificationScheme,
    Initiative,
    Involvement,
    PolicyInstrument,
)
from alianza.programs.models import Program


class InitiativePermission(permissions.BasePermission):
    """Anyone may read what the queryset shows them; writing needs a signed-in user.
    Whether that user may change this program's initiatives, the service decides."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


SCHEME_FILTER_HELP = (
    "Any classification scheme code of the program filters by its term codes, e.g. "
    "`?incidence_level=systemic&support_dimension=staff_training`; a parent term includes "
    "its sub-terms. `ordering` takes number, title, cost (in the program's currency), start, "
    "phase (prefix - to "
    "reverse)."
)


@extend_schema_view(
    list=extend_schema(
        description=SCHEME_FILTER_HELP,
        parameters=[
            OpenApiParameter(
                "support_dimension",
                OpenApiTypes.STR,
                many=True,
                description="Example of a scheme filter (PROCAP)",
            ),
            OpenApiParameter(
                "incidence_level",
                OpenApiTypes.STR,
                many=True,
                description="Example of a scheme filter (PROCAP)",
            ),
            OpenApiParameter(
                "dissemination_scope",
                OpenApiTypes.STR,
                many=True,
                description="Example of a scheme filter (PROCAP)",
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                many=True,
                description="Example of a scheme filter (PROCAP)",
            ),
        ],
    ),
    create=extend_schema(request=InitiativeWriteSerializer, responses=InitiativeSerializer),
    update=extend_schema(request=InitiativeWriteSerializer, responses=InitiativeSerializer),
    partial_update=extend_schema(request=InitiativeWriteSerializer, responses=InitiativeSerializer),
)
class InitiativeViewSet(VersionedMixin, viewsets.ModelViewSet):
    """The initiatives you may see, with their classifications, periods and costs."""

    serializer_class = InitiativeSerializer
    permission_classes = [InitiativePermission]
    filterset_class = InitiativeFilterSet

    def get_queryset(self):
        queryset = self._base_queryset()
        for extension in initiative_fields:
            if extension.prepare is not None:
                queryset = extension.prepare(queryset, self.request)
        return queryset

    def _base_queryset(self):
        return (
            Initiative.objects.visible_to(self.request.user)
            .for_list()
            .prefetch_related(
                "costs",
                Prefetch(
                    "involvements", queryset=Involvement.objects.select_related("institution")
                ),
                "key_figures",
                Prefetch(
                    "alignments", queryset=Alignment.objects.select_related("provision__instrument")
                ),
            )
            .order_by("program__code", "number")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["schemes_by_program"] = {}
        return context

    def _read(self, initiative: Initiative, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=initiative.pk)
        return Response(
            InitiativeSerializer(fresh, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request, *args, **kwargs):
        serializer = InitiativeWriteSerializer(data=request.data, context=input_context(self))
        serializer.is_valid(raise_exception=True)
        program: Program = serializer.validated_data["program"]
        initiative = services.initiative_create(
            program=program, data=serializer.service_data(), actor=request.user
        )
        return self._read(initiative, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        initiative = self.get_object()
        serializer = InitiativeWriteSerializer(
            initiative, data=request.data, partial=partial, context=input_context(self)
        )
        serializer.is_valid(raise_exception=True)
        services.initiative_update(
            initiative=initiative, data=serializer.service_data(), actor=request.user
        )
        return self._read(initiative)

    def destroy(self, request, *args, **kwargs):
        services.initiative_delete(initiative=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@input_schema(ClassificationSchemeInputSerializer)
class ClassificationSchemeViewSet(InputWritesMixin, InputDeletesMixin, viewsets.ModelViewSet):
    """Each program's classification schemes and their terms. A program's coordinators
    create, change and remove them (a term in use, or a scheme initiatives are classified
    with, stays and the change is refused)."""

    serializer_class = ClassificationSchemeSerializer
    input_serializer_class = ClassificationSchemeInputSerializer
    permission_classes = [SignedInWrites]
    filterset_fields = {"program__code": ["iexact"], "code": ["exact"]}

    def get_queryset(self):
        visible = Program.objects.visible_to(self.request.user)
        return (
            ClassificationScheme.objects.filter(program__in=visible)
            .select_related("program")
            .prefetch_related("terms__parent")
            .order_by("program__code", "order", "code")
        )

    def create_record(self, data):
        program = Program.objects.visible_to(self.request.user).filter(code=data.pop("program"))
        if not program.exists():
            raise Http404(_("No such program."))
        return services.scheme_create(
            program=program.get(),
            code=data.pop("code"),
            terms=data.pop("terms", []),
            values=data,
            actor=self.request.user,
        )

    def update_record(self, instance, data):
        data.pop("program", None)
        data.pop("code", None)
        return services.scheme_update(
            scheme=instance, terms=data.pop("terms", None), values=data, actor=self.request.user
        )

    def delete_record(self, instance):
        services.scheme_delete(scheme=instance, actor=self.request.user)


class PolicyInstrumentViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """The legal and policy framework: laws and programs with their provisions."""

    serializer_class = PolicyInstrumentSerializer
    permission_classes = [ReadOnlyForAll]
    queryset = PolicyInstrument.objects.prefetch_related("provisions__parent").order_by("code")
    lookup_field = "code"
