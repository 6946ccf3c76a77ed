"""Evidence from informants: case types, informants (without names), interviews and
their coded excerpts, the question bank, the analysis frame, and nominations of
emblematic initiatives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.core.models import SourceNoteMixin, TimeStampedModel, TranslationMarksMixin, localized
from alianza.initiatives.models import code_validator
from alianza.systematization.choices import NominationProminence
from alianza.systematization.querysets import (
    ExcerptQuerySet,
    InformantQuerySet,
    InterviewQuerySet,
    NominationQuerySet,
    ProgramListQuerySet,
    ScopeChildQuerySet,
)


class CaseType(SourceNoteMixin):
    """A type of informant the sample covers (PROCAP: types a-f of section 1.3)."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="case_types",
    )
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")
    description = localized("description")

    objects = ProgramListQuerySet.as_manager()

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["program", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="case_type_unique_code",
                violation_error_message=_("The program already has a case type with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Informant(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A person interviewed, known by a code, a case type and an institution; no name is
    kept."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="informants",
    )
    code = models.CharField(_("code"), max_length=20, validators=[code_validator])
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("case type"), on_delete=models.PROTECT, related_name="informants"
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role_en = models.CharField(_("position (English)"), max_length=255, blank=True)
    role_es = models.CharField(_("position (Spanish)"), max_length=255, blank=True)
    listed_as = models.CharField(
        _("listed as"),
        max_length=100,
        blank=True,
        help_text=_("The informant type as the source prints it."),
    )

    role = localized("role")

    objects = InformantQuerySet.as_manager()

    class Meta:
        verbose_name = _("informant")
        verbose_name_plural = _("informants")
        ordering = ["program", "case_type__order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="informant_unique_code",
                violation_error_message=_("The program already has an informant with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.case_type.code})"

    def clean(self) -> None:
        if self.case_type_id and self.program_id and self.case_type.program_id != self.program_id:
            raise ValidationError(
                {
                    "case_type": _("Informant %(code)s: the case type belongs to another program.")
                    % {"code": self.code}
                }
            )


class Interview(TimeStampedModel, SourceNoteMixin):
    """An interview with an informant in a systematization period."""

    period = models.ForeignKey(
        "systematization.SystematizationPeriod",
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    informant = models.ForeignKey(
        Informant, verbose_name=_("informant"), on_delete=models.PROTECT, related_name="interviews"
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_es = models.TextField(_("notes (Spanish)"), blank=True)

    notes = localized("notes")

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "number"],
                name="interview_unique_number",
                violation_error_message=_("The period already has an interview with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.code} · {_('Interview')} {self.number}"

    def clean(self) -> None:
        if (
            self.informant_id
            and self.period_id
            and self.informant.program_id != self.period.program_id
        ):
            raise ValidationError(
                {
                    "informant": _(
                        "Interview %(number)s: the informant belongs to another program."
                    )
                    % {"number": self.number}
                }
            )

    def audit_program_id(self) -> int:
        return self.period.program_id


class AnalysisScope(SourceNoteMixin):
    """A scope of the analysis (PROCAP: Table 1 and Annex 1)."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="analysis_scopes",
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")

    objects = ProgramListQuerySet.as_manager()

    class Meta:
        verbose_name = _("analysis scope")
        verbose_name_plural = _("analysis scopes")
        ordering = ["program", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="analysis_scope_unique_code",
                violation_error_message=_("The program already has a scope with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("categories", "questions")

    def audit_related(self) -> dict:
        return {
            "categories": [
                {"code": c.code, "name_en": c.name_en, "name_es": c.name_es}
                for c in self.categories.order_by("order", "code")
            ],
            "questions": [
                {
                    "number": q.number,
                    "heading_en": q.heading_en,
                    "text_en": q.text_en,
                    "text_es": q.text_es,
                }
                for q in self.questions.order_by("number")
            ],
        }


class AnalysisCategory(models.Model):
    """A category the information is analysed by, within a scope (Table 1)."""

    scope = models.ForeignKey(
        AnalysisScope,
        verbose_name=_("scope"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=500)
    name_es = models.CharField(_("name (Spanish)"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")

    objects = ScopeChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("analysis category")
        verbose_name_plural = _("analysis categories")
        ordering = ["scope", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "code"],
                name="analysis_category_unique_code",
                violation_error_message=_("The scope already has a category with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_program_id(self) -> int:
        return self.scope.program_id


class Question(TranslationMarksMixin):
    """A question of the interview guide (Annex 1), filed under a scope."""

    scope = models.ForeignKey(
        AnalysisScope,
        verbose_name=_("scope"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    heading_en = models.CharField(_("heading as printed (English)"), max_length=255, blank=True)
    heading_es = models.CharField(_("heading as printed (Spanish)"), max_length=255, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)

    heading = localized("heading")
    text = localized("text")

    objects = ScopeChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["scope", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "number"],
                name="question_unique_number",
                violation_error_message=_("The scope already has a question with this number."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def audit_program_id(self) -> int:
        return self.scope.program_id


class Excerpt(TimeStampedModel):
    """A coded passage of an interview: what it speaks to (analysis categories,
    initiatives, success factors)."""

    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.CASCADE, related_name="excerpts"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="excerpts",
    )
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    categories = models.ManyToManyField(
        AnalysisCategory, verbose_name=_("analysis categories"), blank=True, related_name="excerpts"
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", verbose_name=_("initiatives"), blank=True, related_name="excerpts"
    )
    factors = models.ManyToManyField(
        "systematization.SuccessFactor",
        verbose_name=_("success factors"),
        blank=True,
        related_name="excerpts",
    )

    text = localized("text")

    objects = ExcerptQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview excerpt")
        verbose_name_plural = _("interview excerpts")
        ordering = ["interview", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if not (self.text_en or self.text_es):
            raise ValidationError({"text_en": _("An excerpt needs its text.")})

    def audit_program_id(self) -> int:
        return self.interview.period.program_id

    def audit_related(self) -> dict:
        return {
            "categories": sorted(c.code for c in self.categories.all()),
            "initiatives": sorted(i.number for i in self.initiatives.all()),
            "factors": sorted(f.code for f in self.factors.all()),
        }


class Nomination(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """Informants naming an initiative as emblematic: one informant's nomination, or (with
    no informant) what the source says of the informants as a group."""

    period = models.ForeignKey(
        "systematization.SystematizationPeriod",
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        # Joint work of the partners: an initiative with it cannot be deleted (the
        # service says what refers to it) rather than taking it along unseen.
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    informant = models.ForeignKey(
        Informant,
        verbose_name=_("informant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    prominence = models.CharField(
        _("prominence"),
        max_length=20,
        choices=NominationProminence.choices,
        default=NominationProminence.MENTIONED,
    )
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason_es = models.TextField(_("reason (Spanish)"), blank=True)

    reason = localized("reason")

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["period", "initiative__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "initiative", "informant"],
                condition=Q(informant__isnull=False),
                name="nomination_unique_informant",
                violation_error_message=_("The informant already nominated this initiative."),
            ),
            models.UniqueConstraint(
                fields=["period", "initiative"],
                condition=Q(informant__isnull=True),
                name="nomination_unique_summary",
                violation_error_message=_(
                    "The initiative already has a summary nomination in this period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.code} · #{self.initiative.number} · {self.get_prominence_display()}"

    def clean(self) -> None:
        errors = {}
        if (
            self.initiative_id
            and self.period_id
            and self.initiative.program_id != self.period.program_id
        ):
            errors["initiative"] = _("Nomination: the initiative belongs to another program.")
        if (
            self.informant_id
            and self.period_id
            and self.informant.program_id != self.period.program_id
        ):
            errors["informant"] = _("Nomination: the informant belongs to another program.")
        if errors:
            raise ValidationError(errors)

    def audit_program_id(self) -> int:
        return self.period.program_id
