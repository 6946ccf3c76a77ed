"""The programs admin. Program, Phase and DocumentVersion are written through their
services (`ServiceAdminMixin`), so that the admin keeps the rules the pages, the API and
the loaders keep: who may change a program's structure, validation, the row lock and the
audit record. The other models are audited by `AuditedAdminMixin`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from alianza.audit import services as audit
from alianza.audit.admin import AuditedAdminMixin
from alianza.programs import services
from alianza.programs.models import (
    Component,
    DocumentVersion,
    DocumentVersionAmount,
    ExpectedProduct,
    ExpectedResult,
    FundingSource,
    GeneralRevision,
    Partnership,
    Phase,
    Program,
    RevisionAmount,
)


def _form_values(form: Any, *, changed_only: bool) -> dict[str, Any]:
    """The admin form's values for the record's own fields (its inlines are saved apart);
    for a change, only the fields the user changed, so that the service's locked row keeps
    what others saved meanwhile."""
    names = form.changed_data if changed_only else list(form.cleaned_data)
    own = {field.name for field in form._meta.model._meta.concrete_fields}
    return {name: form.cleaned_data[name] for name in names if name in own}


class ServiceAdminMixin(AuditedAdminMixin):
    """An admin page whose saves and deletes call the record's services with the signed-in
    user as the actor: a refusal of the service (PermissionDenied) answers 403 and nothing is
    kept. The services write the audit record of the record itself; changes made through
    the inlines are then recorded by `AuditedAdminMixin` as an update of the record."""

    def service_create(self, *, data: dict[str, Any], actor: Any) -> models.Model:
        raise NotImplementedError

    def service_update(self, obj: Any, *, data: dict[str, Any], actor: Any) -> models.Model:
        raise NotImplementedError

    def service_delete(self, obj: Any, *, actor: Any) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change:
            self.service_update(obj, data=_form_values(form, changed_only=True), actor=request.user)
        else:
            saved = self.service_create(
                data=_form_values(form, changed_only=False), actor=request.user
            )
            # The inlines were built on the admin's instance: it becomes the saved record.
            obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db
            obj.refresh_from_db()
        request._audit_pending = (obj, audit.snapshot(obj), True)

    def delete_model(self, request, obj):
        self.service_delete(obj, actor=request.user)


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(Program)
class ProgramAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "is_public", "start_date", "end_date"]
    search_fields = ["code", "name_en", "name_es"]
    inlines = [PartnershipInline]

    def service_create(self, *, data, actor):
        return services.program_create(data=data, actor=actor)

    def service_update(self, obj, *, data, actor):
        return services.program_update(program=obj, data=data, actor=actor)

    def service_delete(self, obj, *, actor):
        services.program_delete(program=obj, actor=actor)


@admin.register(Phase)
class PhaseAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["program", "number", "name_en", "start_date", "end_date"]
    list_filter = ["program"]

    def service_create(self, *, data, actor):
        program = data.pop("program")
        return services.phase_create(program=program, data=data, actor=actor)

    def service_update(self, obj, *, data, actor):
        return services.phase_update(phase=obj, data=data, actor=actor)

    def service_delete(self, obj, *, actor):
        services.phase_delete(phase=obj, actor=actor)


@admin.register(Component)
class ComponentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["program", "number", "name_en"]
    list_filter = ["program"]


@admin.register(FundingSource)
class FundingSourceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["program", "code", "kind", "project_number", "reported_amount"]
    list_filter = ["program", "kind"]


class RevisionAmountInline(admin.TabularInline):
    model = RevisionAmount
    extra = 0


@admin.register(GeneralRevision)
class GeneralRevisionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["program", "number", "date", "award_change", "total_award", "extends_to"]
    list_filter = ["program"]
    inlines = [RevisionAmountInline]


class ExpectedResultInline(admin.TabularInline):
    model = ExpectedResult
    extra = 0
    show_change_link = True


class DocumentVersionAmountInline(admin.TabularInline):
    model = DocumentVersionAmount
    extra = 0


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["program", "sequence", "code", "kind", "date", "phase"]
    list_filter = ["program", "kind"]
    inlines = [ExpectedResultInline, DocumentVersionAmountInline]

    def service_create(self, *, data, actor):
        program = data.pop("program")
        return services.document_version_create(program=program, data=data, actor=actor)

    def service_update(self, obj, *, data, actor):
        return services.document_version_update(version=obj, data=data, actor=actor)

    def service_delete(self, obj, *, actor):
        services.document_version_delete(version=obj, actor=actor)


class ExpectedProductInline(admin.TabularInline):
    model = ExpectedProduct
    extra = 0


@admin.register(ExpectedResult)
class ExpectedResultAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["version", "number", "title_en"]
    list_filter = ["version__program"]
    inlines = [ExpectedProductInline]
