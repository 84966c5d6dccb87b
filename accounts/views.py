from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render

from accounts.permissions import access, has_role
from accounts.roles import FILE_ROLES, FUNCTIONAL_ADMIN


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


login_view = access(public=True)(LoginView.as_view())
logout_view = access(public=True)(LogoutView.as_view())


@access()
def home(request):
    """Send each role to where its work is."""
    if has_role(request.user, *FILE_ROLES):
        return redirect("casework:caseload")
    if has_role(request.user, FUNCTIONAL_ADMIN):
        return redirect("admin:index")
    return render(request, "accounts/home.html")


@access(public=True)
def set_language(request):
    """Django's language switch, declared public (it only sets the language cookie)."""
    from django.views.i18n import set_language as django_set_language

    return django_set_language(request)
