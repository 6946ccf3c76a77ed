"""Root URL configuration: pages under a language-neutral prefix, the API under /api/v1/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("alianza.core.urls")),
    path("accounts/", include("alianza.accounts.urls")),
    path("changes/", include("alianza.audit.urls")),
    path("programs/", include("alianza.programs.urls")),
    path("programs/", include("alianza.initiatives.urls")),
    path("programs/", include("alianza.systematization.urls")),
    path("programs/", include("alianza.finance.urls")),
    path("programs/", include("alianza.contracts.urls")),
    path("programs/", include("alianza.risks.urls")),
    path("programs/", include("alianza.specialists.urls")),
    path("programs/", include("alianza.deployments.urls")),
    path("programs/", include("alianza.staffing_plans.urls")),
    path("programs/", include("alianza.governance.urls")),
    path("", include("alianza.monitoring.urls")),
    path("", include("alianza.registry.urls")),
    path("iati/", include("alianza.iati.urls")),
    path("", include("alianza.knowledge.urls")),
    path("", include("alianza.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api_urls", "api"), namespace="api")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
