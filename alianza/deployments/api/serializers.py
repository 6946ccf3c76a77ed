"""Deployments in the API: a mission with its destinations (written as a whole list),
the people deployed with the checklist items each still misses, and the approval."""

from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import ModelSerializer, ProgramScopedField, Serializer
from alianza.deployments.choices import ChecklistItem
from alianza.deployments.models import DeployedPerson, Deployment, DeploymentDestination
from alianza.deployments.selectors import needs_duty_of_care
from alianza.finance.api.serializers import ProgramRecordSerializer
from alianza.initiatives.models import Initiative
from alianza.specialists.models import Specialist


class DestinationSerializer(ModelSerializer):
    class Meta:
        model = DeploymentDestination
        fields = ["country", "place", "site_en", "site_es", "vulnerable_populations"]


class PersonSummarySerializer(ModelSerializer):
    specialist = serializers.CharField(source="specialist.full_name", read_only=True)
    missing = serializers.SerializerMethodField(
        help_text="codes of the checklist items still missing"
    )

    class Meta:
        model = DeployedPerson
        fields = ["id", "specialist", "missing"]

    def get_missing(self, person) -> list[str]:
        return [item.value for item in person.missing_items()]


class DeploymentSerializer(ProgramRecordSerializer):
    initiative = ProgramScopedField(Initiative, "number", required=False, allow_null=True)
    number = serializers.IntegerField(min_value=1, required=False)
    destinations = DestinationSerializer(many=True, required=False)
    people = PersonSummarySerializer(many=True, read_only=True)
    needs_duty_of_care = serializers.SerializerMethodField()
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Deployment
        fields = [
            "id",
            "program",
            "number",
            "title_en",
            "title_es",
            "purpose_en",
            "purpose_es",
            "initiative",
            "start_date",
            "end_date",
            "reported_headcount",
            "destinations",
            "needs_duty_of_care",
            "people",
            "status",
            "approved_by",
            "approved_on",
            "source_note_en",
            "source_note_es",
        ]
        read_only_fields = ["status", "approved_on"]
        validators = []

    def get_needs_duty_of_care(self, deployment) -> bool:
        return needs_duty_of_care(deployment)


class ApproveSerializer(Serializer):
    approved_on = serializers.DateField(required=False, allow_null=True)


class DeployedPersonSerializer(ModelSerializer):
    deployment = serializers.PrimaryKeyRelatedField(queryset=Deployment.objects.none())
    specialist = serializers.PrimaryKeyRelatedField(queryset=Specialist.objects.none())
    missing = serializers.SerializerMethodField(
        help_text="codes of the checklist items still missing: "
        + ", ".join(item.value for item in ChecklistItem)
    )
    checklist_complete = serializers.BooleanField(read_only=True)

    class Meta:
        model = DeployedPerson
        fields = [
            "id",
            "deployment",
            "specialist",
            "first_aid_on",
            "code_of_conduct_on",
            "data_protection_on",
            "missing",
            "checklist_complete",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["deployment"].queryset = Deployment.objects.visible_to(request.user)
            self.fields["specialist"].queryset = Specialist.objects.filter(
                program__in=Deployment.objects.visible_to(request.user).values("program")
            )
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["deployment"].read_only = True
            self.fields["specialist"].read_only = True

    def get_missing(self, person) -> list[str]:
        return [item.value for item in person.missing_items()]
