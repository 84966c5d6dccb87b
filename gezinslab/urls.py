"""Pages of the gezinslab app. Every view declares its access (accounts.permissions.access)."""

from django.urls import path

from gezinslab import views

app_name = "gezinslab"

urlpatterns = [
    path("", views.trajectories, name="trajectories"),
    path("huishouden/<uuid:pk>/traject/", views.trajectory_new, name="trajectory_new"),
    path("traject/<uuid:pk>/", views.trajectory, name="trajectory"),
    path("traject/<uuid:pk>/wijzigen/", views.trajectory_edit, name="trajectory_edit"),
    path("traject/<uuid:pk>/doel/", views.goal_new, name="goal_new"),
    path("doel/<uuid:pk>/", views.goal_edit, name="goal_edit"),
    path("traject/<uuid:pk>/knelpunt/", views.barrier_new, name="barrier_new"),
    path("knelpunt/<uuid:pk>/", views.barrier_edit, name="barrier_edit"),
    path("knelpunt/<uuid:pk>/doorbraak/", views.breakthrough_new, name="breakthrough_new"),
    path("buurtgezinnen/", views.matches, name="matches"),
    path("buurtgezinnen/koppelen/", views.match_new, name="match_new"),
    path("buurtgezinnen/koppeling/<uuid:pk>/", views.match_edit, name="match_edit"),
    path("buurtgezinnen/steungezinnen/", views.support_families, name="support_families"),
    path("buurtgezinnen/steungezinnen/nieuw/", views.support_family_new, name="support_family_new"),
    path(
        "buurtgezinnen/steungezin/<uuid:pk>/",
        views.support_family_edit,
        name="support_family_edit",
    ),
    path("knelpunten/", views.dashboard, name="dashboard"),
]
