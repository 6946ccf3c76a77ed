from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionValue(models.TextChoices):
    """An assessor's verdict on one good-practice criterion."""

    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSABLE = "not_assessable", _("Not assessable")


class ValueOrigin(models.TextChoices):
    """Where a consolidated value comes from."""

    AGREEMENT = "agreement", _("Assessors agree")
    SETTLED = "settled", _("Settled by a coordinator")


class NominationProminence(models.TextChoices):
    """How often informants named an initiative as emblematic, as the source puts it."""

    MOST_FREQUENT = "most_frequent", _("Most frequently mentioned")
    REPEATED = "repeated", _("Mentioned repeatedly")
    MENTIONED = "mentioned", _("Mentioned")


class LessonKind(models.TextChoices):
    LESSON_LEARNED = "lesson_learned", _("Lesson learned")
    GOOD_PRACTICE = "good_practice", _("Good practice")


class ResponseKind(models.TextChoices):
    """A partner's management response to a recommendation (UNDP ERC)."""

    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    REJECTED = "rejected", _("Rejected")


class ActionStatus(models.TextChoices):
    """Where a key action stands; 'overdue' is computed from the due date, never stored."""

    NOT_STARTED = "not_started", _("Not started")
    INITIATED = "initiated", _("Initiated")
    COMPLETED = "completed", _("Completed")
    NO_LONGER_APPLICABLE = "no_longer_applicable", _("No longer applicable")


#: Statuses that close an action: it can no longer be overdue.
CLOSED_ACTION_STATUSES = frozenset({ActionStatus.COMPLETED, ActionStatus.NO_LONGER_APPLICABLE})


class ReportItemKind(models.TextChoices):
    """How a program's own report numbers one of its figures."""

    FIGURE = "figure", _("Figure")
    TABLE = "table", _("Table")
