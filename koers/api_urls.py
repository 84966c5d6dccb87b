"""URLs of API v1, mounted at ``/api/v1/`` in the namespace ``api``. Every view declares its
access (``accounts.permissions.access``), as the pages do."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.permissions import access
from baangaranties.api import urlpatterns as baangaranties_patterns
from casework.api import urlpatterns as casework_patterns
from financing.api import urlpatterns as financing_patterns
from gezinslab.api import urlpatterns as gezinslab_patterns
from lifecoaching.api import urlpatterns as lifecoaching_patterns
from monitoring.api import urlpatterns as monitoring_patterns
from research.api import urlpatterns as research_patterns
from schuldenvrij.api import urlpatterns as schuldenvrij_patterns

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
    *gezinslab_patterns,
    *schuldenvrij_patterns,
    *lifecoaching_patterns,
    *baangaranties_patterns,
    *research_patterns,
    *financing_patterns,
    *monitoring_patterns,
]
