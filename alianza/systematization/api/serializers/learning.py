"""Lessons, recommendations, management responses and key actions in the API: read
shapes and the input the services take."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alianza.core.api import ModelSerializer, Serializer
from alianza.core.openapi import OBJECT_LIST
from alianza.systematization.choices import ActionStatus, ResponseKind
from alianza.systematization.models import (
    KeyAction,
    Lesson,
    ManagementResponse,
    Recommendation,
)

Code = serializers.SlugRelatedField


class LessonSerializer(ModelSerializer):
    period = Code(slug_field="code", read_only=True)
    program = serializers.CharField(source="period.program.code", read_only=True)
    factor = Code(slug_field="code", read_only=True)
    initiatives = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = [
            "id",
            "program",
            "period",
            "factor",
            "kind",
            "number",
            "text_en",
            "text_es",
            "evidence_en",
            "evidence_es",
            "initiatives",
            "source_note_en",
            "source_note_es",
            "translated_fields",
        ]
        read_only_fields = fields

    def get_initiatives(self, obj) -> list[int]:
        return [i.number for i in obj.initiatives.all()]


class ManagementResponseSerializer(ModelSerializer):
    recommendation = serializers.CharField(source="recommendation.code", read_only=True)
    institution = Code(slug_field="code", read_only=True)

    class Meta:
        model = ManagementResponse
        fields = [
            "id",
            "recommendation",
            "institution",
            "response",
            "reason_en",
            "reason_es",
            "responded_on",
        ]
        read_only_fields = fields


class ResponseInputSerializer(Serializer):
    recommendation = serializers.IntegerField(help_text="Recommendation id")
    response = serializers.ChoiceField(choices=ResponseKind.choices)
    reason_en = serializers.CharField(required=False, allow_blank=True, default="")
    reason_es = serializers.CharField(required=False, allow_blank=True, default="")


class KeyActionSerializer(ModelSerializer):
    recommendation = serializers.CharField(source="recommendation.code", read_only=True)
    recommendation_id = serializers.IntegerField(read_only=True)
    owner = Code(slug_field="code", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    updates = serializers.SerializerMethodField()

    class Meta:
        model = KeyAction
        fields = [
            "id",
            "recommendation",
            "recommendation_id",
            "number",
            "description_en",
            "description_es",
            "owner",
            "responsible_unit",
            "due_date",
            "status",
            "completed_on",
            "overdue",
            "updates",
        ]
        read_only_fields = fields

    @extend_schema_field(OBJECT_LIST)
    def get_updates(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "at": u.created_at,
                "author": u.author.username if u.author_id else None,
                "status": u.status,
                "comment_en": u.comment_en,
                "comment_es": u.comment_es,
            }
            for u in obj.updates.all()
        ]


class KeyActionInputSerializer(Serializer):
    recommendation = serializers.IntegerField(required=False, help_text="Recommendation id")
    description_en = serializers.CharField(required=False, allow_blank=True)
    description_es = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.CharField(required=False, allow_null=True, help_text="Institution code")
    responsible_unit = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class FollowUpInputSerializer(Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    comment_en = serializers.CharField(required=False, allow_blank=True, default="")
    comment_es = serializers.CharField(required=False, allow_blank=True, default="")


class RecommendationSerializer(ModelSerializer):
    period = Code(slug_field="code", read_only=True)
    program = serializers.CharField(source="period.program.code", read_only=True)
    factor = Code(slug_field="code", read_only=True)
    responses = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "program",
            "period",
            "factor",
            "code",
            "text_en",
            "text_es",
            "responses",
            "actions",
            "source_note_en",
            "source_note_es",
            "translated_fields",
        ]
        read_only_fields = fields

    def _internal(self, obj) -> bool:
        return obj.period.program_id in self.context.get("internal_programs", set())

    @extend_schema_field(ManagementResponseSerializer(many=True, allow_null=True))
    def get_responses(self, obj):
        if not self._internal(obj):
            return None
        return ManagementResponseSerializer(obj.responses.all(), many=True).data

    @extend_schema_field(KeyActionSerializer(many=True, allow_null=True))
    @extend_schema_field(KeyActionSerializer(many=True))
    def get_actions(self, obj):
        if not self._internal(obj):
            return None
        return KeyActionSerializer(obj.actions.all(), many=True).data
