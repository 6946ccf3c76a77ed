"""Assessments of initiatives against the criteria, and their consolidated result."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alianza.core.models import SourceNoteMixin, TimeStampedModel, TranslationMarksMixin, localized
from alianza.systematization.choices import CriterionValue, ValueOrigin
from alianza.systematization.querysets import (
    AssessmentItemQuerySet,
    AssessmentQuerySet,
    ConsolidatedResultQuerySet,
    ConsolidatedValueQuerySet,
)


def _same_program(initiative, period, errors: dict, label) -> None:
    if initiative is not None and period is not None and initiative.program_id != period.program_id:
        errors["initiative"] = _("%(record)s: the initiative belongs to another program.") % {
            "record": label
        }


class Assessment(TimeStampedModel, SourceNoteMixin):
    """One assessor's scoring of one initiative against the period's criteria."""

    period = models.ForeignKey(
        "systematization.SystematizationPeriod",
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        # Joint work of the partners: an initiative with it cannot be deleted (the
        # service says what refers to it) rather than taking it along unseen.
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    assessor_label = models.CharField(
        _("assessor"),
        max_length=255,
        help_text=_("Who assessed, as shown (a user name, or a team when no user did)."),
    )
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_es = models.TextField(_("notes (Spanish)"), blank=True)

    notes = localized("notes")

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["period", "initiative__number", "assessor_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "initiative", "assessor"],
                condition=Q(assessor__isnull=False),
                name="assessment_unique_assessor",
                violation_error_message=_(
                    "This assessor already assessed the initiative in this period."
                ),
            ),
            models.UniqueConstraint(
                fields=["period", "initiative", "assessor_label"],
                condition=Q(assessor__isnull=True),
                name="assessment_unique_label",
                violation_error_message=_(
                    "This assessor already assessed the initiative in this period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.code} · #{self.initiative.number} · {self.assessor_label}"

    def clean(self) -> None:
        errors: dict = {}
        _same_program(
            self.initiative if self.initiative_id else None,
            self.period if self.period_id else None,
            errors,
            _("Assessment by %(who)s") % {"who": self.assessor_label},
        )
        if errors:
            raise ValidationError(errors)

    def audit_program_id(self) -> int:
        return self.period.program_id

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("items",)

    def audit_related(self) -> dict:
        return {
            "items": {
                item.criterion.code: {
                    "value": item.value,
                    "evidence_en": item.evidence_en,
                    "evidence_es": item.evidence_es,
                    "links": item.links,
                    "excerpts": sorted(e.pk for e in item.excerpts.all()),
                    "is_reconstructed": item.is_reconstructed,
                    "source_note_en": item.source_note_en,
                    "source_note_es": item.source_note_es,
                    "translated_fields": item.translated_fields,
                }
                for item in self.items.select_related("criterion").order_by("criterion__number")
            }
        }


class AssessmentItem(SourceNoteMixin, TranslationMarksMixin):
    """An assessor's verdict on one criterion, with its evidence. Items reconstructed from
    a narrative source (not scored by an assessor) say so and carry a source note."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="items"
    )
    criterion = models.ForeignKey(
        "systematization.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="assessment_items",
    )
    value = models.CharField(_("value"), max_length=20, choices=CriterionValue.choices)
    evidence_en = models.TextField(_("evidence (English)"), blank=True)
    evidence_es = models.TextField(_("evidence (Spanish)"), blank=True)
    links = models.TextField(
        _("linked documents"), blank=True, help_text=_("One address per line.")
    )
    excerpts = models.ManyToManyField(
        "systematization.Excerpt",
        verbose_name=_("interview excerpts"),
        blank=True,
        related_name="assessment_items",
    )
    is_reconstructed = models.BooleanField(
        _("reconstructed from the narrative"),
        default=False,
        help_text=_("The source gives no cell-by-cell value; it was inferred from its text."),
    )

    evidence = localized("evidence")

    objects = AssessmentItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="assessment_item_unique_criterion",
                violation_error_message=_("The assessment already scores this criterion."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}={self.value}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if (
            self.criterion_id
            and self.assessment_id
            and self.criterion.criteria_set_id != self.assessment.period.criteria_set_id
        ):
            errors["criterion"] = _(
                "'%(criterion)s' is not a criterion of the set '%(set)s' used in period %(period)s."
            ) % {
                "criterion": self.criterion.code,
                "set": self.assessment.period.criteria_set.code,
                "period": self.assessment.period.code,
            }
        validate = URLValidator(schemes=["http", "https"])
        for line in self.link_list:
            try:
                validate(line)
            except ValidationError:
                errors.setdefault("links", []).append(
                    _("'%(link)s' is not a web address (http or https).") % {"link": line}
                )
        if self.is_reconstructed and not (self.source_note_en or self.source_note_es):
            errors["source_note_en"] = _(
                "A value reconstructed from a narrative needs a source note saying where from."
            )
        if errors:
            raise ValidationError(errors)


