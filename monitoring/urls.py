"""Pages of the monitor, under /monitor/. Every view declares its access."""

from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("pijler/<slug:code>/", views.pillar, name="pillar"),
    path("indicator/<slug:code>/", views.indicator, name="indicator"),
    path("open-data.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data.json", views.open_data_json, name="open_data_json"),
    path("beheer/", views.manage, name="manage"),
    path("beheer/marge/", views.tolerance, name="tolerance"),
    path("beheer/knoop/nieuw/", views.node_new, name="node_new"),
    path("beheer/knoop/<slug:code>/", views.node_edit, name="node_edit"),
    path("beheer/indicator/<slug:code>/", views.indicator_edit, name="indicator_edit"),
    path("beheer/indicator/<slug:code>/nulmeting/", views.baseline_edit, name="baseline_edit"),
    path("beheer/doel/<slug:goal>/<slug:indicator>/", views.target_edit, name="target_edit"),
    path("beheer/import/", views.import_values, name="import"),
    path("beheer/herberekenen/", views.refresh, name="refresh"),
    path("beheer/evaluatie/", views.review_download, name="review"),
]
