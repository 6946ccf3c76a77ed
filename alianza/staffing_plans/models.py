"""Scenarios of the risk plan for the specialists a program pays for.

A scenario sets the budget for the specialists in one year: the current budget (A), the
budget cut by a percentage (B), or the program ending on a date (C: the year is funded up
to that date). The platform proposes which positions to keep within it
(`selectors.scenario_plan`); the coordinators adjust the proposal and save it with a note:
the saved choices (`ScenarioChoice`) are the plan.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alianza.codelists.currencies import DEFAULT_CURRENCY, CurrencyField
from alianza.core.models import TimeStampedModel, localized
from alianza.staffing_plans.choices import ScenarioKind
from alianza.staffing_plans.querysets import ScenarioChoiceQuerySet, ScenarioQuerySet

CENT = Decimal("0.01")


class Scenario(TimeStampedModel):
    """A budget for the program's specialists in one year, and the plan saved for it."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="staffing_scenarios",
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("A, B, C..."))
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ScenarioKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    component = models.ForeignKey(
        "programs.Component",
        verbose_name=_("component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staffing_scenarios",
        help_text=_("The component that pays for the specialists."),
    )
    base_budget = models.DecimalField(
        _("budget for the year"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=_("A budget cannot be negative."))],
        help_text=_("The current budget for the specialists in that year."),
    )
    currency = CurrencyField(_("currency"), default=DEFAULT_CURRENCY)
    cut_percent = models.DecimalField(
        _("cut (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    ends_on = models.DateField(_("the program ends on"), null=True, blank=True)
    risk = models.ForeignKey(
        "risks.Risk",
        verbose_name=_("risk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staffing_scenarios",
        help_text=_("The risk of the joint register this scenario plans for."),
    )
    plan_note = models.TextField(_("note on the plan"), blank=True)
    plan_saved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("plan saved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan_saved_at = models.DateTimeField(_("plan saved at"), null=True, blank=True)

    name = localized("name")

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("staffing scenario")
        verbose_name_plural = _("staffing scenarios")
        ordering = ["program", "year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"],
                name="scenario_unique_code",
                violation_error_message=_("The program already has a scenario with this code."),
            ),
            models.CheckConstraint(
                condition=Q(base_budget__gte=0),
                name="scenario_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}. {self.name}"

    @property
    def label(self) -> str:
        return _("Scenario %(code)s") % {"code": self.code}

    def get_absolute_url(self) -> str:
        return reverse(
            "staffing_plans:scenario_detail", kwargs={"code": self.program.code, "pk": self.pk}
        )

    @property
    def funded_share(self) -> Decimal:
        """The share of the year the program funds: all of it, unless it ends in the year
        (the days up to and including the end date) or before it (none)."""
        if self.kind != ScenarioKind.ENDS or self.ends_on is None:
            return Decimal(1)
        first, last = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        if self.ends_on < first:
            return Decimal(0)
        if self.ends_on >= last:
            return Decimal(1)
        days = 366 if calendar.isleap(self.year) else 365
        return Decimal((self.ends_on - first).days + 1) / Decimal(days)

    @property
    def available_budget(self) -> Decimal:
        """What the scenario leaves for the specialists in the year."""
        budget = self.base_budget or Decimal(0)
        if self.kind == ScenarioKind.CUT:
            budget = budget * (Decimal(100) - (self.cut_percent or 0)) / Decimal(100)
        elif self.kind == ScenarioKind.ENDS:
            budget = budget * self.funded_share
        return budget.quantize(CENT, rounding=ROUND_HALF_UP)

    def clean(self) -> None:
        errors = {}
        record = self.label
        if not (self.name_en or self.name_es):
            errors["name_es"] = _("%(record)s needs a name in Spanish or English.") % {
                "record": record
            }
        if self.base_budget is not None and self.base_budget < 0:
            errors["base_budget"] = _("%(record)s: a budget cannot be negative.") % {
                "record": record
            }
        if self.kind == ScenarioKind.CUT and self.cut_percent is None:
            errors["cut_percent"] = _("%(record)s: give the percentage of the cut.") % {
                "record": record
            }
        if self.kind == ScenarioKind.ENDS and self.ends_on is None:
            errors["ends_on"] = _("%(record)s: give the date the program ends.") % {
                "record": record
            }
        if self.program_id:
            for field in ("component", "risk"):
                linked = getattr(self, field)
                if linked is not None and linked.program_id != self.program_id:
                    errors[field] = _("%(record)s: the %(field)s belongs to another program.") % {
                        "record": record,
                        "field": linked._meta.verbose_name,
                    }
        if errors:
            raise ValidationError(errors)

    audit_owned = ("choices",)

    def audit_related(self) -> dict:
        return {
            "choices": [
                {"position": c.position.code, "keep": c.keep}
                for c in self.choices.select_related("position").order_by("position__code")
            ]
        }


class ScenarioChoice(models.Model):
    """A saved decision of a scenario's plan: this position is kept, or dropped."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.ForeignKey(
        "specialists.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="scenario_choices",
    )
    keep = models.BooleanField(_("kept"))

    objects = ScenarioChoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("scenario decision")
        verbose_name_plural = _("scenario decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "position"],
                name="scenario_choice_once",
                violation_error_message=_("The plan decides on each position once."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scenario.label}: {self.position.code}"

    def audit_program_id(self) -> int:
        return self.scenario.program_id
