"""Good-practice criteria sets (with their selection rule) and systematization periods."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alianza.core.dates import format_partial_range
from alianza.core.models import DatePrecision, SourceNoteMixin, TimeStampedModel, localized
from alianza.initiatives.models import code_validator
from alianza.systematization.querysets import (
    CriteriaSetQuerySet,
    CriterionQuerySet,
    PeriodQuerySet,
)


class CriteriaSet(TimeStampedModel, SourceNoteMixin):
    """A program's good-practice criteria and the rule that makes an initiative a flagship.

    The rule is data: an initiative is a flagship when the criteria that count which it
    meets reach `flagship_threshold`, including every required one. Each criterion adds its
    `weight` (1 unless the program weighs its criteria, so that the threshold is then a
    number of criteria, as in PROCAP's rule of 11 of 16). The
    program aims at one flagship per term of `balance_scheme` (PROCAP: per UN support
    dimension); special mentions are chosen by hand, with a reason.
    """

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="criteria_sets",
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    flagship_threshold = models.PositiveSmallIntegerField(
        _("flagship threshold"),
        validators=[MinValueValidator(1)],
        help_text=_(
            "An initiative is a flagship when the criteria it meets add up to at least this "
            "(each criterion adds its weight, 1 unless weighted)."
        ),
    )
    balance_scheme = models.ForeignKey(
        "initiatives.ClassificationScheme",
        verbose_name=_("one flagship per term of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The program aims at one flagship per term of this classification."),
    )

    name = localized("name")
    description = localized("description")

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["program", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="criteria_set_unique_code",
                violation_error_message=_("The program already has a criteria set with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"

    def clean(self) -> None:
        if (
            self.balance_scheme_id
            and self.program_id
            and self.balance_scheme.program_id != self.program_id
        ):
            raise ValidationError(
                {
                    "balance_scheme": _(
                        "Criteria set %(code)s: the classification scheme belongs to another "
                        "program."
                    )
                    % {"code": self.code}
                }
            )

    # The cascading relations whose rows audit_related() shows: deleting this record
    # records them in its own snapshot, not one by one (see audit.delete_and_record).
    audit_owned = ("criteria",)

    def audit_related(self) -> dict:
        return {
            "criteria": [
                {
                    "number": c.number,
                    "code": c.code,
                    "name_en": c.name_en,
                    "name_es": c.name_es,
                    "counts_toward_threshold": c.counts_toward_threshold,
                    "is_required": c.is_required,
                    "weight": c.weight,
                }
                for c in self.criteria.order_by("number")
            ]
        }


class Criterion(SourceNoteMixin):
    """One good-practice criterion of a set."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    counts_toward_threshold = models.BooleanField(
        _("counts toward the threshold"),
        default=True,
        help_text=_("Criteria that do not count are recorded and shown, but not counted."),
    )
    is_required = models.BooleanField(
        _("required for a flagship"),
        default=False,
        help_text=_("A flagship must meet this criterion whatever its count."),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "What meeting this criterion adds toward the flagship threshold (1 unless the "
            "program weighs its criteria)."
        ),
    )

    name = localized("name")
    description = localized("description")

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"],
                name="criterion_unique_code",
                violation_error_message=_("The set already has a criterion with this code."),
            ),
            models.UniqueConstraint(
                fields=["criteria_set", "number"],
                name="criterion_unique_number",
                violation_error_message=_("The set already has a criterion with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def clean(self) -> None:
        if self.is_required and not self.counts_toward_threshold:
            raise ValidationError(
                {
                    "is_required": _(
                        "Criterion %(code)s: a required criterion must count toward the threshold."
                    )
                    % {"code": self.code}
                }
            )

    def audit_program_id(self) -> int:
        return self.criteria_set.program_id


class SystematizationPeriod(TimeStampedModel, SourceNoteMixin):
    """A round of systematization of a program (PROCAP: 2013-2019), assessed against one
    criteria set. Assessments, interviews, lessons and recommendations belong to one."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="systematization_periods",
    )
    code = models.CharField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    start_date = models.DateField(_("start"))
    start_precision = models.CharField(
        _("start precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end_date = models.DateField(_("end"))
    end_precision = models.CharField(
        _("end precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="periods",
    )

    name = localized("name")

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("systematization period")
        verbose_name_plural = _("systematization periods")
        ordering = ["program", "-end_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="systematization_period_unique_code",
                violation_error_message=_("The program already has a period with this code."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="systematization_period_ends_after_start",
                violation_error_message=_("A systematization period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _(
                "Period %(code)s ends (%(end)s) before it starts (%(start)s)."
            ) % {
                "code": self.code,
                "end": self.end_date.isoformat(),
                "start": self.start_date.isoformat(),
            }
        if (
            self.criteria_set_id
            and self.program_id
            and self.criteria_set.program_id != self.program_id
        ):
            errors["criteria_set"] = _(
                "Period %(code)s: the criteria set belongs to another program."
            ) % {"code": self.code}
        if errors:
            raise ValidationError(errors)

    @property
    def display(self) -> str:
        return format_partial_range(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )
