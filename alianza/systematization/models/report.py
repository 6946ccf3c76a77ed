"""A program's own report numbering: the number (and, where the report words it otherwise,
the title) its report gives each of the figures Alianza rebuilds. PROCAP's come from its
reference data ("Figure 9" for the analysis matrix); a program without any gets plain titles.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alianza.core.models import TimeStampedModel, localized
from alianza.systematization.choices import ReportItemKind
from alianza.systematization.querysets import ProgramListQuerySet


class ReportNumber(TimeStampedModel):
    """The number a program's report gives one figure or table (by the figure's key:
    `criteria-matrix`, `cost-by-initiative`, `lessons-by-factor`, `scheme-<code>`,
    `cost-by-<code>`)."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="report_numbers",
    )
    figure = models.CharField(
        _("figure"),
        max_length=100,
        help_text=_(
            "Key of the figure: criteria-matrix, cost-by-initiative, lessons-by-factor, "
            "scheme-<scheme code> or cost-by-<scheme code>."
        ),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReportItemKind.choices, default=ReportItemKind.FIGURE
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title_en = models.CharField(
        _("title in the report (English)"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the figure keeps the title Alianza gives it."),
    )
    title_es = models.CharField(_("title in the report (Spanish)"), max_length=255, blank=True)

    title = localized("title")

    objects = ProgramListQuerySet.as_manager()

    class Meta:
        verbose_name = _("report number")
        verbose_name_plural = _("report numbers")
        ordering = ["program", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "figure"],
                name="systematization_report_number_unique",
                violation_error_message=_("The program's report already numbers this figure."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.label}"

    @property
    def label(self) -> str:
        """ "Figure 9", "Table 7" in the active language."""
        if self.kind == ReportItemKind.TABLE:
            return gettext("Table %(number)s") % {"number": self.number}
        return gettext("Figure %(number)s") % {"number": self.number}
