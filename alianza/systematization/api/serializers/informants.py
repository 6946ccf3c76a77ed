"""Interviews and coded excerpts in the API: read shapes and the input the services take."""

from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import ModelSerializer, Serializer
from alianza.systematization.models import (
    Excerpt,
    Interview,
)

Code = serializers.SlugRelatedField


class InterviewSerializer(ModelSerializer):
    """An interview, its informant known by code, case type and institution (no name)."""

    program = serializers.CharField(source="period.program.code", read_only=True)
    period = Code(slug_field="code", read_only=True)
    informant = serializers.CharField(source="informant.code", read_only=True)
    case_type = serializers.CharField(source="informant.case_type.code", read_only=True)
    institution = serializers.CharField(
        source="informant.institution.code", read_only=True, allow_null=True
    )
    excerpt_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "program",
            "period",
            "number",
            "informant",
            "case_type",
            "institution",
            "held_on",
            "notes_en",
            "notes_es",
            "excerpt_count",
            "source_note_en",
            "source_note_es",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def question_ref(question) -> str | None:
    """'strategy/2': the guide numbers its questions within each scope."""
    return f"{question.scope.code}/{question.number}" if question else None


class ExcerptSerializer(ModelSerializer):
    """A coded passage of an interview, its codes given as analysis category codes,
    initiative numbers and success factor codes."""

    program = serializers.CharField(source="interview.period.program.code", read_only=True)
    period = serializers.CharField(source="interview.period.code", read_only=True)
    interview_number = serializers.IntegerField(source="interview.number", read_only=True)
    informant = serializers.CharField(source="interview.informant.code", read_only=True)
    question = serializers.SerializerMethodField()
    categories = serializers.SerializerMethodField()
    initiatives = serializers.SerializerMethodField()
    factors = serializers.SerializerMethodField()

    class Meta:
        model = Excerpt
        fields = [
            "id",
            "program",
            "period",
            "interview",
            "interview_number",
            "informant",
            "question",
            "text_en",
            "text_es",
            "categories",
            "initiatives",
            "factors",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_question(self, obj) -> str | None:
        return question_ref(obj.question)

    def get_categories(self, obj) -> list[str]:
        return [c.code for c in obj.categories.all()]

    def get_initiatives(self, obj) -> list[int]:
        return [i.number for i in obj.initiatives.all()]

    def get_factors(self, obj) -> list[str]:
        return [f.code for f in obj.factors.all()]


class ExcerptInputSerializer(Serializer):
    """A new excerpt, or (PATCH) the parts to change: a code list left out stays as it
    is."""

    interview = serializers.IntegerField(required=False, help_text="Interview id")
    question = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Question of the guide as scope/number, e.g. strategy/2",
    )
    text_en = serializers.CharField(required=False, allow_blank=True)
    text_es = serializers.CharField(required=False, allow_blank=True)
    categories = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Analysis category codes (scope/code where a code is in several scopes)",
    )
    initiatives = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Initiative numbers"
    )
    factors = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Success factor codes"
    )
