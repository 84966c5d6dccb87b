from django.urls import path

from accounts import oidc_views, token_views, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("inloggen/organisatie/", oidc_views.sso_start, name="oidc_login"),
    path("inloggen/organisatie/terug/", oidc_views.sso_callback, name="oidc_callback"),
    path("inloggen/organisatie/code/", oidc_views.sso_code, name="oidc_code"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<int:pk>/intrekken/", token_views.token_revoke, name="token_revoke"),
]

# Mounted in the "two_factor" namespace, which the library's views reverse.
two_factor_patterns = [
    path("", views.two_factor_profile, name="profile"),
    path("instellen/", views.two_factor_setup, name="setup"),
    path("instellen/qr/", views.two_factor_qr, name="qr"),
    path("instellen/klaar/", views.two_factor_setup_complete, name="setup_complete"),
    path("reservecodes/", views.two_factor_backup_tokens, name="backup_tokens"),
]
