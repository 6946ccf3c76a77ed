"""Board meetings, action items, disputes and focal points in the API."""

from __future__ import annotations

from rest_framework import serializers

from alianza.accounts.models import Institution, User
from alianza.contracts.models import Contract
from alianza.core.api import ModelSerializer, ProgramScopedField, Serializer
from alianza.finance.api.serializers import ProgramRecordSerializer
from alianza.governance.choices import DisputeOutcome
from alianza.governance.models import (
    ActionItem,
    Attendance,
    BoardDecision,
    BoardMeeting,
    CriteriaAgreement,
    Dispute,
)
from alianza.initiatives.models import Initiative


class AttendanceSerializer(ModelSerializer):
    institution = serializers.SlugRelatedField(
        slug_field="code", queryset=Institution.objects.all()
    )

    class Meta:
        model = Attendance
        fields = ["institution", "person_name", "role"]


class DecisionSerializer(ModelSerializer):
    number = serializers.IntegerField(min_value=1, required=False)

    class Meta:
        model = BoardDecision
        fields = ["number", "text_en", "text_es"]


class MeetingSerializer(ProgramRecordSerializer):
    attendance = AttendanceSerializer(many=True, required=False)
    decisions = DecisionSerializer(many=True, required=False)

    class Meta:
        model = BoardMeeting
        fields = [
            "id",
            "program",
            "held_on",
            "kind",
            "location",
            "agenda_en",
            "agenda_es",
            "minutes_en",
            "minutes_es",
            "attendance",
            "decisions",
        ]


class ActionItemSerializer(ProgramRecordSerializer):
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=BoardMeeting.objects.none(), required=False, allow_null=True
    )
    owner_institution = serializers.SlugRelatedField(
        slug_field="code", queryset=Institution.objects.all()
    )
    owner = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "program",
            "meeting",
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
        program = self.program_for(getattr(self, "initial_data", {}))
        if program is not None:
            self.fields["meeting"].queryset = program.board_meetings.all()


class AgreementSerializer(ModelSerializer):
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agreed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CriteriaAgreement
        fields = ["institution", "agreed_by", "agreed_on"]


class DisputeSerializer(ProgramRecordSerializer):
    contract = ProgramScopedField(Contract, "reference", required=False, allow_null=True)
    initiative = ProgramScopedField(Initiative, "number", required=False, allow_null=True)
    opened_by_institution = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agreements = AgreementSerializer(many=True, read_only=True)
    stage = serializers.SerializerMethodField()
    waiting_for = serializers.SerializerMethodField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "program",
            "number",
            "subject",
            "contract",
            "initiative",
            "title_en",
            "title_es",
            "description_en",
            "description_es",
            "opened_by_institution",
            "opened_on",
            "criteria_en",
            "criteria_es",
            "agreements",
            "expert",
            "expert_appointed_on",
            "opinion_en",
            "opinion_es",
            "opinion_on",
            "decision_en",
            "decision_es",
            "decided_on",
            "outcome",
            "stage",
            "waiting_for",
        ]
        read_only_fields = [
            "number",
            "expert",
            "expert_appointed_on",
            "opinion_en",
            "opinion_es",
            "opinion_on",
            "decision_en",
            "decision_es",
            "decided_on",
            "outcome",
        ]
        validators = []

    def _partners(self, obj):
        cache = self.context.setdefault("partners", {})
        if obj.program_id not in cache:
            cache[obj.program_id] = list(
                obj.program.partnerships.values_list("institution_id", flat=True)
            )
        return cache[obj.program_id]

    def get_stage(self, obj) -> str:
        return obj.stage(self._partners(obj))

    def get_waiting_for(self, obj) -> list[str]:
        """Codes of the partner institutions whose answer the case waits for."""
        ids = set(obj.waiting_for(self._partners(obj)))
        return sorted(
            p.institution.code for p in obj.program.partnerships.all() if p.institution_id in ids
        )


class DisputeStepSerializer(Serializer):
    """One step of a case; which fields it needs depends on the step."""

    agreed_on = serializers.DateField(required=False)
    expert = serializers.CharField(required=False)
    appointed_on = serializers.DateField(required=False)
    opinion_en = serializers.CharField(required=False, allow_blank=True, default="")
    opinion_es = serializers.CharField(required=False, allow_blank=True, default="")
    opinion_on = serializers.DateField(required=False)
    decision_en = serializers.CharField(required=False, allow_blank=True, default="")
    decision_es = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.DateField(required=False)
    outcome = serializers.ChoiceField(choices=DisputeOutcome.choices, required=False)
