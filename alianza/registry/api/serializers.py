from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from alianza.core.api import ModelSerializer, Serializer
from alianza.registry import content
from alianza.registry.models import (
    Activity,
    ActivityLocation,
    ActivitySector,
    Budget,
    Organisation,
    ParticipatingOrg,
    RecipientCountry,
    Transaction,
)
from alianza.registry.text import pick

#: Amounts and percentages show at least these decimals (the API's shape before they kept
#: more); an amount published with more shows them all.
MIN_PLACES = 4


class NarrativeField(serializers.JSONField):
    """IATI narratives: [{"lang": "es", "text": "..."}]."""


def _shown(value) -> str | None:
    if value in (None, ""):
        return None
    whole, _, places = content.fmt_decimal(value).partition(".")
    return f"{whole}.{places.ljust(MIN_PLACES, '0')}"


class AmountField(serializers.DecimalField):
    """An amount as published: its exact text (every decimal it was published with, kept in
    `value_text`), shown with at least 4 decimals as before amounts kept more."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=30, decimal_places=10, read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance.value_text or instance.value

    def to_representation(self, value):
        return _shown(value)


class PercentageField(serializers.DecimalField):
    """A percentage with at least 4 decimals (more when it was published with more)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=14, decimal_places=10, read_only=True, **kwargs)

    def to_representation(self, value):
        return _shown(value)


class ParticipatingOrgSerializer(ModelSerializer):
    class Meta:
        model = ParticipatingOrg
        fields = ["ref", "role", "type", "name", "ssc_role", "executing_level", "country"]


class SectorSerializer(ModelSerializer):
    percentage = PercentageField(allow_null=True)

    class Meta:
        model = ActivitySector
        fields = ["vocabulary", "code", "percentage"]


class CountrySerializer(ModelSerializer):
    percentage = PercentageField(allow_null=True)

    class Meta:
        model = RecipientCountry
        fields = ["code", "percentage"]


class LocationSerializer(ModelSerializer):
    class Meta:
        model = ActivityLocation
        fields = ["ref", "subdivision", "national_code", "municipality"]


class BudgetSerializer(ModelSerializer):
    value = AmountField()

    class Meta:
        model = Budget
        fields = ["type", "status", "period_start", "period_end", "value", "currency", "value_date"]


# finance has a TransactionSerializer too: the schema names this one apart.
@extend_schema_serializer(component_name="ActivityTransaction")
class TransactionSerializer(ModelSerializer):
    value = AmountField()

    class Meta:
        model = Transaction
        fields = [
            "ref",
            "type",
            "date",
            "value",
            "currency",
            "value_date",
            "description",
            "provider_ref",
            "receiver_ref",
        ]


class ActivitySerializer(ModelSerializer):
    program = serializers.CharField(source="program.code", read_only=True, allow_null=True)
    title_display = serializers.SerializerMethodField()
    reporting_org = serializers.SerializerMethodField()
    transactions_count = serializers.IntegerField(read_only=True)
    participating_orgs = ParticipatingOrgSerializer(many=True, read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)
    recipient_countries = CountrySerializer(many=True, read_only=True)
    locations = LocationSerializer(many=True, read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:activity-detail")

    class Meta:
        model = Activity
        fields = [
            "id",
            "url",
            "iati_identifier",
            "program",
            "is_public",
            "title",
            "title_display",
            "descriptions",
            "reporting_org",
            "status",
            "start_date",
            "end_date",
            "collaboration_type",
            "instrument",
            "modality",
            "country_role",
            "default_currency",
            "gender_significance",
            "participating_orgs",
            "sectors",
            "recipient_countries",
            "locations",
            "budgets",
            "transactions_count",
        ]

    def get_title_display(self, obj) -> str:
        return pick(obj.title)

    def get_reporting_org(self, obj) -> dict:
        return {
            "ref": obj.reporting_org_ref,
            "type": obj.reporting_org_type,
            "name": obj.reporting_org_name,
        }


class ActivityDetailSerializer(ActivitySerializer):
    transactions = TransactionSerializer(many=True, read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = ActivitySerializer.Meta.fields + [
            "transactions",
            "results",
            "policy_markers",
            "tags",
            "document_links",
            "related_activities",
        ]


class OrganisationSerializer(ModelSerializer):
    institution = serializers.CharField(source="institution.code", default=None, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "ref", "name", "type", "institution", "has_file"]


class CountryTotalSerializer(Serializer):
    """A partner country of the activities shown, and how many name it."""

    country = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    activities = serializers.IntegerField()
    known = serializers.BooleanField(help_text="Whether the code is a known country")


class SubdivisionTotalSerializer(Serializer):
    """A subdivision of the registry's country: its activities and disbursements."""

    subdivision = serializers.CharField(help_text="ISO 3166-2")
    name = serializers.CharField()
    national_code = serializers.CharField()
    activities = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
