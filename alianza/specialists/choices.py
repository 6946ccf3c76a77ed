from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    """How much the host institution needs a position (the risk plan keeps essential ones
    first)."""

    ESSENTIAL = "essential", _("Essential")
    IMPORTANT = "important", _("Important")
    SUPPORTING = "supporting", _("Supporting")


#: Priorities from the most needed to the least (the risk plan ranks positions in this order).
PRIORITY_ORDER = (Priority.ESSENTIAL, Priority.IMPORTANT, Priority.SUPPORTING)


class RenewalDecision(models.TextChoices):
    """What the partners decided about a contract that ends: empty while undecided."""

    RENEW = "renew", _("Renew")
    NOT_RENEW = "not_renew", _("Do not renew")


class NoticeTopic(models.TextChoices):
    """What a notice to the specialists is about (report, second phase's good practice)."""

    RIGHTS = "rights", _("Rights and obligations")
    INSURANCE = "insurance", _("Insurance")
    RENEWAL = "renewal", _("Renewal process")
    OTHER = "other", _("Other")


class ReadChannel(models.TextChoices):
    """Where a specialist's personal data was read."""

    PAGE = "page", _("Page")
    API = "api", _("API")
    EXPORT = "export", _("Export")
