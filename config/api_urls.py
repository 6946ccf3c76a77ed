"""The REST API, version 1: each app contributes its routes."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from alianza.core.api_views import api_root

urlpatterns = [
    path("", api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include("alianza.accounts.api.urls")),
    path("", include("alianza.audit.api.urls")),
    path("", include("alianza.programs.api.urls")),
    path("", include("alianza.initiatives.api.urls")),
    path("", include("alianza.systematization.api.urls")),
    path("", include("alianza.finance.api.urls")),
    path("", include("alianza.contracts.api.urls")),
    path("", include("alianza.risks.api.urls")),
    path("", include("alianza.governance.api.urls")),
    path("", include("alianza.monitoring.api.urls")),
    path("", include("alianza.registry.api.urls")),
    path("", include("alianza.iati.api.urls")),
]
