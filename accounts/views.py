from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from two_factor import views as two_factor_views

from accounts.middleware import SSO_SESSION_KEY
from accounts.permissions import access, has_role
from accounts.roles import (
    EVALUATOR,
    FILE_ROLES,
    FUNCTIONAL_ADMIN,
    PRIVACY_OFFICER,
    PROGRAMME_OFFICE,
    RESEARCHER,
)

# The roles whose landing page is the work list ("werkbak").
WORKLIST_ROLES = (*FILE_ROLES, PRIVACY_OFFICER, EVALUATOR, RESEARCHER)


class LoginView(two_factor_views.LoginView):
    """django-two-factor-auth's login: password first, then the TOTP code (or a backup code)
    for a user who has set up a device. django-axes watches the password step through its
    authentication backend and middleware.

    The password step's fields carry no prefix (``username``, ``password``), as in Django's
    own login form, so that axes reads the username and a plain password form still works.
    """

    template_name = "accounts/login.html"

    def get_prefix(self, request, *args, **kwargs):
        return "login_view"

    def get_form_prefix(self, step=None, form=None):
        if (step or self.steps.current) == self.AUTH_STEP:
            return None
        return super().get_form_prefix(step, form)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        context["next"] = self.get_redirect_url()
        sso = settings.KOERS_OIDC_ENABLED
        context["sso"] = sso
        # Single sign-on alone: the local form only at ?lokaal=1 (the functional admin,
        # emergencies), after a post, or in the code step of a local login.
        context["local_login"] = (
            not sso
            or settings.KOERS_OIDC_LOGIN_PAGE == "both"
            or "lokaal" in self.request.GET
            or self.request.method == "POST"
            or self.steps.current != self.AUTH_STEP
        )
        return context

    def post(self, *args, **kwargs):
        # A plain username/password post (no wizard step field) is the password step.
        step_field = f"{self.prefix}-current_step"
        if step_field not in self.request.POST and "username" in self.request.POST:
            data = self.request.POST.copy()
            data[step_field] = self.AUTH_STEP
            self.request.POST = data
            self.storage.reset()
        return super().post(*args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Ends the Koers session; after a single sign-on also the provider's, where it offers
    RP-initiated logout (``KOERS_OIDC_LOGOUT_ENDPOINT``)."""

    def post(self, request, *args, **kwargs):
        sso = request.user.is_authenticated and bool(request.session.get(SSO_SESSION_KEY))
        response = super().post(request, *args, **kwargs)
        if sso and settings.KOERS_OIDC_ENABLED and settings.KOERS_OIDC_LOGOUT_ENDPOINT:
            from accounts.oidc_views import provider_logout_url

            return redirect(provider_logout_url(request))
        return response


login_view = access(public=True)(LoginView.as_view())
logout_view = access(public=True)(LogoutView.as_view())

# Two-factor pages: any logged-in user sets up TOTP and keeps backup codes. Disabling is not
# offered: a lost phone is reset by the functional admin.
two_factor_setup = access()(two_factor_views.SetupView.as_view())
two_factor_qr = access()(two_factor_views.QRGeneratorView.as_view())
two_factor_setup_complete = access()(two_factor_views.SetupCompleteView.as_view())
two_factor_backup_tokens = access()(two_factor_views.BackupTokensView.as_view())
two_factor_profile = access()(two_factor_views.ProfileView.as_view())


@access()
def home(request):
    """Send each role to where its work is: the work list (the programme office: the monitor,
    which shows what waits for them; the functional admin: the admin, where theirs is)."""
    if has_role(request.user, *WORKLIST_ROLES):
        return redirect("casework:worklist")
    if has_role(request.user, PROGRAMME_OFFICE):
        return redirect("monitoring:home")
    if has_role(request.user, FUNCTIONAL_ADMIN):
        return redirect("admin:index")
    return render(request, "accounts/home.html")


@access(public=True)
def set_language(request):
    """Django's language switch, declared public (it only sets the language cookie)."""
    from django.views.i18n import set_language as django_set_language

    return django_set_language(request)


def csrf_failure(request, reason=""):
    """A Dutch page for a forged, replayed or expired CSRF token (Django logs the refusal)."""
    return render(request, "403_csrf.html", status=403)
