from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import ModelSerializer, Serializer
from alianza.core.dates import partial_date_string
from alianza.programs.models import (
    Component,
    DocumentVersion,
    DocumentVersionAmount,
    ExpectedResult,
    FundingSource,
    GeneralRevision,
    Partnership,
    Phase,
    Program,
    RevisionAmount,
)


class PartialDateMixin:
    @staticmethod
    def partial_date(value, precision) -> str:
        return partial_date_string(value, precision)


class PartnershipSerializer(ModelSerializer):
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    role = serializers.CharField(read_only=True)

    class Meta:
        model = Partnership
        fields = ["institution", "institution_name", "role", "role_en", "role_es"]


class ProgramSerializer(ModelSerializer, PartialDateMixin):
    name = serializers.CharField(read_only=True)
    partners = PartnershipSerializer(source="partnerships", many=True, read_only=True)
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "name_es",
            "summary_en",
            "summary_es",
            "objective_en",
            "objective_es",
            "framework_agreement_en",
            "framework_agreement_es",
            "framework_agreement_signed_on",
            "start",
            "end",
            "currency",
            "is_public",
            "partners",
            "source_note_en",
            "source_note_es",
            "translated_fields",
        ]
        read_only_fields = fields

    def get_start(self, obj) -> str:
        return self.partial_date(obj.start_date, obj.start_precision)

    def get_end(self, obj) -> str:
        return self.partial_date(obj.end_date, obj.end_precision)


class PhaseSerializer(ModelSerializer, PartialDateMixin):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    name = serializers.CharField(read_only=True)
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()

    class Meta:
        model = Phase
        fields = [
            "id",
            "program",
            "number",
            "name",
            "name_en",
            "name_es",
            "start",
            "end",
            "start_date",
            "end_date",
            "objective_en",
            "objective_es",
            "source_note_en",
            "source_note_es",
            "translated_fields",
        ]
        read_only_fields = fields

    def get_start(self, obj) -> str:
        return self.partial_date(obj.start_date, obj.start_precision)

    def get_end(self, obj) -> str:
        return self.partial_date(obj.end_date, obj.end_precision)


class ComponentSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Component
        fields = [
            "id",
            "program",
            "number",
            "name",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "translated_fields",
        ]
        read_only_fields = fields


class ExpectedResultSerializer(ModelSerializer):
    products = serializers.SerializerMethodField()

    class Meta:
        model = ExpectedResult
        fields = ["id", "number", "title_en", "title_es", "translated_fields", "products"]
        read_only_fields = fields

    def get_products(self, obj) -> list[dict]:
        return [
            {
                "order": p.order,
                "title_en": p.title_en,
                "title_es": p.title_es,
                "translated_fields": p.translated_fields,
            }
            for p in obj.products.all()
        ]


class DocumentVersionAmountSerializer(ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DocumentVersionAmount
        fields = ["source", "kind", "amount", "currency", "note_en", "note_es"]


class DocumentVersionSerializer(ModelSerializer, PartialDateMixin):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    phase = serializers.SlugRelatedField(slug_field="number", read_only=True)
    date = serializers.SerializerMethodField()
    results = ExpectedResultSerializer(many=True, read_only=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "program",
            "code",
            "sequence",
            "kind",
            "revision_number",
            "phase",
            "date",
            "label_en",
            "label_es",
            "changes_en",
            "changes_es",
            "results",
            "source_note_en",
            "source_note_es",
            "translated_fields",
        ]
        read_only_fields = fields

    def get_date(self, obj) -> str:
        return self.partial_date(obj.date, obj.date_precision)


class FundingSourceSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = FundingSource
        fields = [
            "id",
            "program",
            "code",
            "kind",
            "institution",
            "project_number",
            "project_title_en",
            "project_title_es",
            "name_en",
            "name_es",
            "reported_amount",
            "reported_currency",
            "source_note_en",
            "source_note_es",
            "translated_fields",
        ]
        read_only_fields = fields


class RevisionAmountSerializer(ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RevisionAmount
        fields = ["source", "amount", "currency", "note_en", "note_es"]


class GeneralRevisionSerializer(ModelSerializer, PartialDateMixin):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    amounts = RevisionAmountSerializer(many=True, read_only=True)
    extends_to = serializers.SerializerMethodField()

    class Meta:
        model = GeneralRevision
        fields = [
            "id",
            "program",
            "number",
            "date",
            "purpose_en",
            "purpose_es",
            "award_change",
            "total_award",
            "currency",
            "extends_to",
            "amounts",
            "source_note_en",
            "source_note_es",
            "translated_fields",
        ]
        read_only_fields = fields

    def get_extends_to(self, obj) -> str:
        return self.partial_date(obj.extends_to, obj.extends_to_precision)


PROGRAM_INPUT_FIELDS = [
    "code",
    "name_en",
    "name_es",
    "summary_en",
    "summary_es",
    "objective_en",
    "objective_es",
    "framework_agreement_en",
    "framework_agreement_es",
    "framework_agreement_signed_on",
    "start_date",
    "end_date",
    "currency",
    "is_public",
    "source_note_en",
    "source_note_es",
]


class ProgramInputSerializer(ModelSerializer):
    """A program's fields as written (`code` only when creating: it names the program)."""

    class Meta:
        model = Program
        fields = PROGRAM_INPUT_FIELDS
        # The service checks the whole record (and the code's uniqueness, on its field).
        validators: list = []
        extra_kwargs = {"code": {"validators": []}}


class PartnershipReadSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = Partnership
        fields = ["id", "program", "institution", "institution_name", "role_en", "role_es"]
        read_only_fields = fields


class PartnershipInputSerializer(Serializer):
    """A partner of a program: the program's and the institution's codes, and its role."""

    program = serializers.CharField(max_length=30, help_text="Program code")
    institution = serializers.CharField(max_length=40, help_text="Institution code")
    role_en = serializers.CharField(max_length=255, required=False, allow_blank=True)
    role_es = serializers.CharField(max_length=255, required=False, allow_blank=True)
