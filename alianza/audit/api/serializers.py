from __future__ import annotations

from rest_framework import serializers

from alianza.audit.models import ChangeRecord
from alianza.core.api import ModelSerializer


class ChangeRecordSerializer(ModelSerializer):
    user = serializers.CharField(source="actor_username", read_only=True)
    institution = serializers.SlugRelatedField(
        source="actor_institution", slug_field="code", read_only=True
    )
    model = serializers.CharField(source="model_label", read_only=True)
    record = serializers.CharField(source="object_repr", read_only=True)
    action_label = serializers.CharField(read_only=True)
    changed_field_labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ChangeRecord
        fields = [
            "id",
            "created_at",
            "user",
            "institution",
            "action",
            "action_label",
            "operation",
            "model",
            "object_id",
            "record",
            "program_id",
            "changed_fields",
            "changed_field_labels",
            "before",
            "after",
            "source",
            "request_id",
            "client_request_id",
            "cascade_of",
        ]
        read_only_fields = fields
