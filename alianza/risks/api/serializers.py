"""Risks in the API: `significance` (likelihood x impact) is computed."""

from __future__ import annotations

from rest_framework import serializers

from alianza.accounts.models import Institution, User
from alianza.core.api import ModelSerializer, ProgramScopedField
from alianza.finance.api.serializers import ProgramRecordSerializer
from alianza.initiatives.models import Initiative
from alianza.risks.models import Risk, RiskAction, RiskOwner, RiskReview


class OwnerSerializer(ModelSerializer):
    institution = serializers.SlugRelatedField(
        slug_field="code", queryset=Institution.objects.all()
    )
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = RiskOwner
        fields = ["institution", "user", "name"]


class RiskSerializer(ProgramRecordSerializer):
    initiative = ProgramScopedField(Initiative, "number", required=False, allow_null=True)
    significance = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="likelihood x impact (1-25); null until both are assessed",
    )
    significance_level = serializers.CharField(read_only=True, allow_null=True)
    needs_assessment = serializers.BooleanField(read_only=True)
    owners = OwnerSerializer(many=True, required=False)
    number = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = Risk
        fields = [
            "id",
            "program",
            "number",
            "title_en",
            "title_es",
            "category",
            "cause_en",
            "cause_es",
            "effect_en",
            "effect_es",
            "initiative",
            "likelihood",
            "impact",
            "significance",
            "significance_level",
            "needs_assessment",
            "status",
            "identified_on",
            "next_review_on",
            "owners",
            "source_note_en",
            "source_note_es",
        ]
        validators = []


class RiskActionSerializer(ModelSerializer):
    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.none())
    owner_institution = serializers.SlugRelatedField(
        slug_field="code", queryset=Institution.objects.all()
    )
    owner = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = RiskAction
        fields = [
            "id",
            "risk",
            "description_en",
            "description_es",
            "owner_institution",
            "owner",
            "due_on",
            "status",
            "completed_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["risk"].queryset = Risk.objects.internal_visible_to(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["risk"].read_only = True


class RiskReviewSerializer(ModelSerializer):
    risk = serializers.PrimaryKeyRelatedField(queryset=Risk.objects.none())
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)
    significance = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = RiskReview
        fields = [
            "id",
            "risk",
            "reviewed_on",
            "reviewer",
            "institution",
            "likelihood",
            "impact",
            "significance",
            "notes",
            "next_review_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["risk"].queryset = Risk.objects.internal_visible_to(request.user)
