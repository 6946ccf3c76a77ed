"""The systematization in the API: read shapes, and the input the services take."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alianza.systematization.choices import ActionStatus, CriterionValue, ResponseKind
from alianza.systematization.models import (
    Assessment,
    ConsolidatedResult,
    CriteriaSet,
    Excerpt,
    Interview,
    KeyAction,
    Lesson,
    ManagementResponse,
    Recommendation,
    SystematizationPeriod,
)

Code = serializers.SlugRelatedField


class CriteriaSetSerializer(serializers.ModelSerializer):
    program = Code(slug_field="code", read_only=True)
    balance_scheme = Code(slug_field="code", read_only=True)
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = CriteriaSet
        fields = [
            "id",
            "program",
            "code",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "flagship_threshold",
            "balance_scheme",
            "criteria",
            "source_note_en",
            "source_note_es",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_criteria(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "number": c.number,
                "code": c.code,
                "name_en": c.name_en,
                "name_es": c.name_es,
                "counts_toward_threshold": c.counts_toward_threshold,
                "is_required": c.is_required,
                "source_note_en": c.source_note_en,
                "source_note_es": c.source_note_es,
            }
            for c in obj.criteria.all()
        ]


class PeriodSerializer(serializers.ModelSerializer):
    program = Code(slug_field="code", read_only=True)
    criteria_set = Code(slug_field="code", read_only=True)

    class Meta:
        model = SystematizationPeriod
        fields = [
            "id",
            "program",
            "code",
            "name_en",
            "name_es",
            "start_date",
            "end_date",
            "criteria_set",
            "source_note_en",
            "source_note_es",
        ]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    period = Code(slug_field="code", read_only=True)
    program = serializers.CharField(source="period.program.code", read_only=True)
    initiative = serializers.IntegerField(source="initiative.number", read_only=True)
    assessor = serializers.CharField(source="assessor.username", read_only=True, allow_null=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "program",
            "period",
            "initiative",
            "assessor",
            "assessor_label",
            "notes_en",
            "notes_es",
            "items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_items(self, obj) -> dict[str, Any]:
        return {
            item.criterion.code: {
                "value": item.value,
                "evidence_en": item.evidence_en,
                "evidence_es": item.evidence_es,
                "links": item.link_list,
                "excerpts": [e.pk for e in item.excerpts.all()],
                "is_reconstructed": item.is_reconstructed,
                "source_note_en": item.source_note_en,
                "source_note_es": item.source_note_es,
            }
            for item in obj.items.all()
        }


class ItemInputSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=CriterionValue.choices, allow_null=True)
    evidence_en = serializers.CharField(required=False, allow_blank=True)
    evidence_es = serializers.CharField(required=False, allow_blank=True)
    links = serializers.ListField(child=serializers.CharField(), required=False)
    excerpts = serializers.ListField(child=serializers.IntegerField(), required=False)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if "links" in value:
            value["links"] = "\n".join(value["links"])
        return value


class AssessmentInputSerializer(serializers.Serializer):
    """Your own assessment of an initiative in a period: {criterion code: item}. A null
    item (or value) removes the verdict; criteria not given stay as they are."""

    program = serializers.CharField(help_text="Program code")
    period = serializers.CharField(required=False, help_text="Period code (default: latest)")
    initiative = serializers.IntegerField(min_value=1, help_text="Initiative number")
    items = serializers.DictField(child=ItemInputSerializer(allow_null=True))
    notes_en = serializers.CharField(required=False, allow_blank=True)
    notes_es = serializers.CharField(required=False, allow_blank=True)


class ConsolidatedResultSerializer(serializers.ModelSerializer):
    period = Code(slug_field="code", read_only=True)
    program = serializers.CharField(source="period.program.code", read_only=True)
    initiative = serializers.IntegerField(source="initiative.number", read_only=True)
    criteria_met = serializers.IntegerField(source="met_count", read_only=True)
    counting_total = serializers.IntegerField(read_only=True)
    pending = serializers.IntegerField(source="pending_count", read_only=True)
    threshold = serializers.IntegerField(read_only=True)
    flagship = serializers.BooleanField(source="is_flagship", read_only=True)
    values = serializers.SerializerMethodField()

    class Meta:
        model = ConsolidatedResult
        fields = [
            "id",
            "program",
            "period",
            "initiative",
            "criteria_met",
            "counting_total",
            "threshold",
            "pending",
            "flagship",
            "is_special_mention",
            "special_mention_reason_en",
            "special_mention_reason_es",
            "notes_en",
            "notes_es",
            "values",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_values(self, obj) -> dict[str, Any]:
        return {
            v.criterion.code: {
                "value": v.value,
                "origin": v.origin,
                "reason_en": v.reason_en,
                "reason_es": v.reason_es,
            }
            for v in obj.values.all()
        }


class ConsolidateInputSerializer(serializers.Serializer):
    program = serializers.CharField()
    period = serializers.CharField(required=False)
    initiative = serializers.IntegerField(min_value=1)


class MentionInputSerializer(serializers.Serializer):
    is_special_mention = serializers.BooleanField(required=False)
    special_mention_reason_en = serializers.CharField(required=False, allow_blank=True)
    special_mention_reason_es = serializers.CharField(required=False, allow_blank=True)
    notes_en = serializers.CharField(required=False, allow_blank=True)
    notes_es = serializers.CharField(required=False, allow_blank=True)


class SettleInputSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    value = serializers.ChoiceField(choices=CriterionValue.choices, allow_null=True)
    reason_en = serializers.CharField(required=False, allow_blank=True, default="")
    reason_es = serializers.CharField(required=False, allow_blank=True, default="")


class LessonSerializer(serializers.ModelSerializer):
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
        ]
        read_only_fields = fields

    def get_initiatives(self, obj) -> list[int]:
        return [i.number for i in obj.initiatives.all()]


class ManagementResponseSerializer(serializers.ModelSerializer):
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


class ResponseInputSerializer(serializers.Serializer):
    recommendation = serializers.IntegerField(help_text="Recommendation id")
    response = serializers.ChoiceField(choices=ResponseKind.choices)
    reason_en = serializers.CharField(required=False, allow_blank=True, default="")
    reason_es = serializers.CharField(required=False, allow_blank=True, default="")


class KeyActionSerializer(serializers.ModelSerializer):
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

    @extend_schema_field(OpenApiTypes.OBJECT)
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


class KeyActionInputSerializer(serializers.Serializer):
    recommendation = serializers.IntegerField(required=False, help_text="Recommendation id")
    description_en = serializers.CharField(required=False, allow_blank=True)
    description_es = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.CharField(required=False, allow_null=True, help_text="Institution code")
    responsible_unit = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class FollowUpInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    comment_en = serializers.CharField(required=False, allow_blank=True, default="")
    comment_es = serializers.CharField(required=False, allow_blank=True, default="")


class RecommendationSerializer(serializers.ModelSerializer):
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
    def get_actions(self, obj):
        if not self._internal(obj):
            return None
        return KeyActionSerializer(obj.actions.all(), many=True).data


class MatrixQuerySerializer(serializers.Serializer):
    program = serializers.CharField(help_text="Program code")
    period = serializers.CharField(required=False, help_text="Period code (default: latest)")


class InterviewSerializer(serializers.ModelSerializer):
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


class ExcerptSerializer(serializers.ModelSerializer):
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


class ExcerptInputSerializer(serializers.Serializer):
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
