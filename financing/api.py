"""API v1 endpoints of the financing app, mounted under /api/v1/ by koers.api_urls."""

urlpatterns: list = []
