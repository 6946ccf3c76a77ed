"""The partners' joint risk register: risks scored on likelihood and impact (1-5), their
owners in each institution, treatment actions, and reviews that re-score them over time.

Significance is computed (likelihood x impact); a risk without both scores still needs a
joint assessment and stays off the heat map.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.core.models import OwnedAction, SourceNoteMixin, TimeStampedModel, localized
from alianza.risks.choices import RiskCategory, RiskStatus, significance_level
from alianza.risks.querysets import RiskChildQuerySet, RiskQuerySet

LIKELIHOOD_VALIDATORS = [
    MinValueValidator(
        1, message=_("Likelihood is scored from 1 to 5; %(show_value)s is out of range.")
    ),
    MaxValueValidator(
        5, message=_("Likelihood is scored from 1 to 5; %(show_value)s is out of range.")
    ),
]
IMPACT_VALIDATORS = [
    MinValueValidator(
        1, message=_("Impact is scored from 1 to 5; %(show_value)s is out of range.")
    ),
    MaxValueValidator(
        5, message=_("Impact is scored from 1 to 5; %(show_value)s is out of range.")
    ),
]


SCORE_BOUNDS = Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5)


class Risk(TimeStampedModel, SourceNoteMixin):
    """A risk the partners watch together, with its cause, effect and current score."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="risks",
    )
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=RiskCategory.choices)
    cause_en = models.TextField(_("cause (English)"), blank=True)
    cause_es = models.TextField(_("cause (Spanish)"), blank=True)
    effect_en = models.TextField(_("effect (English)"), blank=True)
    effect_es = models.TextField(_("effect (Spanish)"), blank=True)
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), null=True, blank=True, validators=LIKELIHOOD_VALIDATORS
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), null=True, blank=True, validators=IMPACT_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    title = localized("title")
    cause = localized("cause")
    effect = localized("effect")

    objects = RiskQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="risk_unique_number",
                violation_error_message=_("The program already has a risk with this number."),
            ),
            models.CheckConstraint(
                condition=(Q(likelihood__isnull=True) & Q(impact__isnull=True)) | SCORE_BOUNDS,
                name="risk_scores_in_range",
                violation_error_message=_(
                    "Likelihood and impact are scored together, each from 1 to 5."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"R{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "risks:risk_detail", kwargs={"code": self.program.code, "number": self.number}
        )

    @property
    def label(self) -> str:
        return _("Risk %(number)s") % {"number": self.number}

    @property
    def significance(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    @property
    def significance_level(self) -> str | None:
        return significance_level(self.significance)

    @property
    def needs_assessment(self) -> bool:
        return self.significance is None

    def review_due(self, as_of: date) -> bool:
        return bool(self.next_review_on and self.next_review_on <= as_of)

    def clean(self) -> None:
        errors = {}
        if not (self.title_en or self.title_es):
            errors["title_es"] = _("%(record)s needs a title in Spanish or English.") % {
                "record": self.label
            }
        if (self.likelihood is None) != (self.impact is None):
            missing = "impact" if self.impact is None else "likelihood"
            errors[missing] = _(
                "%(record)s: likelihood and impact are assessed together; give both or neither."
            ) % {"record": self.label}
        if self.initiative_id and self.program_id and self.initiative.program_id != self.program_id:
            errors["initiative"] = _("%(record)s: the initiative belongs to another program.") % {
                "record": self.label
            }
        if errors:
            raise ValidationError(errors)

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("owners",)

    def audit_related(self) -> dict:
        return {
            "owners": [
                {"institution": o.institution.code, "user": o.user_id, "name": o.name}
                for o in self.owners.select_related("institution").order_by("institution__code")
            ]
        }


class RiskOwner(models.Model):
    """Who owns a risk in one institution."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="owners"
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_risks",
    )
    name = models.CharField(_("name or position"), max_length=255, blank=True)

    objects = RiskChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk owner")
        verbose_name_plural = _("risk owners")
        constraints = [
            models.UniqueConstraint(fields=["risk", "institution"], name="risk_owner_unique"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="risk_owner_names_someone",
                violation_error_message=_("Name the owner or pick a user."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.user or self.name}"


class RiskAction(OwnedAction):
    """A treatment action for a risk, with its owner and due date."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="actions"
    )

    objects = RiskChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("treatment action")
        verbose_name_plural = _("treatment actions")
        ordering = ["risk", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.risk.label}: {self.description[:60]}"

    def audit_program_id(self) -> int:
        return self.risk.program_id

    def clean(self) -> None:
        errors = self.action_errors()
        if errors:
            raise ValidationError(errors)


class RiskReview(TimeStampedModel):
    """A dated review of a risk: its score then, notes, and when to look again."""

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), null=True, blank=True, validators=LIKELIHOOD_VALIDATORS
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), null=True, blank=True, validators=IMPACT_VALIDATORS
    )
    notes = models.TextField(_("notes"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    objects = RiskChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["risk", "-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(likelihood__isnull=True) & Q(impact__isnull=True)) | SCORE_BOUNDS,
                name="risk_review_scores_in_range",
                violation_error_message=_(
                    "Likelihood and impact are scored together, each from 1 to 5."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk.label} · {self.reviewed_on}"

    def audit_program_id(self) -> int:
        return self.risk.program_id

    @property
    def significance(self) -> int | None:
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    def clean(self) -> None:
        if (self.likelihood is None) != (self.impact is None):
            missing = "impact" if self.impact is None else "likelihood"
            raise ValidationError(
                {missing: _("Likelihood and impact are assessed together; give both or neither.")}
            )
        if self.next_review_on and self.reviewed_on and self.next_review_on <= self.reviewed_on:
            raise ValidationError(
                {"next_review_on": _("The next review must come after this one.")}
            )
