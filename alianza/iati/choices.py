"""Choices of the IATI app's records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    ACTIVITIES = "activities", _("Registry activities")
    PROGRAM = "program", _("Program")


class IssueKind(models.TextChoices):
    """What an issue found in an imported file is about (alianza.iati.quality)."""

    SCHEMA = "schema", _("schema")
    CODELIST = "codelist", _("codelist")
    RULE = "rule", _("rule")
    FILE = "file", _("file")
    DUPLICATE = "duplicate", _("repeated identifier")
    SYNTAX = "syntax", _("XML syntax")
    NOTE = "note", _("note")


class IssueSeverity(models.TextChoices):
    ERROR = "error", _("error")
    WARNING = "warning", _("warning")


class ImportOutcome(models.TextChoices):
    """What an import did with one activity (alianza.iati.importer.pipeline)."""

    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")
    REJECTED = "rejected", _("rejected")
    WOULD_CREATE = "would_create", _("would be created")
    WOULD_UPDATE = "would_update", _("would be updated")
    SKIPPED = "skipped", _("skipped")


class ImportReason(models.TextChoices):
    """Why an activity was rejected or skipped, or left as it was."""

    REPEATED = "repeated", _("repeated in the file")
    SCHEMA = "schema", _("not valid against the schema")
    INVALID = "invalid", _("refused by the registry's rules")
    PERMISSION = "permission", _("not permitted")
    OTHER_PROGRAM = "other_program", _("registered under another program")
    NO_CHANGE = "no_change", _("no change")


class FieldChange(models.TextChoices):
    """How a field of an activity changes in an import."""

    CREATE = "create", _("new")
    UPDATE = "update", _("changed")


def label(choices: type[models.TextChoices], value: str) -> str:
    """The label of a code, or the code itself when the choices do not know it."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
