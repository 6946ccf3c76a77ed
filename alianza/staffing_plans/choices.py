from django.db import models
from django.utils.translation import gettext_lazy as _


class ScenarioKind(models.TextChoices):
    """How a scenario sets the year's budget for the specialists."""

    CURRENT = "current", _("Current budget")
    CUT = "cut", _("Budget cut by a percentage")
    ENDS = "ends", _("The program ends on a date")
