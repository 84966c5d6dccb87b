"""URLs of API v1, mounted at ``/api/v1/`` in the namespace ``api``. Every view declares its
access (``accounts.permissions.access``), as the pages do."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.permissions import access
from casework.api import urlpatterns as casework_patterns

app_name = "api"

urlpatterns = [
    # Schema and documentation: any logged-in user (session or token).
    path("schema/", access()(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        access()(
            # The split view loads its init script from this URL (?script): no inline script,
            # and Swagger UI comes from drf-spectacular-sidecar, not a CDN.
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    *casework_patterns,
]
