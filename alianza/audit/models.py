"""The audit trail: one ChangeRecord per create, update or delete, written by services."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from alianza.audit.querysets import ChangeRecordQuerySet


class Operation(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


class ChangeRecord(models.Model):
    """Who changed which record, when, and what it looked like before and after.

    Written in the same transaction as the change it describes. Never edited:
    the trail only grows.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    operation = models.CharField(_("operation"), max_length=10, choices=Operation.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("record id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("record"), max_length=255)
    # The program the record belongs to, as a plain id: the trail outlives records
    # and must not depend on the apps it audits. Null for reference lists.
    program_id = models.BigIntegerField(_("program"), null=True, blank=True, db_index=True)
    # For a record of no program (an account, a membership, an institution): the
    # institution it concerns, whose members may read the change (with administrators).
    institution_id = models.BigIntegerField(
        _("institution concerned"), null=True, blank=True, db_index=True
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    source = models.CharField(
        _("source"),
        max_length=40,
        blank=True,
        help_text=_("web, api, admin, or the command that wrote it"),
    )
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    client_request_id = models.CharField(
        _("client's request id"),
        max_length=64,
        blank=True,
        help_text=_("The X-Request-ID the client sent, when it was a plain token"),
    )
    # Set on the records a delete wrote for the rows it took with it (or changed): the
    # record of the delete that caused them.
    cascade_of = models.ForeignKey(
        "self",
        verbose_name=_("caused by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascaded",
    )

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        when = f"{self.created_at:%Y-%m-%d %H:%M}" if self.created_at else ""
        return f"{when} {self.actor_username or '—'} {self.action}".strip()

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError(
                "The audit trail is append-only: a change record is never edited."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only: a change record is never deleted.")

    @property
    def model_label(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}"

    def field_changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = self.changed_fields or sorted(set(before) | set(after))
        return [(key, before.get(key), after.get(key)) for key in keys]
