"""Initiatives in the API: one shape to read, one to write; the services decide.

Each classification scheme of the program appears as a top-level key named by
its code (`support_dimension`, `incidence_level`, ...) whose value is the term
code (a list when the scheme allows several). Writes accept the same keys, or a
`classifications` object.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from alianza.core.api import CodeField, ModelSerializer, Serializer
from alianza.core.dates import parse_partial_date, partial_date_string
from alianza.core.extensions import initiative_fields
from alianza.core.openapi import NULLABLE_OBJECT, OBJECT_LIST
from alianza.initiatives.models import ClassificationScheme, Initiative, PolicyInstrument
from alianza.programs.models import Component, ExpectedResult, Phase, Program


class ExtensionField(serializers.Field):
    """A read-only value another app computes for each initiative (core.extensions)."""

    def __init__(self, extension, **kwargs):
        self.extension = extension
        kwargs.update(source="*", read_only=True)
        if extension.schema is not None:
            kwargs.setdefault("help_text", getattr(extension.schema, "help_text", None))
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return self.extension.value(instance)


class InitiativeSerializer(ModelSerializer):
    """An initiative as the API returns it."""

    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    title = serializers.CharField(read_only=True)
    phase = serializers.SerializerMethodField()
    component = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    classifications = serializers.SerializerMethodField()
    periods = serializers.SerializerMethodField()
    cost = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="Sum of the initiative's cost records in its program's currency "
        "(`cost_currency`), records in other currencies converted with the rates of their "
        "value dates; null when it has none or when one cannot be converted (`cost_note`).",
    )
    cost_currency = serializers.SerializerMethodField()
    cost_note = serializers.SerializerMethodField()
    costs = serializers.SerializerMethodField()
    alignments = serializers.SerializerMethodField()
    involvements = serializers.SerializerMethodField()
    key_figures = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id",
            "url",
            "web_url",
            "program",
            "number",
            "title",
            "title_en",
            "title_es",
            "title_es_is_translation",
            "description_en",
            "description_es",
            "phase",
            "component",
            "result",
            "placement_en",
            "placement_es",
            "placement_note_en",
            "placement_note_es",
            "classifications",
            "scope_text_en",
            "scope_text_es",
            "alignment_text_en",
            "alignment_text_es",
            "alignments",
            "periods",
            "period_text_en",
            "period_text_es",
            "challenge_en",
            "challenge_es",
            "good_practice_en",
            "good_practice_es",
            "cost",
            "cost_currency",
            "cost_note",
            "costs",
            "involvements",
            "key_figures",
            "is_public",
            "source_note_en",
            "source_note_es",
            "translated_fields",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse(
            "api:initiative-detail", kwargs={"pk": obj.pk}, request=self.context.get("request")
        )

    def get_web_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_phase(self, obj) -> int | None:
        return obj.phase.number if obj.phase_id else None

    def get_component(self, obj) -> int | None:
        return obj.component.number if obj.component_id else None

    @extend_schema_field(NULLABLE_OBJECT)
    def get_result(self, obj):
        if not obj.result_id:
            return None
        return {
            "version": obj.result.version.code,
            "number": obj.result.number,
            "title_en": obj.result.title_en,
            "title_es": obj.result.title_es,
        }

    @extend_schema_field(OBJECT_LIST)
    def get_classifications(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "scheme": row.scheme.code,
                "term": row.term.code,
                "name_en": row.term.name_en,
                "name_es": row.term.name_es,
                "parent": row.term.parent.code if row.term.parent_id else None,
            }
            for row in obj.classifications.all()
        ]

    @extend_schema_field(OBJECT_LIST)
    def get_periods(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "start": partial_date_string(p.start_date, p.start_precision),
                "end": partial_date_string(p.end_date, p.end_precision),
                "start_date": p.start_date,
                "end_date": p.end_date,
                "display": p.display,
                "note_en": p.note_en,
                "note_es": p.note_es,
            }
            for p in obj.periods.all()
        ]

    def get_cost_currency(self, obj) -> str:
        """ISO 4217 code of the program's currency, the currency of `cost`."""
        return getattr(obj, "cost_currency", None) or obj.program.currency

    def get_cost_note(self, obj) -> str:
        """How amounts in other currencies were converted (currencies and date of the
        rates), or which rate or value date is missing when `cost` is null."""
        return "; ".join(getattr(obj, "cost_missing", []) or getattr(obj, "cost_paths", []))

    @extend_schema_field(OBJECT_LIST)
    def get_costs(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "amount": f"{c.amount:.2f}",
                "currency": c.currency,
                "value_date": c.value_date.isoformat() if c.value_date else None,
                "description_en": c.description_en,
                "description_es": c.description_es,
                "note_en": c.note_en,
                "note_es": c.note_es,
            }
            for c in obj.costs.all()
        ]

    def get_alignments(self, obj) -> list[str]:
        return sorted(
            f"{a.provision.instrument.code}:{a.provision.code}" for a in obj.alignments.all()
        )

    @extend_schema_field(OBJECT_LIST)
    def get_involvements(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "institution": i.institution.code if i.institution_id else None,
                "person_name": i.person_name,
                "role_en": i.role_en,
                "role_es": i.role_es,
            }
            for i in obj.involvements.all()
        ]

    @extend_schema_field(OBJECT_LIST)
    def get_key_figures(self, obj) -> list[dict[str, Any]]:
        return [
            {"value": f"{k.value.normalize():f}", "label_en": k.label_en, "label_es": k.label_es}
            for k in obj.key_figures.all()
        ]

    def get_fields(self):
        fields = super().get_fields()
        for extension in initiative_fields:
            fields[extension.name] = ExtensionField(extension)
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        schemes = self.context.get("schemes_by_program", {}).get(instance.program_id)
        if schemes is None:
            schemes = list(ClassificationScheme.objects.filter(program_id=instance.program_id))
            self.context.setdefault("schemes_by_program", {})[instance.program_id] = schemes
        for scheme in schemes:
            codes = [c["term"] for c in data["classifications"] if c["scheme"] == scheme.code]
            data[scheme.code] = codes if scheme.allows_multiple else (codes[0] if codes else None)
        return data


