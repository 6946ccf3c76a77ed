from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentVersionKind(models.TextChoices):
    ORIGINAL = "original", _("Original project document")
    SUBSTANTIVE_REVISION = "substantive_revision", _("Substantive revision")
    PHASE_DOCUMENT = "phase_document", _("Phase project document")


class FundingSourceKind(models.TextChoices):
    PARTNER_CONTRIBUTION = "partner_contribution", _("Partner contribution")
    SEED_CAPITAL = "seed_capital", _("Seed capital")
    PROJECT_TRANSFER = "project_transfer", _("Transfer from another project")


class AmountKind(models.TextChoices):
    CONTRIBUTION_INCREASE = "contribution_increase", _("Contribution increase")
    AWARD_ADJUSTMENT = "award_adjustment", _("Award adjustment")
    TRANSFER_IN = "transfer_in", _("Transfer in")
