from django.contrib import admin

from alianza.audit.admin import AuditedAdminMixin
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


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(Program)
class ProgramAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_en", "is_public", "start_date", "end_date"]
    search_fields = ["code", "name_en", "name_es"]
    inlines = [PartnershipInline]


@admin.register(Phase)
class PhaseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["program", "number", "name_en", "start_date", "end_date"]
    list_filter = ["program"]


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
class DocumentVersionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["program", "sequence", "code", "kind", "date", "phase"]
    list_filter = ["program", "kind"]
    inlines = [ExpectedResultInline, DocumentVersionAmountInline]


class ExpectedProductInline(admin.TabularInline):
    model = ExpectedProduct
    extra = 0


@admin.register(ExpectedResult)
class ExpectedResultAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["version", "number", "title_en"]
    list_filter = ["version__program"]
    inlines = [ExpectedProductInline]