class PeriodInputSerializer(Serializer):
    start = serializers.CharField(help_text="YYYY, YYYY-MM or YYYY-MM-DD")
    end = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    note_en = serializers.CharField(required=False, allow_blank=True, default="")
    note_es = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        try:
            start = parse_partial_date(attrs["start"])
        except ValueError as exc:
            raise serializers.ValidationError({"start": str(exc)})
        end = None
        if attrs.get("end"):
            try:
                end = parse_partial_date(attrs["end"], end=True)
            except ValueError as exc:
                raise serializers.ValidationError({"end": str(exc)})
        return {
            "start_date": start.value,
            "start_precision": start.precision,
            "end_date": end.value if end else None,
            "end_precision": end.precision if end else start.precision,
            "note_en": attrs.get("note_en", ""),
            "note_es": attrs.get("note_es", ""),
        }


class CostInputSerializer(Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField(
        max_length=3,
        required=False,
        allow_blank=True,
        default="",
        help_text="ISO 4217 code; the program's currency if none.",
    )
    value_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The date whose exchange rate converts the amount into the program's "
        "currency; needed when the currency is another.",
    )
    description_en = serializers.CharField(required=False, allow_blank=True, default="")
    description_es = serializers.CharField(required=False, allow_blank=True, default="")
    note_en = serializers.CharField(required=False, allow_blank=True, default="")
    note_es = serializers.CharField(required=False, allow_blank=True, default="")


class InvolvementInputSerializer(Serializer):
    institution = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="Institution code"
    )
    person_name = serializers.CharField(required=False, allow_blank=True, default="")
    role_en = serializers.CharField(required=False, allow_blank=True, default="")
    role_es = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("institution"):
            attrs["institution"] = None
        return attrs


