"""IATI under /api/v1/: start an import (multipart upload), follow its status, read its
report; export activities, programs and organisations as IATI 2.03 XML."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from alianza.core import jobs
from alianza.core.api import ObjectJSONParser, refuse_body
from alianza.iati import export_jobs, exporter, services
from alianza.iati.api.serializers import (
    ExportJobSerializer,
    ImportIssueSerializer,
    ImportJobSerializer,
    ImportStartSerializer,
)
from alianza.iati.importer.source import SourceError
from alianza.iati.models import ExportJob, ImportJob, JobStatus
from alianza.iati.permissions import can_import_iati
from alianza.iati.selectors import organisation_for_file
from alianza.iati.views import xml_response
from alianza.programs.models import Program
from alianza.programs.permissions import can_view_program, program_for


class SignedIn(permissions.BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated)


class ImportJobViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """IATI imports of the programs you are a partner in. POST a file (multipart: program,
    file, dry_run) to start one; GET it for its status and progress; GET its report."""

    permission_classes = [SignedIn]
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = {"program__code": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        visible = ImportJob.objects.visible_to(self.request.user)
        jobs.reap(visible)  # a job whose worker died is answered (and stored) as failed
        return visible.select_related("program")

    @extend_schema(request=ImportStartSerializer, responses={202: ImportJobSerializer})
    def create(self, request, *args, **kwargs):
        start = ImportStartSerializer(data=request.data, context={"request": request})
        start.is_valid(raise_exception=True)
        program: Program | None = start.validated_data.get("program")
        if not can_import_iati(request.user, program):
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
        services.import_job_start(job=job)
        job.refresh_from_db()
        return Response(
            ImportJobSerializer(job, context=self.get_serializer_context()).data,
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(request=None, responses={202: ImportJobSerializer})
    @action(
        detail=True,
        methods=["post"],
        # No upload: the API's usual bodies, so that one naming fields gets its 400.
        parser_classes=[ObjectJSONParser, FormParser, MultiPartParser],
    )
    def rerun(self, request, pk=None):
        """Run a failed import again from its stored file (the program's registry editors).
        The importer is idempotent: what the failed run stored is found unchanged."""
        refuse_body(request)
        job = self.get_object()
        if not can_import_iati(request.user, job.program):
            raise PermissionDenied("You may not import into this program's registry.")
        try:
            services.import_job_rerun(job=job, actor=request.user)
        except services.RerunError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
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
                "summary": job.summary_text,
                "refused": job.refused,
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

    def _deferred(self, request, job):
        """202 Accepted: the export is prepared by a background job; follow its url."""
        data = ExportJobSerializer(job, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})

    def _serve(self, make, filename):
        try:
            result = make()
        except exporter.ExportError as exc:
            return Response(
                {"detail": str(exc), "problems": [list(p) for p in exc.problems]},
                status=422,
            )
        return xml_response(result, filename)

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR, 202: ExportJobSerializer})
    @action(detail=False, methods=["get"])
    def activities(self, request):
        """Over EXPORT_JOB_MIN_ACTIVITIES activities: 202 and the export job to follow."""
        queryset, job = export_jobs.activities_export_job(request.user, request.query_params)
        if job is not None:
            return self._deferred(request, job)
        return self._serve(
            lambda: exporter.export_registry(queryset), export_jobs.ACTIVITIES_FILENAME
        )

    @extend_schema(
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
        responses={(200, "application/xml"): OpenApiTypes.STR, 202: ExportJobSerializer},
    )
    @action(detail=False, methods=["get"], url_path=r"programs/(?P<code>[^/.]+)")
    def programs(self, request, code=None):
        """Over EXPORT_JOB_MIN_ACTIVITIES activities: 202 and the export job to follow."""
        program = program_for(request, code, may=can_view_program)
        job = export_jobs.program_export_job(request.user, program)
        if job is not None:
            return self._deferred(request, job)
        initiatives, activities = export_jobs.program_parts(request.user, program)
        return self._serve(
            lambda: exporter.export_program(
                program, initiatives=initiatives, activities=activities
            ),
            export_jobs.program_filename(program),
        )

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    @action(detail=False, methods=["get"], url_path=r"organisations/(?P<ref>[^/]+)")
    def organisations(self, request, ref=None):
        organisation = organisation_for_file(request.user, ref)
        if organisation is None:
            raise Http404
        return self._serve(
            lambda: exporter.export_organisations([organisation]), "iati-organisation.xml"
        )


class ExportJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Large IATI exports prepared in the background (answered 202 by `iati-exports/`).
    GET one by its token for its status; `download/` once it is done; POST `rerun/` if it
    failed. An export asked for while signed in is its asker's only."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ExportJobSerializer
    lookup_field = "token"
    lookup_value_regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

    def get_queryset(self):
        visible = ExportJob.objects.visible_to(self.request.user)
        if self.action == "list":  # anonymous exports are reached by their token only
            user = self.request.user
            visible = visible.filter(created_by=user) if user.is_authenticated else visible.none()
        jobs.reap(visible.filter(status=JobStatus.RUNNING))
        return visible

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.STR})
    @action(detail=True)
    def download(self, request, token=None):
        job = self.get_object()
        if not job.is_ready or not default_storage.exists(job.file_path):
            raise Http404
        return FileResponse(
            default_storage.open(job.file_path, "rb"),
            content_type="application/xml",
            as_attachment=True,
            filename=job.filename,
        )

    @extend_schema(request=None, responses={202: ExportJobSerializer})
    @action(detail=True, methods=["post"])
    def rerun(self, request, token=None):
        refuse_body(request)
        job = self.get_object()
        try:
            export_jobs.export_job_rerun(job=job, actor=request.user)
        except export_jobs.ExportJobError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        job.refresh_from_db()
        return Response(
            ExportJobSerializer(job, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )
