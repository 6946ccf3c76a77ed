"""Admin for the one reference list of this app: exchange rates (audited like the pages)."""

from django.contrib import admin

from alianza.audit.admin import AuditedAdminMixin
from alianza.finance.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["base_currency", "currency", "valid_from", "valid_to", "rate", "source"]
    list_filter = ["base_currency", "currency"]
    date_hierarchy = "valid_from"
