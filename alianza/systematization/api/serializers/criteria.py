"""Criteria sets and periods in the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alianza.core.api import ModelSerializer
from alianza.core.openapi import OBJECT_LIST
from alianza.systematization.models import (
    CriteriaSet,
    SystematizationPeriod,
)

Code = serializers.SlugRelatedField


class CriteriaSetSerializer(ModelSerializer):
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

    @extend_schema_field(OBJECT_LIST)
    def get_criteria(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "number": c.number,
                "code": c.code,
                "name_en": c.name_en,
                "name_es": c.name_es,
                "counts_toward_threshold": c.counts_toward_threshold,
                "is_required": c.is_required,
                "weight": c.weight,
                "source_note_en": c.source_note_en,
                "source_note_es": c.source_note_es,
            }
            for c in obj.criteria.all()
        ]


class PeriodSerializer(ModelSerializer):
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
