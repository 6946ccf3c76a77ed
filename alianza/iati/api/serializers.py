from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import CodeField
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
        ]


class ImportStartSerializer(serializers.Serializer):
    program = CodeField(slug_field="code", queryset=Program.objects.none())
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["program"].queryset = Program.objects.visible_to(request.user)


class ImportIssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportIssue
        fields = ["activity_identifier", "line", "severity", "kind", "path", "message"]
