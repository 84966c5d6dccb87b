from django.urls import include, path, re_path

from accounts import health
from accounts import views as account_views
from accounts.admin import site as admin_site
from accounts.urls import two_factor_patterns
from apibase import framework as api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("account/", include("accounts.urls")),
    path("account/tweestaps/", include((two_factor_patterns, "two_factor"))),
    path("taal/", account_views.set_language, name="set_language"),
    path("beheer/", admin_site.urls),
    path("api/v1/", include("koers.api_urls", namespace="api")),
    re_path(r"^api/(?P<rest>.*)$", api.not_found, name="api_not_found"),
    path("privacy/", include("privacy.urls")),
    path("gezinslab/", include("gezinslab.urls")),
    path("schuldenvrij/", include("schuldenvrij.urls")),
    path("lifecoaching/", include("lifecoaching.urls")),
    path("baangaranties/", include("baangaranties.urls")),
    path("onderzoek/", include("research.urls")),
    path("financiering/", include("financing.urls")),
    path("monitor/", include("monitoring.urls")),
    path("", include("casework.urls")),
]
