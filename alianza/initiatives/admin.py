"""Admin for the reference lists: classification schemes and the policy framework.

Initiatives are edited in the pages and the API, which validate them as a whole.
"""

from django.contrib import admin

from alianza.audit.admin import AuditedAdminMixin
from alianza.initiatives.models import (
    ClassificationScheme,
    ClassificationTerm,
    PolicyInstrument,
    PolicyProvision,
)


class ClassificationTermInline(admin.TabularInline):
    model = ClassificationTerm
    extra = 0
    fields = ["order", "code", "parent", "name_en", "name_es", "note_en", "note_es"]


@admin.register(ClassificationScheme)
class ClassificationSchemeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["program", "code", "name_en", "name_es", "is_hierarchical", "allows_multiple"]
    list_filter = ["program"]
    inlines = [ClassificationTermInline]


class PolicyProvisionInline(admin.TabularInline):
    model = PolicyProvision
    extra = 0
    fk_name = "instrument"
    fields = ["code", "kind", "number", "parent", "text_en", "text_es", "translated_fields"]


@admin.register(PolicyInstrument)
class PolicyInstrumentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "short_name", "name_en", "kind", "period"]
    list_filter = ["kind"]
    search_fields = ["code", "short_name", "name_en", "name_es"]
    inlines = [PolicyProvisionInline]
