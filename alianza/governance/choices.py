from django.db import models
from django.utils.translation import gettext_lazy as _

from alianza.core.models import ActionStatus  # noqa: F401 (the actions' status)


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    EXTRAORDINARY = "extraordinary", _("Extraordinary")


class DisputeSubject(models.TextChoices):
    """What a case is about (recommendation 4a)."""

    CONSULTANCY_QUALITY = "consultancy_quality", _("Quality of a consultancy")
    INITIATIVE_IMPASSE = "initiative_impasse", _("Impasse in an initiative")


class DisputeOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement reached")
    REMEDY = "remedy", _("Corrections required")
    TERMINATION = "termination", _("Contract terminated")
    INITIATIVE_CHANGED = "initiative_changed", _("Initiative redesigned")
    INITIATIVE_CLOSED = "initiative_closed", _("Initiative closed")
    NO_AGREEMENT = "no_agreement", _("No agreement")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DisputeStage(models.TextChoices):
    CRITERIA = "criteria", _("Waiting for all partners to agree the activation criteria")
    EXPERT = "expert", _("Waiting for an expert or panel to be appointed")
    OPINION = "opinion", _("Waiting for the expert's informed opinion")
    DECISION = "decision", _("Waiting for the partners' decision")
    CLOSED = "closed", _("Decided")
