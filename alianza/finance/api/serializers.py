"""Money in the API: amounts as strings with their currency; programs by code."""

from __future__ import annotations

from rest_framework import serializers

from alianza.core.api import CodeField, ModelSerializer, ProgramScopedField, Serializer
from alianza.finance.choices import IATI_TRANSACTION_CODES
from alianza.finance.models import BudgetLine, ExchangeRate, Transaction
from alianza.initiatives.models import Initiative
from alianza.programs.models import Component, FundingSource, GeneralRevision, Program


class ProgramRecordSerializer(ModelSerializer):
    """Records created under a program given by its code (visible programs only)."""

    program = CodeField(slug_field="code", queryset=Program.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["program"].queryset = Program.objects.with_internal_access(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["program"].read_only = True

    def program_for(self, data):
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            return self.instance.program
        code = data.get("program") if hasattr(data, "get") else None
        return self.fields["program"].queryset.filter(code=code).first() if code else None


class ExchangeRateSerializer(ModelSerializer):
    class Meta:
        model = ExchangeRate
        fields = [
            "id",
            "base_currency",
            "currency",
            "valid_from",
            "valid_to",
            "rate",
            "source",
            "source_note_en",
            "source_note_es",
        ]


class ConversionSerializer(Serializer):
    """An amount converted on a date, with the currencies it went through."""

    amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    currency = serializers.CharField()
    source_amount = serializers.DecimalField(max_digits=20, decimal_places=2)
    source_currency = serializers.CharField()
    on = serializers.DateField()
    path = serializers.ListField(child=serializers.CharField())
    path_display = serializers.CharField()


class BudgetLineSerializer(ProgramRecordSerializer):
    component = ProgramScopedField(Component, "number", required=False, allow_null=True)
    initiative = ProgramScopedField(Initiative, "number", required=False, allow_null=True)
    funding_source = ProgramScopedField(FundingSource, "code", required=False, allow_null=True)
    revision = ProgramScopedField(GeneralRevision, "number", required=False, allow_null=True)
    current_amount = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "program",
            "year",
            "component",
            "initiative",
            "funding_source",
            "currency",
            "original_amount",
            "revised_amount",
            "current_amount",
            "revision",
            "source_note_en",
            "source_note_es",
        ]


class TransactionSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(
        source="initiative.program", slug_field="code", read_only=True
    )
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.none(), help_text="Initiative id"
    )
    funding_source = ProgramScopedField(FundingSource, "code", required=False, allow_null=True)
    iati_type = serializers.SerializerMethodField()

    class Meta:
        model = Transaction
        fields = [
            "id",
            "program",
            "initiative",
            "kind",
            "iati_type",
            "date",
            "period_start",
            "value_date",
            "amount",
            "currency",
            "funding_source",
            "description_en",
            "description_es",
            "reference",
            "is_reconstructed",
            "source_note_en",
            "source_note_es",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["initiative"].queryset = Initiative.objects.filter(
                program__in=Program.objects.with_internal_access(request.user)
            )
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["initiative"].read_only = True

    def program_for(self, data):
        """The program of the transaction's initiative: funding sources are chosen there."""
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            return self.instance.initiative.program
        pk = data.get("initiative") if hasattr(data, "get") else None
        if isinstance(pk, bool) or not isinstance(pk, int | str) or not str(pk).isdigit():
            return None
        initiative = (
            self.fields["initiative"].queryset.filter(pk=int(pk)).select_related("program").first()
        )
        return initiative.program if initiative else None

    def get_iati_type(self, obj) -> str:
        """The IATI TransactionType code (2, 3 or 4)."""
        return IATI_TRANSACTION_CODES[obj.kind]


class LedgerRowSerializer(Serializer):
    number = serializers.IntegerField(source="revision.number")
    date = serializers.DateField(source="revision.date")
    purpose_en = serializers.CharField(source="revision.purpose_en")
    purpose_es = serializers.CharField(source="revision.purpose_es")
    award_change = serializers.DecimalField(
        source="revision.award_change", max_digits=16, decimal_places=2, allow_null=True
    )
    resulting_award = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    award_is_stated = serializers.BooleanField()
    extends_to = serializers.DateField(source="revision.extends_to", allow_null=True)
    project_ends = serializers.DateField(source="extends_to", allow_null=True)
    currency = serializers.CharField(source="revision.currency")
