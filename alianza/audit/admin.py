"""Admin pages write the audit trail too, and the trail itself is read-only there."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from alianza.audit import services as audit
from alianza.audit.models import ChangeRecord


class AuditedAdminMixin:
    """Record every add, change and delete made through the admin.

    The change is recorded after the inlines are saved, so that a record that
    owns children (a scheme's terms, a revision's amounts) is seen whole.
    """

    def _action(self, obj, operation: str) -> str:
        return f"{obj._meta.app_label}.{obj._meta.model_name}.{operation}"

    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(stored) if stored else None
        request._audit_pending = (obj, before, change)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj, before, was_change = getattr(request, "_audit_pending", (form.instance, None, change))
        audit.record(
            actor=request.user,
            action=self._action(obj, "update" if was_change else "create"),
            obj=obj,
            before=before if was_change else None,
        )

    def delete_model(self, request, obj):
        # delete_and_record also records every row the delete takes with it (cascade).
        with transaction.atomic():
            audit.delete_and_record(obj, actor=request.user, action=self._action(obj, "delete"))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor_username",
        "actor_institution",
        "action",
        "object_repr",
        "source",
    ]
    list_filter = ["operation", "source", "content_type"]
    search_fields = ["action", "object_repr", "actor_username", "object_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
