"""The REST API, version 1: each app contributes its routes."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from alianza.core.api_views import api_root

# The documentation pages run third-party bundles (Swagger UI, Redoc) that style themselves
# inline; Redoc also starts its search worker from a blob. Their scripts stay 'self': Swagger
# UI's set-up script is served as a file (the split view), not inline; Redoc has none.
swagger_policy = csp_update({"style-src": [UNSAFE_INLINE]})
redoc_policy = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})

urlpatterns = [
    path("", api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        swagger_policy(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        redoc_policy(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    path("", include("alianza.accounts.api.urls")),
    path("", include("alianza.audit.api.urls")),
    path("", include("alianza.programs.api.urls")),
    path("", include("alianza.initiatives.api.urls")),
    path("", include("alianza.systematization.api.urls")),
    path("", include("alianza.finance.api.urls")),
    path("", include("alianza.contracts.api.urls")),
    path("", include("alianza.risks.api.urls")),
    path("", include("alianza.specialists.api.urls")),
    path("", include("alianza.deployments.api.urls")),
    path("", include("alianza.staffing_plans.api.urls")),
    path("", include("alianza.governance.api.urls")),
    path("", include("alianza.monitoring.api.urls")),
    path("", include("alianza.registry.api.urls")),
    path("", include("alianza.iati.api.urls")),
    path("", include("alianza.knowledge.api.urls")),
    path("", include("alianza.portal.api.urls")),
]
