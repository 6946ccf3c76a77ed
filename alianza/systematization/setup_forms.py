"""Forms of the systematization's setup pages: criteria sets (criteria one per line),
periods, success factors, case types, informants, the interview guide, lessons and
recommendations. They parse input for the setup services, which validate it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alianza.accounts.models import Institution
from alianza.core.forms import DATE_INPUT, RowsField, ServiceFormMixin
from alianza.initiatives.models import ClassificationScheme
from alianza.programs.models import Program
from alianza.systematization.models import (
    AnalysisScope,
    CaseType,
    CriteriaSet,
    Informant,
    Lesson,
    Recommendation,
    SuccessFactor,
    SystematizationPeriod,
)

TEXT = forms.Textarea(attrs={"rows": 3})

#: Words of the criteria's fourth column (either language).
REQUIRED_WORDS = {"required", "obligatorio", "requerido"}
NOT_COUNTED_WORDS = {"not counted", "no cuenta", "uncounted"}


class SetupForm(ServiceFormMixin, forms.ModelForm):
    """A setup record of `program`: choices limited to the program's records; the fields
    that name the record (`key_fields`) only when it is created."""

    key_fields: tuple[str, ...] = ("code",)
    program_choices: dict[str, Any] = {}

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        for name, (model, path) in self.program_choices.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(**{path: program})
        if self.instance.pk:
            for name in self.key_fields:
                self.fields.pop(name, None)
        self.bootstrap()


class CriteriaSetForm(SetupForm):
    criteria = RowsField(
        label=_("Criteria"),
        columns=("code", "name_en", "name_es", "flags", "weight"),
        required_columns=2,
        help_text=_(
            "One per line, numbered in order: code | name (English) | name (Spanish) | "
            "'required' or 'not counted' (optional) | weight (optional, 1 if empty)."
        ),
    )
    program_choices = {"balance_scheme": (ClassificationScheme, "program")}

    class Meta:
        model = CriteriaSet
        fields = [
            "code",
            "name_en",
            "name_es",
            "description_en",
            "description_es",
            "flagship_threshold",
            "balance_scheme",
        ]
        widgets = {"description_en": TEXT, "description_es": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["criteria"] = [
                {
                    "code": c.code,
                    "name_en": c.name_en,
                    "name_es": c.name_es,
                    "flags": "required"
                    if c.is_required
                    else ("" if c.counts_toward_threshold else "not counted"),
                    "weight": "" if c.weight == 1 else str(c.weight),
                }
                for c in self.instance.criteria.order_by("number")
            ]

    @staticmethod
    def criteria_rows(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
        """The criteria as the service takes them, numbered by line."""
        result = []
        for number, row in enumerate(rows, start=1):
            flags = row.get("flags", "").strip().lower()
            result.append(
                {
                    "code": row["code"],
                    "number": number,
                    "name_en": row["name_en"],
                    "name_es": row.get("name_es", ""),
                    "is_required": flags in REQUIRED_WORDS,
                    "counts_toward_threshold": flags not in NOT_COUNTED_WORDS,
                    "weight": row.get("weight", "").strip() or 1,
                }
            )
        return result


class PeriodForm(SetupForm):
    program_choices = {"criteria_set": (CriteriaSet, "program")}

    class Meta:
        model = SystematizationPeriod
        fields = ["code", "name_en", "name_es", "start_date", "end_date", "criteria_set"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}


class SuccessFactorForm(SetupForm):
    class Meta:
        model = SuccessFactor
        fields = ["code", "number", "name_en", "name_es", "description_en", "description_es"]
        fields += ["order"]
        widgets = {"description_en": TEXT, "description_es": TEXT}


class CaseTypeForm(SetupForm):
    class Meta:
        model = CaseType
        fields = ["code", "name_en", "name_es", "description_en", "description_es", "order"]
        widgets = {"description_en": TEXT, "description_es": TEXT}


class InformantForm(SetupForm):
    program_choices = {"case_type": (CaseType, "program")}

    class Meta:
        model = Informant
        fields = ["code", "case_type", "institution", "role_en", "role_es", "listed_as"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.order_by("code")


class GuideForm(SetupForm):
    """A part of the interview guide: a scope with its analysis categories and questions."""

    categories = RowsField(
        label=_("Analysis categories"),
        columns=("code", "name_en", "name_es"),
        required_columns=2,
        help_text=_("One per line: code | name (English) | name (Spanish)."),
    )
    questions = RowsField(
        label=_("Questions"),
        columns=("text_en", "text_es"),
        required_columns=1,
        help_text=_("One per line, numbered in order: text (English) | text (Spanish)."),
    )

    class Meta:
        model = AnalysisScope
        fields = ["code", "name_en", "name_es", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["categories"] = [
                {"code": c.code, "name_en": c.name_en, "name_es": c.name_es}
                for c in self.instance.categories.order_by("order", "code")
            ]
            self.initial["questions"] = [
                {"text_en": q.text_en, "text_es": q.text_es}
                for q in self.instance.questions.order_by("number")
            ]

    @staticmethod
    def question_rows(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{"number": n, **row} for n, row in enumerate(rows, start=1)]


class LessonForm(SetupForm):
    key_fields = ("period", "factor", "kind", "number")
    program_choices = {
        "period": (SystematizationPeriod, "program"),
        "factor": (SuccessFactor, "program"),
    }

    class Meta:
        model = Lesson
        fields = [
            "period",
            "factor",
            "kind",
            "number",
            "text_en",
            "text_es",
            "evidence_en",
            "evidence_es",
        ]
        widgets = dict.fromkeys(("text_en", "text_es", "evidence_en", "evidence_es"), TEXT)


class RecommendationForm(SetupForm):
    key_fields = ("period", "code")
    program_choices = {
        "period": (SystematizationPeriod, "program"),
        "factor": (SuccessFactor, "program"),
    }

    class Meta:
        model = Recommendation
        fields = ["period", "code", "factor", "order", "text_en", "text_es"]
        widgets = {"text_en": TEXT, "text_es": TEXT}
