from django.db import models
from django.utils.translation import gettext_lazy as _


class DeploymentStatus(models.TextChoices):
    """A mission is planned until a coordinator approves it."""

    PLANNED = "planned", _("Planned")
    APPROVED = "approved", _("Approved")


class ChecklistItem(models.TextChoices):
    """The duty-of-care checklist each person deployed to vulnerable populations completes."""

    FIRST_AID = "first_aid", _("Psychological first aid training")
    CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct")
    DATA_PROTECTION = "data_protection", _("Personal data protection guidelines")
    INSURANCE = "insurance", _("Insurance valid for the mission's dates")
    EMERGENCY_CONTACT = "emergency_contact", _("Emergency contact")
