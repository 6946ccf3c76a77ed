from __future__ import annotations

from typing import Any, cast

from django.urls import reverse
from rest_framework import serializers

from alianza.core.api import CodeField, ModelSerializer, Serializer
from alianza.iati.models import ExportJob, ImportIssue, ImportJob
from alianza.programs.models import Program


class ImportJobSerializer(ModelSerializer):
    program = serializers.CharField(source="program.code", read_only=True, allow_null=True)
    percent = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:iatiimport-detail")
    report = serializers.HyperlinkedIdentityField(view_name="api:iatiimport-report")
    summary = serializers.CharField(source="summary_text", read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "report",
            "program",
            "source_name",
            "size",
            "sha256",
            "dry_run",
            "status",
            "kind",
            "version",
            "total",
            "processed",
            "percent",
            "counts",
            "refused",
            "summary",
            "created_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "attempts",
            "file_removed_at",
        ]


class ImportStartSerializer(Serializer):
    program = CodeField(
        slug_field="code",
        queryset=Program.objects.none(),
        required=False,
        allow_null=True,
        help_text="The program whose registry receives the activities; left out (or null), "
        "the registry under no program (administrators).",
    )
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = cast(CodeField, self.fields["program"])
            # DRF's stubs read the assignment to an unparametrised field as a manager's.
            field.queryset = Program.objects.visible_to(request.user)  # type: ignore[arg-type]


class ImportIssueSerializer(ModelSerializer):
    message = serializers.CharField(source="text", read_only=True)

    class Meta:
        model = ImportIssue
        fields = ["activity_identifier", "line", "severity", "kind", "path", "message"]


class ExportJobSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:iatiexportjob-detail", lookup_field="token"
    )
    download = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()
    percent = serializers.IntegerField(read_only=True)
    summary = serializers.CharField(source="summary_text", read_only=True)

    class Meta:
        model = ExportJob
        fields = [
            "token",
            "url",
            "page",
            "download",
            "kind",
            "program_code",
            "query",
            "filename",
            "status",
            "total",
            "processed",
            "percent",
            "summary",
            "size",
            "created_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "attempts",
            "file_removed_at",
        ]

    def get_download(self, job: ExportJob) -> str | None:
        if not job.is_ready:
            return None
        request = self.context.get("request")
        path = reverse("api:iatiexportjob-download", kwargs={"token": job.token})
        return request.build_absolute_uri(path) if request else path

    def get_page(self, job: ExportJob) -> str:
        request = self.context.get("request")
        path = job.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
