from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyInstrumentKind(models.TextChoices):
    LAW = "law", _("Law")
    NATIONAL_PLAN = "national_plan", _("National development plan")
    NATIONAL_PROGRAM = "national_program", _("National program")
    SECTORAL_PROGRAM = "sectoral_program", _("Sectoral program")
    OTHER = "other", _("Other")


class ProvisionKind(models.TextChoices):
    TITLE = "title", _("Title")
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    FRACTION = "fraction", _("Fraction")
    SECTION = "section", _("Section")
    OBJECTIVE = "objective", _("Objective")
    STRATEGY = "strategy", _("Strategy")
    LINE_OF_ACTION = "line_of_action", _("Line of action")
