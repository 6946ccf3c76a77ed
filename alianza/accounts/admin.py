from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction

from alianza.accounts import services
from alianza.accounts.forms import LockoutAwareFormMixin
from alianza.accounts.models import ApiToken, Institution, Membership, User
from alianza.audit import services as audit
from alianza.audit.admin import AuditedAdminMixin


class AdminLoginForm(LockoutAwareFormMixin, AdminAuthenticationForm):
    """The admin's login says so when too many failures locked it (django-axes)."""


admin.site.login_form = AdminLoginForm


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    extra = 0
    max_num = 1


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    """Users: every change (flags, groups, permissions, membership) is audited by the mixin;
    a password set here is audited too, without the hash."""

    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            stored = User.objects.filter(pk=unquote(id)).first()
            before = audit.snapshot(stored) if stored else None
            old_hash = stored.password if stored else None
            response = super().user_change_password(request, id, form_url)
            if stored is not None:
                stored.refresh_from_db()
                if stored.password != old_hash:
                    audit.record(
                        actor=request.user,
                        action="accounts.user.set_password",
                        obj=stored,
                        before=before,
                        secret_fields=("password",),
                    )
            return response


def _group_audit_related(group: Group) -> dict:
    return {
        "permissions": sorted(
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        )
    }


# Django's Group has no audit hook of its own: give it one, so that the trail shows what a
# change to a group's permissions gave or took away.
Group.audit_related = _group_audit_related
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdminMixin, BaseGroupAdmin):
    """Groups and their permissions, audited like users."""


@admin.register(Institution)
class InstitutionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "acronym_en", "acronym_es", "name_en", "name_es", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["code", "acronym_en", "acronym_es", "name_en", "name_es"]
    autocomplete_fields = ["parent"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see every token (never a key) and may revoke one; creating is for the
    owner's profile page or `manage.py token_create`, where the key can be shown once."""

    list_display = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at"]
    list_filter = ["expires_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at"]
    exclude = ["digest"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.api_token_revoke(token=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for token in queryset:
                services.api_token_revoke(token=token, actor=request.user)
