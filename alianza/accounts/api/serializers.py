from __future__ import annotations

from rest_framework import serializers

from alianza.accounts.models import Institution, Membership
from alianza.core.api import ModelSerializer


class InstitutionSerializer(ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)

    class Meta:
        model = Institution
        fields = [
            "id",
            "code",
            "acronym",
            "acronym_en",
            "acronym_es",
            "name",
            "name_en",
            "name_es",
            "kind",
            "country",
            "parent",
            "iati_identifier",
            "website",
        ]
        read_only_fields = fields


class MembershipSerializer(ModelSerializer):
    username = serializers.CharField(source="user.username")
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "institution", "role", "area", "is_active"]
        read_only_fields = fields


class InstitutionInputSerializer(ModelSerializer):
    """An institution's fields as written (`code` only when creating; `parent` by code)."""

    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=Institution.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Institution
        fields = [
            "code",
            "acronym_en",
            "acronym_es",
            "name_en",
            "name_es",
            "kind",
            "country",
            "parent",
            "iati_identifier",
            "website",
        ]
        validators: list = []
        extra_kwargs = {"code": {"validators": []}}