class ConsolidatedResult(TimeStampedModel, SourceNoteMixin):
    """The agreed result of an initiative in a period: one per initiative and period.

    Its per-criterion values come from the assessors where they agree, and from a
    coordinator's settlement where they do not. The count of criteria met and the
    flagship status are computed from them (`ConsolidatedResult.objects.with_counts()`).
    A special mention is a coordinator's hand choice, with a reason.
    """

    period = models.ForeignKey(
        "systematization.SystematizationPeriod",
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        # Joint work of the partners: an initiative with it cannot be deleted (the
        # service says what refers to it) rather than taking it along unseen.
        on_delete=models.PROTECT,
        related_name="consolidated_results",
    )
    consolidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consolidated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_special_mention = models.BooleanField(_("special mention"), default=False)
    special_mention_reason_en = models.TextField(
        _("reason for the special mention (English)"), blank=True
    )
    special_mention_reason_es = models.TextField(
        _("reason for the special mention (Spanish)"), blank=True
    )
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_es = models.TextField(_("notes (Spanish)"), blank=True)

    special_mention_reason = localized("special_mention_reason")
    notes = localized("notes")

    objects = ConsolidatedResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("consolidated result")
        verbose_name_plural = _("consolidated results")
        ordering = ["period", "initiative__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "initiative"],
                name="consolidated_result_unique",
                violation_error_message=_(
                    "The initiative already has a consolidated result in this period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.code} · #{self.initiative.number}"

    def clean(self) -> None:
        errors: dict = {}
        label = _("Consolidated result of initiative %(number)s") % {
            "number": self.initiative.number if self.initiative_id else "?"
        }
        _same_program(
            self.initiative if self.initiative_id else None,
            self.period if self.period_id else None,
            errors,
            label,
        )
        if self.is_special_mention and not (
            self.special_mention_reason_en or self.special_mention_reason_es
        ):
            errors["special_mention_reason_en"] = _(
                "%(record)s: a special mention needs a reason."
            ) % {"record": label}
        if errors:
            raise ValidationError(errors)

    def audit_program_id(self) -> int:
        return self.period.program_id

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("values",)

    def audit_related(self) -> dict:
        return {
            "values": {
                v.criterion.code: {
                    "value": v.value,
                    "origin": v.origin,
                    "settled_by": v.settled_by_id,
                    "reason_en": v.reason_en,
                    "reason_es": v.reason_es,
                }
                for v in self.values.select_related("criterion").order_by("criterion__number")
            }
        }


class ConsolidatedValue(models.Model):
    """The consolidated value of one criterion; empty while assessors disagree and no
    coordinator has settled it."""

    result = models.ForeignKey(
        ConsolidatedResult,
        verbose_name=_("consolidated result"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    criterion = models.ForeignKey(
        "systematization.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="consolidated_values",
    )
    value = models.CharField(
        _("value"), max_length=20, choices=CriterionValue.choices, null=True, blank=True
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=ValueOrigin.choices, default=ValueOrigin.AGREEMENT
    )
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason_es = models.TextField(_("reason (Spanish)"), blank=True)

    reason = localized("reason")

    objects = ConsolidatedValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("consolidated value")
        verbose_name_plural = _("consolidated values")
        ordering = ["result", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "criterion"],
                name="consolidated_value_unique_criterion",
                violation_error_message=_("The result already has a value for this criterion."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}={self.value or '?'}"
