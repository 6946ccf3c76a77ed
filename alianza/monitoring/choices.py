from django.db import models
from django.utils.translation import gettext_lazy as _


class PaceStatus(models.TextChoices):
    AHEAD = "ahead", _("Spending ahead")
    BEHIND = "behind", _("Spending stalled")
    ON_TRACK = "on_track", _("On track")


class AlertKind(models.TextChoices):
    DELIVERABLE_DUE = "deliverable_due", _("Deliverable due soon")
    DELIVERABLE_LATE = "deliverable_late", _("Deliverable late")
    PACE_FLAG = "pace_flag", _("Spending pace flagged")
    RISK_REVIEW_DUE = "risk_review_due", _("Risk review due")
    ACTION_OVERDUE = "action_overdue", _("Action overdue")
    DISPUTE_WAITING = "dispute_waiting", _("Dispute waiting for an answer")
    CONTRACT_ENDING = "contract_ending", _("Service contract ending without a renewal decision")
