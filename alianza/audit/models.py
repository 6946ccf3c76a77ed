"""The audit trail: one ChangeRecord per create, update or delete, written by services."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from alianza.audit.querysets import ChangeRecordQuerySet


class Operation(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


#: How each verb of an action ("<app>.<model>.<verb>") reads in a change log, as a noun in
#: Spanish ("Modificación de iniciativa") so that it needs no gender. Verbs are shared by
#: every kind of record; one missing here is shown with its underscores as spaces.
VERBS = {
    "create": pgettext_lazy("audit action", "created"),
    "update": pgettext_lazy("audit action", "updated"),
    "delete": pgettext_lazy("audit action", "deleted"),
    "set_password": pgettext_lazy("audit action", "password changed"),
    "set_membership": pgettext_lazy("audit action", "membership changed"),
    "set_partner": pgettext_lazy("audit action", "partner set"),
    "email": pgettext_lazy("audit action", "emailed"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "review": pgettext_lazy("audit action", "reviewed"),
    "terminate": pgettext_lazy("audit action", "terminated"),
    "sync": pgettext_lazy("audit action", "synchronised"),
    "sign": pgettext_lazy("audit action", "signed"),
    "settle": pgettext_lazy("audit action", "settled"),
    "publish": pgettext_lazy("audit action", "published"),
    "opinion": pgettext_lazy("audit action", "opinion given"),
    "open": pgettext_lazy("audit action", "opened"),
    "close": pgettext_lazy("audit action", "closed"),
    "follow_up": pgettext_lazy("audit action", "followed up"),
    "decide": pgettext_lazy("audit action", "decided"),
    "appoint_expert": pgettext_lazy("audit action", "expert appointed"),
    "agree_criteria": pgettext_lazy("audit action", "criteria agreed"),
}


def model_of(content_type_id: int) -> type[models.Model] | None:
    """The model a content type names (from Django's cache: no query after the first)."""
    return ContentType.objects.get_for_id(content_type_id).model_class()


def field_label(model: type[models.Model] | None, name: str) -> str:
    """A field of a snapshot by its verbose name in the active language ("title_es":
    "Título (español)"); a child list (periods, costs) by its model's plural name."""
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    label = getattr(field, "verbose_name", None)
    if label is None and field.related_model is not None:
        label = field.related_model._meta.verbose_name_plural
    return capfirst(str(label)) if label else name


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

    @property
    def action_label(self) -> str:
        """The action as people read it, in the active language: the record's kind (its
        model's verbose name) and the verb ("Initiative updated", "Modificación de
        iniciativa"). The code stays in `action`."""
        model = model_of(self.content_type_id)
        parts = self.action.split(".")
        record = model._meta.verbose_name if model else parts[-2] if len(parts) > 1 else ""
        verb = parts[-1]
        verb_label = VERBS.get(verb, verb.replace("_", " "))
        return capfirst(
            pgettext("audit action", "%(record)s %(verb)s") % {"record": record, "verb": verb_label}
        )

    @property
    def changed_field_labels(self) -> list[str]:
        """The changed fields by their names in the active language."""
        model = model_of(self.content_type_id)
        return [field_label(model, name) for name in self.changed_fields or []]

    def field_changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field that differs."""
        before = self.before or {}
        after = self.after or {}
        keys = self.changed_fields or sorted(set(before) | set(after))
        return [(key, before.get(key), after.get(key)) for key in keys]

    def labelled_field_changes(self) -> list[tuple[str, str, object, object]]:
        """(field code, its label, before, after) for every field that differs."""
        model = model_of(self.content_type_id)
        return [(key, field_label(model, key), b, a) for key, b, a in self.field_changes()]
