"""Pages of the research app. Every view declares its access (accounts.permissions.access)."""

from django.urls import path  # noqa: F401

app_name = "research"

urlpatterns: list = []
