"""Pages of the lifecoaching app. Every view declares its access (accounts.permissions.access)."""

from django.urls import path

from lifecoaching import views

app_name = "lifecoaching"

urlpatterns = [
    path("", views.home, name="home"),
    path("coaches/", views.coaches, name="coaches"),
    path("coaches/nieuw/", views.coach_new, name="coach_new"),
    path("coaches/<uuid:pk>/wijzigen/", views.coach_edit, name="coach_edit"),
    path("jongeren/<uuid:pk>/", views.young_person, name="young_person"),
    path("jongeren/<uuid:pk>/coach-kiezen/", views.match_new, name="match_new"),
    path("jongeren/<uuid:pk>/gesprek/", views.session_new, name="session_new"),
    path("jongeren/<uuid:pk>/school/", views.school_status_new, name="school_status_new"),
    path("gesprek/<uuid:pk>/wijzigen/", views.session_edit, name="session_edit"),
    path("school/<uuid:pk>/wijzigen/", views.school_status_edit, name="school_status_edit"),
    path("koppelingen/<uuid:pk>/beeindigen/", views.match_end, name="match_end"),
    path("cijfers/", views.counters, name="counters"),
]
