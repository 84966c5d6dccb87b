"""Pages of the research app, mounted at /onderzoek/. Every view declares its access
(accounts.permissions.access)."""

from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("", views.studies, name="studies"),
    path("nieuw/", views.study_new, name="study_new"),
    path("catalogus/", views.catalogue, name="catalogue"),
    path("<uuid:pk>/", views.study, name="study"),
    path("<uuid:pk>/besluit/", views.study_decide, name="study_decide"),
    path("<uuid:pk>/sluiten/", views.study_close, name="study_close"),
    path("<uuid:pk>/onderzoekers/", views.study_researcher_add, name="study_researcher_add"),
    path("<uuid:pk>/export/", views.export_new, name="export_new"),
    path("exports/<uuid:pk>/", views.export_status, name="export_status"),
    path("exports/<uuid:pk>/annuleren/", views.export_cancel, name="export_cancel"),
    path("exports/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("groepen/", views.groups, name="groups"),
    path("groepen/<uuid:pk>/leden/", views.group_member_add, name="group_member_add"),
    path("herleiding/", views.reidentifications, name="reidentifications"),
    path("herleiding/nieuw/", views.reidentification_new, name="reidentification_new"),
    path(
        "herleiding/<uuid:pk>/bevestigen/",
        views.reidentification_confirm,
        name="reidentification_confirm",
    ),
    path(
        "herleiding/<uuid:pk>/intrekken/",
        views.reidentification_cancel,
        name="reidentification_cancel",
    ),
]
