from __future__ import annotations

from rest_framework import serializers

from alianza.iati.models import ImportIssue, ImportJob
from alianza.programs.models import Program


class ImportJobSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:iatiimport-detail")
    report = serializers.HyperlinkedIdentityField(view_name="api:iatiimport-report")

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
            "summary",
            "created_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "attempts",
            "file_removed_at",
        ]


class ImportStartSerializer(serializers.Serializer):
    program = serializers.SlugRelatedField(slug_field="code", queryset=Program.objects.all())
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ImportIssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportIssue
        fields = ["activity_identifier", "line", "severity", "kind", "path", "message"]
