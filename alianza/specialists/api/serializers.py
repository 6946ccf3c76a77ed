"""The specialists in the API. A person's personal data and the monthly cost of their
contracts (their salary) are given only to those who may read them, and each such read is
logged; everyone else gets null."""

from __future__ import annotations

from rest_framework import serializers

from alianza.accounts.models import Institution, User
from alianza.core.api import ModelSerializer, ProgramScopedField, Serializer
from alianza.finance.api.serializers import ProgramRecordSerializer
from alianza.programs.models import Component, FundingSource
from alianza.specialists.models import PersonalData, Position, ServiceContract, Specialist
from alianza.specialists.permissions import can_read_contract_cost


class PositionSerializer(ProgramRecordSerializer):
    host_institution = serializers.SlugRelatedField(
        slug_field="code", queryset=Institution.objects.all()
    )

    class Meta:
        model = Position
        fields = [
            "id",
            "program",
            "code",
            "title_en",
            "title_es",
            "host_institution",
            "area_en",
            "area_es",
            "function_en",
            "function_es",
            "required_profile_en",
            "required_profile_es",
            "priority",
            "monthly_cost",
            "currency",
            "source_note_en",
            "source_note_es",
        ]
        validators = []


class PersonalDataSerializer(ModelSerializer):
    class Meta:
        model = PersonalData
        fields = [
            "identity_document",
            "date_of_birth",
            "email",
            "phone",
            "address",
            "emergency_contact_name",
            "emergency_contact_phone",
            "health_insurer",
            "health_insurance_policy",
            "insurance_valid_from",
            "insurance_valid_until",
        ]


class SpecialistSerializer(ProgramRecordSerializer):
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )
    personal_data = serializers.SerializerMethodField(
        help_text=(
            "Identity document, date of birth, contact, health insurance: only in a "
            "specialist's detail, for the human-resources focal points of the institution "
            "holding their contract and for the person (each read is logged); null otherwise. "
            "Also at /api/v1/specialists/{id}/personal-data/, which answers 403 to others."
        )
    )

    class Meta:
        model = Specialist
        fields = ["id", "program", "full_name", "user", "personal_data"]
        validators = []

    def get_personal_data(self, specialist) -> dict | None:
        data = self.context.get("personal_data", {}).get(specialist.pk)
        return None if data is None else PersonalDataSerializer(data).data


class ServiceContractSerializer(ProgramRecordSerializer):
    specialist = ProgramScopedField(Specialist, "id")
    position = ProgramScopedField(Position, "code")
    holder = serializers.SlugRelatedField(slug_field="code", queryset=Institution.objects.all())
    component = ProgramScopedField(Component, "number", required=False, allow_null=True)
    funding_source = ProgramScopedField(FundingSource, "code", required=False, allow_null=True)
    renews = ProgramScopedField(ServiceContract, "reference", required=False, allow_null=True)

    class Meta:
        model = ServiceContract
        fields = [
            "id",
            "program",
            "reference",
            "specialist",
            "position",
            "holder",
            "start_date",
            "end_date",
            "monthly_cost",
            "currency",
            "component",
            "funding_source",
            "renews",
            "renewal_decision",
            "renewal_decided_on",
            "source_note_en",
            "source_note_es",
        ]
        validators = []

    #: Null for whoever may not read contract costs.
    hidden_from_some = ("monthly_cost",)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not can_read_contract_cost(user, instance.specialist):
            data["monthly_cost"] = None
        return data


class HeadcountRowSerializer(Serializer):
    """One year of a program's specialists (see `selectors.YearRow`)."""

    year = serializers.IntegerField()
    headcount = serializers.IntegerField(
        allow_null=True,
        help_text="The figure the program recorded for the year, or else the people under "
        "contract on the year's last day (today in the current year).",
    )
    source = serializers.ChoiceField(
        choices=["record", "contracts"], help_text="Where `headcount` comes from."
    )
    counted = serializers.IntegerField(help_text="People under contract on the year's last day.")
    authorized_places = serializers.IntegerField(allow_null=True)
    staff_share = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="% of the host's staff."
    )
    budget_share = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        allow_null=True,
        help_text="% of the program's budget: as recorded, or else the contracts' cost over "
        "the year's revised budget; null when neither is known.",
    )
    budget_share_source = serializers.ChoiceField(
        choices=["record", "budget", ""], help_text="Where `budget_share` comes from."
    )
    cost = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="The contracts' cost in the year."
    )
    currency = serializers.CharField()
    unconverted = serializers.ListField(
        child=serializers.CharField(), help_text="Currencies left out for want of a rate."
    )
