"""Choices of the IATI app's records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    ACTIVITIES = "activities", _("Registry activities")
    PROGRAM = "program", _("Program")
