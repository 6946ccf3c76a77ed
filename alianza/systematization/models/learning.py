"""What the systematization teaches: success factors, lessons learned and good practices,
recommendations with each partner's management response, key actions and their
follow-up (as UNDP's Evaluation Resource Centre does for evaluations)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alianza.core.models import SourceNoteMixin, TimeStampedModel, TranslationMarksMixin, localized
from alianza.initiatives.models import code_validator
from alianza.systematization.choices import (
    CLOSED_ACTION_STATUSES,
    ActionStatus,
    LessonKind,
    ResponseKind,
)
from alianza.systematization.querysets import (
    ActionUpdateQuerySet,
    KeyActionQuerySet,
    LessonQuerySet,
    ManagementResponseQuerySet,
    ProgramListQuerySet,
    RecommendationQuerySet,
)


class SuccessFactor(SourceNoteMixin):
    """A success factor lessons and recommendations are organized by (PROCAP: the five
    Capacity Works factors, and the 'results' group Table 7 adds)."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="success_factors",
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Empty for a group outside the model.")
    )
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    name = localized("name")
    description = localized("description")

    objects = ProgramListQuerySet.as_manager()

    class Meta:
        verbose_name = _("success factor")
        verbose_name_plural = _("success factors")
        ordering = ["program", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="success_factor_unique_code",
                violation_error_message=_("The program already has a factor with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _factor_check(obj, errors: dict, label) -> None:
    if obj.factor_id and obj.period_id and obj.factor.program_id != obj.period.program_id:
        errors["factor"] = _("%(record)s: the success factor belongs to another program.") % {
            "record": label
        }


class Lesson(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A lesson learned or a good practice, under a success factor (Table 7), with the
    initiatives and interview excerpts that support it."""

    period = models.ForeignKey(
        "systematization.SystematizationPeriod",
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    factor = models.ForeignKey(
        SuccessFactor,
        verbose_name=_("success factor"),
        on_delete=models.PROTECT,
        related_name="lessons",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LessonKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    evidence_en = models.TextField(_("evidence (English)"), blank=True)
    evidence_es = models.TextField(_("evidence (Spanish)"), blank=True)
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", verbose_name=_("initiatives"), blank=True, related_name="lessons"
    )
    excerpts = models.ManyToManyField(
        "systematization.Excerpt",
        verbose_name=_("interview excerpts"),
        blank=True,
        related_name="lessons",
    )

    text = localized("text")
    evidence = localized("evidence")

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson or good practice")
        verbose_name_plural = _("lessons and good practices")
        ordering = ["period", "factor__order", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "factor", "kind", "number"],
                name="lesson_unique_number",
                violation_error_message=_(
                    "The factor already has a lesson or good practice with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factor} · {self.get_kind_display()} {self.number}"

    def clean(self) -> None:
        errors: dict = {}
        label = _("%(kind)s %(number)s") % {"kind": self.get_kind_display(), "number": self.number}
        if not (self.text_en or self.text_es):
            errors["text_en"] = _("%(record)s needs a text.") % {"record": label}
        _factor_check(self, errors, label)
        if errors:
            raise ValidationError(errors)

    def audit_program_id(self) -> int:
        return self.period.program_id

    def audit_related(self) -> dict:
        return {
            "initiatives": sorted(i.number for i in self.initiatives.all()),
            "excerpts": sorted(e.pk for e in self.excerpts.all()),
        }


class Recommendation(TimeStampedModel, SourceNoteMixin, TranslationMarksMixin):
    """A recommendation of the systematization, under a success factor (section 8)."""

    period = models.ForeignKey(
        "systematization.SystematizationPeriod",
        verbose_name=_("period"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    factor = models.ForeignKey(
        SuccessFactor,
        verbose_name=_("success factor"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    code = models.CharField(_("code"), max_length=20)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    text = localized("text")

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["period", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code"],
                name="recommendation_unique_code",
                violation_error_message=_(
                    "The period already has a recommendation with this code."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    def clean(self) -> None:
        errors: dict = {}
        label = _("Recommendation %(code)s") % {"code": self.code}
        if not (self.text_en or self.text_es):
            errors["text_en"] = _("%(record)s needs a text.") % {"record": label}
        _factor_check(self, errors, label)
        if errors:
            raise ValidationError(errors)

    def audit_program_id(self) -> int:
        return self.period.program_id


class ManagementResponse(TimeStampedModel):
    """A partner institution's response to a recommendation."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    response = models.CharField(_("response"), max_length=20, choices=ResponseKind.choices)
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason_es = models.TextField(_("reason (Spanish)"), blank=True)
    responded_on = models.DateField(_("responded on"), default=timezone.localdate)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    reason = localized("reason")

    objects = ManagementResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("management response")
        verbose_name_plural = _("management responses")
        ordering = ["recommendation", "institution__acronym_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "institution"],
                name="management_response_unique_institution",
                violation_error_message=_("This institution already responded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.code} · {self.institution} · {self.get_response_display()}"

    def clean(self) -> None:
        errors = {}
        label = _("Response of %(institution)s to recommendation %(code)s") % {
            "institution": self.institution if self.institution_id else "?",
            "code": self.recommendation.code if self.recommendation_id else "?",
        }
        if (
            self.institution_id
            and self.recommendation_id
            and not self.recommendation.period.program.partnerships.filter(
                institution_id=self.institution_id
            ).exists()
        ):
            errors["institution"] = _("%(record)s: only a partner of the program responds.") % {
                "record": label
            }
        if (
            self.response
            and self.response != ResponseKind.ACCEPTED
            and not (self.reason_en or self.reason_es)
        ):
            errors["reason_en"] = _(
                "%(record)s: a partial acceptance or a rejection needs a reason."
            ) % {"record": label}
        if errors:
            raise ValidationError(errors)

    def audit_program_id(self) -> int:
        return self.recommendation.period.program_id


class KeyAction(TimeStampedModel):
    """What a partner will do about a recommendation: an owner, a due date, a status."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    owner = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=255, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=30, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    description = localized("description")

    objects = KeyActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("key action")
        verbose_name_plural = _("key actions")
        ordering = ["recommendation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "number"],
                name="key_action_unique_number",
                violation_error_message=_(
                    "The recommendation already has an action with this number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation.code}.{self.number} {self.description[:60]}"

    @property
    def overdue(self) -> bool:
        return self.status not in CLOSED_ACTION_STATUSES and self.due_date < timezone.localdate()

    def clean(self) -> None:
        errors = {}
        if not (self.description_en or self.description_es):
            errors["description_en"] = _("Key action %(number)s needs a description.") % {
                "number": self.number
            }
        if (
            self.owner_id
            and self.recommendation_id
            and not self.recommendation.period.program.partnerships.filter(
                institution_id=self.owner_id
            ).exists()
        ):
            errors["owner"] = _(
                "Key action %(number)s: the owner must be a partner of the program."
            ) % {"number": self.number}
        if self.completed_on and self.status != ActionStatus.COMPLETED:
            errors["completed_on"] = _(
                "Key action %(number)s: only a completed action has a completion date."
            ) % {"number": self.number}
        if errors:
            raise ValidationError(errors)

    def audit_program_id(self) -> int:
        return self.recommendation.period.program_id

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("updates",)

    def audit_related(self) -> dict:
        return {
            "updates": [
                {"status": u.status, "comment_en": u.comment_en, "comment_es": u.comment_es}
                for u in self.updates.order_by("created_at", "pk")
            ]
        }


class ActionUpdate(models.Model):
    """One step of a key action's follow-up history."""

    action = models.ForeignKey(
        KeyAction, verbose_name=_("key action"), on_delete=models.CASCADE, related_name="updates"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=30, choices=ActionStatus.choices)
    comment_en = models.TextField(_("comment (English)"), blank=True)
    comment_es = models.TextField(_("comment (Spanish)"), blank=True)

    comment = localized("comment")

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up update")
        verbose_name_plural = _("follow-up updates")
        ordering = ["action", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} · {self.get_status_display()}"

    def audit_program_id(self) -> int:
        return self.action.recommendation.period.program_id
