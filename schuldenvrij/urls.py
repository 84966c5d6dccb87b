"""Pages of the schuldenvrij app. Every view declares its access (accounts.permissions.access)."""

from django.urls import path

from schuldenvrij import views

app_name = "schuldenvrij"

urlpatterns = [
    path("", views.home, name="home"),
    path("trajecten/<uuid:pk>/", views.enrolment, name="enrolment"),
    path("trajecten/<uuid:pk>/intake/", views.intake, name="intake"),
    path("trajecten/<uuid:pk>/budget/", views.snapshot_new, name="snapshot_new"),
    path("trajecten/<uuid:pk>/schulden/", views.debt_new, name="debt_new"),
    path("trajecten/<uuid:pk>/pilotplaats/", views.place_admit, name="place_admit"),
    path("trajecten/<uuid:pk>/kwijtschelding/", views.forgiveness_new, name="forgiveness_new"),
    path("schulden/<uuid:pk>/", views.debt_edit, name="debt_edit"),
    path(
        "kwijtscheldingen/<uuid:pk>/besluit/",
        views.forgiveness_decide,
        name="forgiveness_decide",
    ),
    path(
        "kwijtscheldingen/<uuid:pk>/afwijzen/",
        views.forgiveness_reject,
        name="forgiveness_reject",
    ),
    path("nazorg/", views.follow_ups, name="follow_ups"),
    path("nazorg/<uuid:pk>/", views.follow_up, name="follow_up"),
    path("18-min-18-plus/", views.turning_18, name="turning_18"),
    path("18-min-18-plus/<uuid:pk>/contact/", views.contact_new, name="contact_new"),
    path("cijfers/", views.figures, name="figures"),
]
