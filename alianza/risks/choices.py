from django.db import models
from django.utils.translation import gettext_lazy as _

from alianza.core.models import ActionStatus  # noqa: F401 (the actions' status)


class RiskCategory(models.TextChoices):
    """UNDP's enterprise risk management categories."""

    SOCIAL_ENVIRONMENTAL = "social_environmental", _("Social and environmental")
    FINANCIAL = "financial", _("Financial")
    OPERATIONAL = "operational", _("Operational")
    ORGANIZATIONAL = "organizational", _("Organizational")
    POLITICAL = "political", _("Political")
    REGULATORY = "regulatory", _("Regulatory")
    STRATEGIC = "strategic", _("Strategic")
    SAFETY_SECURITY = "safety_security", _("Safety and security")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SignificanceLevel(models.TextChoices):
    """Bands of likelihood x impact (1-25) used to colour the heat map."""

    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    SUBSTANTIAL = "substantial", _("Substantial")
    HIGH = "high", _("High")


def significance_level(score: int | None) -> str | None:
    """1-4 low, 5-9 moderate, 10-14 substantial, 15-25 high."""
    if score is None:
        return None
    if score >= 15:
        return SignificanceLevel.HIGH
    if score >= 10:
        return SignificanceLevel.SUBSTANTIAL
    if score >= 5:
        return SignificanceLevel.MODERATE
    return SignificanceLevel.LOW