class KeyFigureInputSerializer(Serializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    label_en = serializers.CharField()
    label_es = serializers.CharField(required=False, allow_blank=True, default="")


class ResultReferenceSerializer(Serializer):
    version = serializers.CharField()
    number = serializers.IntegerField(min_value=1)


_TEXT_FIELDS = [
    "title_en",
    "title_es",
    "description_en",
    "description_es",
    "placement_en",
    "placement_es",
    "placement_note_en",
    "placement_note_es",
    "scope_text_en",
    "scope_text_es",
    "alignment_text_en",
    "alignment_text_es",
    "period_text_en",
    "period_text_es",
    "challenge_en",
    "challenge_es",
    "good_practice_en",
    "good_practice_es",
    "source_note_en",
    "source_note_es",
]


class InitiativeWriteSerializer(Serializer):
    """What a client sends to create or change an initiative.

    Collections (`periods`, `costs`, `alignments`, `involvements`, `key_figures`,
    `classifications`) replace the stored ones when given. Classification terms
    may also be sent as top-level keys named by the scheme code.
    """

    program = CodeField(
        slug_field="code",
        queryset=Program.objects.none(),
        help_text="Program code (on create only)",
    )
    number = serializers.IntegerField(min_value=1)
    title_es_is_translation = serializers.BooleanField(required=False)
    translated_fields = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The texts that are the team's translation, e.g. description_es",
    )
    is_public = serializers.BooleanField(required=False)
    phase = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Phase number"
    )
    component = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Component number"
    )
    result = ResultReferenceSerializer(required=False, allow_null=True)
    classifications = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="{scheme code: term code or [codes]}",
    )
    alignments = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="instrument:provision codes"
    )
    periods = PeriodInputSerializer(many=True, required=False)
    costs = CostInputSerializer(many=True, required=False)
    involvements = InvolvementInputSerializer(many=True, required=False)
    key_figures = KeyFigureInputSerializer(many=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in _TEXT_FIELDS:
            self.fields[name] = serializers.CharField(required=False, allow_blank=True)
        request = self.context.get("request")
        if request is not None:
            self.fields["program"].queryset = Program.objects.visible_to(request.user)
        if self.instance is not None:
            self.fields["program"].required = False
            self.fields["program"].read_only = True
            self.fields["number"].required = False

    def _program(self, data) -> Program | None:
        if self.instance is not None:
            return self.instance.program
        code = data.get("program") if hasattr(data, "get") else None
        if not isinstance(code, str):
            return None
        return self.fields["program"].queryset.filter(code=code).first()

    def _scheme_codes(self, data) -> set[str]:
        """The codes of the program's classification schemes (looked up once, and only when
        the body has keys that are not fields)."""
        if not set(data) - set(self.fields):
            return set()
        if not hasattr(self, "_scheme_codes_found"):
            program = self._program(data)
            self._scheme_codes_found = (
                set(
                    ClassificationScheme.objects.filter(program=program).values_list(
                        "code", flat=True
                    )
                )
                if program is not None
                else set()
            )
        return self._scheme_codes_found

    def accepted_keys(self, data) -> set[str]:
        """Classification terms may come as top-level keys named by the scheme's code."""
        return self._scheme_codes(data)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        shorthand = {code: data[code] for code in self._scheme_codes(data) if code in data}
        if shorthand:
            value["classifications"] = {**value.get("classifications", {}), **shorthand}
        return value

    def validate(self, attrs):
        program = self.instance.program if self.instance is not None else attrs.get("program")
        errors = {}
        for field, model in (("phase", Phase), ("component", Component)):
            if field in attrs and attrs[field] is not None:
                found = model.objects.filter(program=program, number=attrs[field]).first()
                if found is None:
                    errors[field] = _("Program %(program)s has no %(field)s %(number)s.") % {
                        "program": program.code,
                        "field": model._meta.verbose_name,
                        "number": attrs[field],
                    }
                attrs[field] = found
        if attrs.get("result"):
            ref = attrs["result"]
            found = ExpectedResult.objects.filter(
                version__program=program, version__code=ref["version"], number=ref["number"]
            ).first()
            if found is None:
                errors["result"] = _(
                    "Program %(program)s has no result %(number)s in document "
                    "version '%(version)s'."
                ) % {"program": program.code, "number": ref["number"], "version": ref["version"]}
            attrs["result"] = found
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def service_data(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data.pop("program", None)
        return data


class PolicyInstrumentSerializer(ModelSerializer):
    provisions = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)

    class Meta:
        model = PolicyInstrument
        fields = [
            "id",
            "code",
            "kind",
            "short_name",
            "name",
            "name_en",
            "name_es",
            "country",
            "period",
            "published_on",
            "url",
            "provisions",
        ]
        read_only_fields = fields

    @extend_schema_field(OBJECT_LIST)
    def get_provisions(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "code": p.code,
                "kind": p.kind,
                "number": p.number,
                "parent": p.parent.code if p.parent_id else None,
                "text_en": p.text_en,
                "text_es": p.text_es,
                "translated_fields": p.translated_fields,
            }
            for p in obj.provisions.all()
        ]


class ClassificationSchemeSerializer(ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="code", read_only=True)
    terms = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ClassificationScheme
        fields = [
            "id",
            "program",
            "code",
            "name",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "is_hierarchical",
            "allows_multiple",
            "order",
            "terms",
            "source_note_en",
            "source_note_es",
        ]
        read_only_fields = fields

    @extend_schema_field(OBJECT_LIST)
    def get_terms(self, obj) -> list[dict[str, Any]]:
        return [
            {
                "code": t.code,
                "parent": t.parent.code if t.parent_id else None,
                "name_en": t.name_en,
                "name_es": t.name_es,
                "note_en": t.note_en,
                "note_es": t.note_es,
                "order": t.order,
            }
            for t in obj.terms.all()
        ]


class ExtensionFieldSchema(OpenApiSerializerFieldExtension):
    """Document an extension field with the DRF field its app gives as `schema`."""

    target_class = ExtensionField

    def map_serializer_field(self, auto_schema, direction):
        schema_field = self.target.extension.schema
        if schema_field is None:
            schema_field = serializers.CharField(read_only=True, allow_null=True)
        return auto_schema._map_serializer_field(schema_field, direction)


class TermInputSerializer(Serializer):
    code = serializers.CharField(max_length=60)
    parent = serializers.CharField(max_length=60, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=255)
    name_es = serializers.CharField(max_length=255, required=False, allow_blank=True)
    note_en = serializers.CharField(required=False, allow_blank=True)
    note_es = serializers.CharField(required=False, allow_blank=True)


class ClassificationSchemeInputSerializer(Serializer):
    """A classification scheme as written: `program` and `code` when creating (they stay),
    its terms in order (a term's `parent` is the code of a term listed before it); `terms`,
    when sent, replace the scheme's terms."""

    program = serializers.CharField(max_length=30, help_text="Program code")
    code = serializers.CharField(max_length=40)
    name_en = serializers.CharField(max_length=255)
    name_es = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    description_es = serializers.CharField(required=False, allow_blank=True)
    is_hierarchical = serializers.BooleanField(required=False)
    allows_multiple = serializers.BooleanField(required=False)
    order = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    terms = TermInputSerializer(many=True, required=False)
