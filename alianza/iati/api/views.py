"""IATI under /api/v1/: start an import (multipart upload), follow its status, read its
report; export activities, programs and organisations as IATI 2.03 XML."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from alianza.iati import exporter, services
from alianza.iati.api.serializers import (
    ImportIssueSerializer,
    ImportJobSerializer,
    ImportStartSerializer,
)
from alianza.iati.importer.source import SourceError
from alianza.iati.models import ImportJob
from alianza.iati.views import _organisation, _xml_response
from alianza.initiatives.models import Initiative
from alianza.programs.models import Program
from alianza.registry.models import Activity
from alianza.registry.permissions import can_edit_registry
from alianza.registry.views import filtered


class SignedIn(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class ImportJobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """IATI imports of the programs you are a partner in. POST a file (multipart: program,
    file, dry_run) to start one; GET it for its status and progress; GET its report."""

    permission_classes = [SignedIn]
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = {"program__code": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return ImportJob.objects.visible_to(self.request.user).select_related("program")

    @extend_schema(request=ImportStartSerializer, responses={202: ImportJobSerializer})
    def create(self, request, *args, **kwargs):
        start = ImportStartSerializer(data=request.data, context={"request": request})
        start.is_valid(raise_exception=True)
        program: Program = start.validated_data["program"]
        if not can_edit_registry(request.user, program):
            raise PermissionDenied("You may not import into this program's registry.")
        upload = start.validated_data["file"]
        try:
            job = services.import_job_create(
                program=program,
                actor=request.user,
                source_name=upload.name,
                uploaded=upload,
                dry_run=start.validated_data["dry_run"],
            )
        except SourceError as exc:
            raise ValidationError({"file": [str(exc)]})
        services.import_job_start(job)
        job.refresh_from_db()
        return Response(
            ImportJobSerializer(job, context=self.get_serializer_context()).data,
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True)
    def report(self, request, pk=None):
        """The final report: per activity outcome and changed fields, and every issue."""
        job = self.get_object()
        issues = ImportIssueSerializer(job.issues.order_by("id")[:5000], many=True).data
        return Response(
            {
                "status": job.status,
                "summary": job.summary,
                "counts": job.counts,
                "activities": job.items,
                "issues": issues,
            }
        )


class ExportViewSet(viewsets.ViewSet):
    """IATI 2.03 XML, validated against the official schema before it is served.

    - `activities/`: the registry activities you may see, with the registry's filters;
    - `programs/{code}/`: a program with its initiatives and registry activities;
    - `organisations/{ref}/`: an organisation file."""

    permission_classes = [permissions.AllowAny]

    def _serve(self, make, filename):
        try:
            result = make()
        except exporter.ExportError as exc:
            return Response(
                {"detail": str(exc), "problems": [list(p) for p in exc.problems]},
                status=422,
            )
        return _xml_response(result, filename)

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    @action(detail=False, methods=["get"])
    def activities(self, request):
        queryset, _filterset = filtered(request._request)
        identifiers = request.query_params.getlist("identifier")
        if identifiers:
            queryset = queryset.filter(iati_identifier__in=identifiers)
        return self._serve(lambda: exporter.export_registry(queryset), "iati-activities.xml")

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    @action(detail=False, methods=["get"], url_path=r"programs/(?P<code>[^/.]+)")
    def programs(self, request, code=None):
        program = Program.objects.visible_to(request.user).filter(code=code).first()
        if program is None:
            raise Http404
        return self._serve(
            lambda: exporter.export_program(
                program,
                initiatives=Initiative.objects.visible_to(request.user).filter(program=program),
                activities=Activity.objects.visible_to(request.user),
            ),
            f"{program.code.lower()}-iati.xml",
        )

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    @action(detail=False, methods=["get"], url_path=r"organisations/(?P<ref>[^/]+)")
    def organisations(self, request, ref=None):
        organisation = _organisation(request.user, ref)
        if organisation is None:
            raise Http404
        return self._serve(
            lambda: exporter.export_organisations([organisation]), "iati-organisation.xml"
        )
