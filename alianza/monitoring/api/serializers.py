"""Monitoring in the API: settings, period reports and signatures, notifications, and the
dashboard's figures."""

from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import ModelSerializer, Serializer
from alianza.monitoring.models import MonitoringSettings, Notification, PeriodReport, Signature


class SettingsSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = MonitoringSettings
        fields = [
            "id",
            "program",
            "pace_rate_ratio",
            "pace_min_months",
            "pace_min_initiatives",
            "pace_ahead_margin",
            "pace_behind_margin",
            "due_soon_days",
            "source_note_en",
            "source_note_es",
        ]


class SignatureSerializer(ModelSerializer):
    institution = serializers.SlugRelatedField(slug_field="code", read_only=True)
    signer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Signature
        fields = ["institution", "signer", "signed_at", "snapshot"]


class PeriodReportSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    signatures = SignatureSerializer(many=True, read_only=True)

    class Meta:
        model = PeriodReport
        fields = ["id", "program", "start", "end", "signatures"]


class SignInputSerializer(Serializer):
    program = serializers.CharField(help_text="Program code")
    start = serializers.DateField()
    end = serializers.DateField()


class NotificationSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    message = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "program",
            "kind",
            "key",
            "message",
            "params",
            "url",
            "created_at",
            "emailed_at",
            "read_at",
        ]
        read_only_fields = fields


class DashboardSerializer(Serializer):
    """The dashboard of a program for a period, as figures."""

    program = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    as_of = serializers.DateField()
    currency = serializers.CharField()
    spent = serializers.CharField()
    late_deliverables = serializers.ListField(child=serializers.DictField())
    spending_pace = serializers.ListField(child=serializers.DictField())
    median_monthly_rate = serializers.CharField(allow_null=True)
    heat_map = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    top_risks = serializers.ListField(child=serializers.DictField())
    unassessed_risks = serializers.ListField(child=serializers.IntegerField())
    open_disputes = serializers.ListField(child=serializers.DictField())
    overdue_actions = serializers.ListField(child=serializers.DictField())


def dashboard_data(board) -> dict:
    return {
        "program": board.program.code,
        "start": board.period.start,
        "end": board.period.end,
        "as_of": board.as_of,
        "currency": board.currency,
        "spent": f"{board.spent.total:.2f}",
        "late_deliverables": [
            {
                "contract": d.contract.reference,
                "deliverable": d.deliverable.number,
                "deliverable_id": d.deliverable.pk,
                "planned_date": d.deliverable.planned_date,
                "delivered_date": d.deliverable.delivered_date,
                "days_late": d.days_late,
            }
            for d in board.delays
        ],
        "spending_pace": [p.as_dict() for p in board.pace.ordered() if p.status],
        "median_monthly_rate": (
            f"{board.pace.median_rate:.2f}" if board.pace.median_rate is not None else None
        ),
        "heat_map": [[cell.count for cell in row] for row in board.heat],
        "top_risks": [
            {"number": r.number, "title": r.title, "significance": r.significance}
            for r in board.top_risks
        ],
        "unassessed_risks": [r.number for r in board.unassessed],
        "open_disputes": [
            {"number": d.dispute.number, "title": d.dispute.title, "stage": d.stage}
            for d in board.disputes
        ],
        "overdue_actions": [
            {
                "kind": a.kind,
                "id": a.item.pk,
                "due_on": a.item.due_on,
                "days_overdue": a.days_overdue,
            }
            for a in board.overdue
        ],
    }
