"""Assessments, consolidated results and the matrix query in the API: read shapes and
the input the services take."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alianza.core.api import ModelSerializer, Serializer
from alianza.programs.models import Program
from alianza.systematization.choices import CriterionValue
from alianza.systematization.models import (
    Assessment,
    ConsolidatedResult,
    SystematizationPeriod,
)
from alianza.systematization.selectors import Matrix

Code = serializers.SlugRelatedField


class AssessmentSerializer(ModelSerializer):
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
                "translated_fields": item.translated_fields,
            }
            for item in obj.items.all()
        }


class ItemInputSerializer(Serializer):
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


class AssessmentInputSerializer(Serializer):
    """Your own assessment of an initiative in a period: {criterion code: item}. A null
    item (or value) removes the verdict; criteria not given stay as they are."""

    program = serializers.CharField(help_text="Program code")
    period = serializers.CharField(required=False, help_text="Period code (default: latest)")
    initiative = serializers.IntegerField(min_value=1, help_text="Initiative number")
    items = serializers.DictField(child=ItemInputSerializer(allow_null=True))
    notes_en = serializers.CharField(required=False, allow_blank=True)
    notes_es = serializers.CharField(required=False, allow_blank=True)


class ConsolidatedResultSerializer(ModelSerializer):
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


class ConsolidateInputSerializer(Serializer):
    program = serializers.CharField()
    period = serializers.CharField(required=False)
    initiative = serializers.IntegerField(min_value=1)


class MentionInputSerializer(Serializer):
    is_special_mention = serializers.BooleanField(required=False)
    special_mention_reason_en = serializers.CharField(required=False, allow_blank=True)
    special_mention_reason_es = serializers.CharField(required=False, allow_blank=True)
    notes_en = serializers.CharField(required=False, allow_blank=True)
    notes_es = serializers.CharField(required=False, allow_blank=True)


class SettleInputSerializer(Serializer):
    criterion = serializers.CharField()
    value = serializers.ChoiceField(choices=CriterionValue.choices, allow_null=True)
    reason_en = serializers.CharField(required=False, allow_blank=True, default="")
    reason_es = serializers.CharField(required=False, allow_blank=True, default="")


class MatrixQuerySerializer(Serializer):
    program = serializers.CharField(help_text="Program code")
    period = serializers.CharField(required=False, help_text="Period code (default: latest)")


def matrix_data(program: Program, period: SystematizationPeriod, matrix: Matrix) -> dict[str, Any]:
    """The analysis matrix as the API gives it: criteria, rows by initiative (values keyed
    by criterion code) and the balance scheme's coverage."""
    codes = {c.pk: c.code for c in matrix.criteria}
    return {
        "program": program.code,
        "period": period.code,
        "criteria_set": period.criteria_set.code,
        "threshold": period.criteria_set.flagship_threshold,
        "criteria": [
            {
                "number": c.number,
                "code": c.code,
                "name_en": c.name_en,
                "name_es": c.name_es,
                "counts_toward_threshold": c.counts_toward_threshold,
                "weight": c.weight,
            }
            for c in matrix.criteria
        ],
        "rows": [
            {
                "initiative": row.initiative.number,
                "title": row.initiative.title,
                "criteria_met": row.criteria_met,
                "score": row.score,
                "flagship": row.flagship,
                "special_mention": row.special_mention,
                "values": {codes[k]: v for k, v in row.values.items()},
                "reconstructed": sorted(codes[k] for k in row.reconstructed),
            }
            for row in matrix.rows
        ],
        "coverage": [
            {
                "term": cov.term.code,
                "initiatives": cov.initiatives,
                "flagships": [i.number for i in cov.flagships],
            }
            for cov in matrix.coverage
        ],
    }
