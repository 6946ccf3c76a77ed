"""What a program's systematization is set up with, as the API reads and takes it: success
factors, case types and informants (read), and the input of every setup write (criteria
sets, periods, success factors, case types, informants, lessons, recommendations).

Records of the program are named by their codes; `program` (and `period`, for lessons and
recommendations) only when creating: they stay with the record."""

from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import ModelSerializer, Serializer
from alianza.systematization.choices import LessonKind
from alianza.systematization.models import CaseType, Informant, SuccessFactor

Code = serializers.SlugRelatedField

PROGRAM = {"max_length": 30, "help_text": "Program code (creating only)"}
OPTIONAL_TEXT = {"required": False, "allow_blank": True}


class SuccessFactorSerializer(ModelSerializer):
    program = Code(slug_field="code", read_only=True)

    class Meta:
        model = SuccessFactor
        fields = [
            "id",
            "program",
            "code",
            "number",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "order",
        ]
        read_only_fields = fields


class CaseTypeSerializer(ModelSerializer):
    program = Code(slug_field="code", read_only=True)

    class Meta:
        model = CaseType
        fields = [
            "id",
            "program",
            "code",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "order",
        ]
        read_only_fields = fields


class InformantSerializer(ModelSerializer):
    program = Code(slug_field="code", read_only=True)
    case_type = Code(slug_field="code", read_only=True)
    institution = Code(slug_field="code", read_only=True)

    class Meta:
        model = Informant
        fields = [
            "id",
            "program",
            "code",
            "case_type",
            "institution",
            "role_en",
            "role_es",
            "listed_as",
        ]
        read_only_fields = fields


class CriterionInputSerializer(Serializer):
    code = serializers.CharField(max_length=60)
    number = serializers.IntegerField(min_value=1, max_value=32767)
    name_en = serializers.CharField(max_length=255)
    name_es = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    description_en = serializers.CharField(**OPTIONAL_TEXT)
    description_es = serializers.CharField(**OPTIONAL_TEXT)
    counts_toward_threshold = serializers.BooleanField(required=False, default=True)
    is_required = serializers.BooleanField(required=False, default=False)
    weight = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        required=False,
        default=1,
        help_text="What meeting the criterion adds toward the flagship threshold",
    )


class CriteriaSetInputSerializer(Serializer):
    """A criteria set with its flagship rule: an initiative is a flagship when the weights
    of the counting criteria it meets (1 each unless weighted) reach `flagship_threshold`
    (a threshold above what they can reach is refused); `criteria`, when sent, replace the
    set's criteria (matched by code)."""

    program = serializers.CharField(**PROGRAM)
    code = serializers.CharField(max_length=40)
    name_en = serializers.CharField(max_length=255)
    name_es = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    description_en = serializers.CharField(**OPTIONAL_TEXT)
    description_es = serializers.CharField(**OPTIONAL_TEXT)
    flagship_threshold = serializers.IntegerField(min_value=1, max_value=32767)
    balance_scheme = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Code of a classification scheme of the program: one flagship per term",
    )
    criteria = CriterionInputSerializer(many=True, required=False)


class SystematizationPeriodInputSerializer(Serializer):
    program = serializers.CharField(**PROGRAM)
    code = serializers.CharField(max_length=40)
    name_en = serializers.CharField(max_length=255)
    name_es = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    criteria_set = serializers.CharField(max_length=40, help_text="Criteria set code")


class SuccessFactorInputSerializer(Serializer):
    program = serializers.CharField(**PROGRAM)
    code = serializers.CharField(max_length=40)
    number = serializers.IntegerField(min_value=1, max_value=32767, required=False)
    name_en = serializers.CharField(max_length=255)
    name_es = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    description_en = serializers.CharField(**OPTIONAL_TEXT)
    description_es = serializers.CharField(**OPTIONAL_TEXT)
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class CaseTypeInputSerializer(Serializer):
    program = serializers.CharField(**PROGRAM)
    code = serializers.CharField(max_length=20)
    name_en = serializers.CharField(max_length=255)
    name_es = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    description_en = serializers.CharField(**OPTIONAL_TEXT)
    description_es = serializers.CharField(**OPTIONAL_TEXT)
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class InformantInputSerializer(Serializer):
    """An informant: a code, a case type and an institution; never a name."""

    program = serializers.CharField(**PROGRAM)
    code = serializers.CharField(max_length=20)
    case_type = serializers.CharField(max_length=20, help_text="Case type code")
    institution = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Institution code",
    )
    role_en = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    role_es = serializers.CharField(max_length=255, **OPTIONAL_TEXT)
    listed_as = serializers.CharField(max_length=100, **OPTIONAL_TEXT)


class LessonInputSerializer(Serializer):
    """A lesson learned or good practice of a period under a success factor; `factor`,
    `kind` and `number` name it and stay."""

    program = serializers.CharField(**PROGRAM)
    period = serializers.CharField(max_length=40, help_text="Period code (creating only)")
    factor = serializers.CharField(max_length=40, help_text="Success factor code")
    kind = serializers.ChoiceField(choices=LessonKind.choices)
    number = serializers.IntegerField(min_value=1, max_value=32767)
    text_en = serializers.CharField(**OPTIONAL_TEXT)
    text_es = serializers.CharField(**OPTIONAL_TEXT)
    evidence_en = serializers.CharField(**OPTIONAL_TEXT)
    evidence_es = serializers.CharField(**OPTIONAL_TEXT)
    initiatives = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="Numbers of the program's initiatives",
    )


class RecommendationInputSerializer(Serializer):
    program = serializers.CharField(**PROGRAM)
    period = serializers.CharField(max_length=40, help_text="Period code (creating only)")
    code = serializers.CharField(max_length=20)
    factor = serializers.CharField(max_length=40, help_text="Success factor code")
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    text_en = serializers.CharField(**OPTIONAL_TEXT)
    text_es = serializers.CharField(**OPTIONAL_TEXT)
