"""The privacy officer's pages under /privacy/. Only the participant page carries an id (a
random UUID) in its URL; every other identifier travels in a POST body."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("deelnemers/<uuid:pk>/", views.participant_file, name="participant_file"),
    path("inzage/", views.report_download, name="report_download"),
    path("toegang-buiten-caseload/", views.break_glass, name="break_glass"),
    path(
        "toegang-buiten-caseload/beoordelen/",
        views.break_glass_review,
        name="break_glass_review",
    ),
    path("verzoeken/", views.requests, name="requests"),
    path("verzoeken/nieuw/", views.request_new, name="request_new"),
    path("verzoeken/wijzigen/", views.request_update, name="request_update"),
    path("wissen/", views.erasure_request, name="erasure_request"),
    path("wissen/bevestigen/", views.erasure_confirm, name="erasure_confirm"),
    path("wissen/intrekken/", views.erasure_cancel, name="erasure_cancel"),
]
