"""Pages of the financing app. Every view declares its access (accounts.permissions.access)."""

from django.urls import path

from financing import views

app_name = "financing"

urlpatterns = [
    path("", views.agreements, name="agreements"),
    path("afspraak/<slug:code>/", views.agreement, name="agreement"),
    path("afspraak/<slug:code>/wijzigen/", views.amend, name="amend"),
    path("afspraak/<slug:code>/resultaat/", views.definition_new, name="definition_new"),
    path("afspraak/<slug:code>/mijlpaal/", views.milestone_new, name="milestone_new"),
    path("afspraak/<slug:code>/toegang/", views.grant, name="grant"),
    path("afspraak/<slug:code>/toegang/intrekken/", views.revoke, name="revoke"),
    path("afspraak/<slug:code>/status/", views.set_status, name="set_status"),
    path("afspraak/<slug:code>/kandidaten/", views.candidates_page, name="candidates"),
    path("afspraak/<slug:code>/claims/", views.claims, name="claims"),
    path("afspraak/<slug:code>/betalingen/", views.payments, name="payments"),
    path("afspraak/<slug:code>/rapport/", views.report, name="report"),
    path("afspraak/<slug:code>/rapport/download/", views.report_download, name="report_download"),
    path("claim/<uuid:pk>/", views.claim, name="claim"),
]
