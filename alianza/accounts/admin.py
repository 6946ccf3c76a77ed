from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from alianza.accounts.models import Institution, Membership, User
from alianza.audit.admin import AuditedAdminMixin


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    extra = 0
    max_num = 1


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]


@admin.register(Institution)
class InstitutionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "acronym", "name_en", "name_es", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["code", "acronym", "name_en", "name_es"]
    autocomplete_fields = ["parent"]
