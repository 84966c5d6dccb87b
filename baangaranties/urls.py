"""Pages of the baangaranties app. Every view declares its access (accounts.permissions.access)."""

from django.urls import path

from baangaranties import views

app_name = "baangaranties"

urlpatterns = [
    path("", views.home, name="home"),
    path("inschrijving/<uuid:pk>/plaatsing/", views.placement_new, name="placement_new"),
    path("plaatsing/<uuid:pk>/einde/", views.placement_end, name="placement_end"),
    path("nazorg/", views.checks, name="checks"),
    path("nazorg/<uuid:pk>/", views.check_record, name="check_record"),
    path("open-hiring/", views.open_hiring, name="open_hiring"),
    path("open-hiring/aanbieden/", views.open_hiring_offer, name="open_hiring_offer"),
    path(
        "inschrijving/<uuid:pk>/open-hiring/", views.open_hiring_signup, name="open_hiring_signup"
    ),
    path(
        "open-hiring/<uuid:pk>/afmelden/", views.open_hiring_withdraw, name="open_hiring_withdraw"
    ),
    path("bijstand/", views.routes, name="routes"),
    path("inschrijving/<uuid:pk>/route/", views.route_new, name="route_new"),
    path("route/<uuid:pk>/", views.route_edit, name="route_edit"),
    path("inschrijving/<uuid:pk>/bijstand/", views.assistance_new, name="assistance_new"),
    path("ketens/", views.chains, name="chains"),
    path("toezegging/", views.commitment_edit, name="commitment_edit"),
    path("aangeboden-plek/", views.offered_place_new, name="offered_place_new"),
    path("cijfers/", views.dashboard, name="dashboard"),
]
