"""Choices of the registry: the South-South cooperation conventions used in Ibero-America
(SEGIB's instruments, modalities and roles) on top of IATI's own codelists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    """SEGIB: how the cooperation is organised."""

    PROGRAM = "program", _("Program")
    PROJECT = "project", _("Project")
    ACTION = "action", _("Action")


class Modality(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    TRIANGULAR = "triangular", _("Triangular")
    REGIONAL = "regional", _("Regional")


class SSCRole(models.TextChoices):
    """The part a country or organisation plays in a South-South cooperation scheme."""

    PROVIDER = "provider", _("Provider")
    RECIPIENT = "recipient", _("Recipient")
    BOTH = "both", _("Provider and recipient")
    FIRST_PROVIDER = "first_provider", _("First provider (triangular)")
    SECOND_PROVIDER = "second_provider", _("Second provider (triangular)")


class ExecutingLevel(models.TextChoices):
    """Which level of government (or other) an executing institution belongs to."""

    FEDERAL = "federal", _("Federal agency")
    STATE = "state", _("State government")
    MUNICIPAL = "municipal", _("Municipal government")
    OTHER = "other", _("Other")


class InitiativeRelation(models.TextChoices):
    PRODUCED = "produced", _("The initiative produced this activity")
    SERVED = "served", _("The initiative served this activity")


#: IATI organisation roles (OrganisationRole codelist).
ROLE_FUNDING = "1"
ROLE_ACCOUNTABLE = "2"
ROLE_EXTENDING = "3"
ROLE_IMPLEMENTING = "4"
#: IATI collaboration type 8: triangular co-operation.
COLLABORATION_TRIANGULAR = "8"


class SpreadsheetPhase(models.TextChoices):
    CHECK = "check", _("Preview")
    IMPORT = "import", _("Import")
