"""The pages of single sign-on (docs/sso.md): to the provider, back from it, and Koers's own
TOTP step when the provider did not assert a multi-factor login.

Every refusal renders one Dutch page with the reason, is written to the access log, and
leaves nothing of the session behind.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import auth
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from accounts import audit, oidc
from accounts.middleware import SSO_MFA_SESSION_KEY, SSO_SESSION_KEY
from accounts.models import User
from accounts.permissions import access

BACKEND = "accounts.oidc.KoersOIDCBackend"
# A user whose provider did not assert MFA, waiting for Koers's TOTP step: id and deadline.
PENDING_SESSION_KEY = "koers_sso_pending"
PENDING_SECONDS = 300
MAX_CODE_ATTEMPTS = 5

REASONS = {
    oidc.SIGNATURE: _("De handtekening op het antwoord van de identiteitsprovider klopt niet."),
    oidc.ISSUER: _("Het antwoord komt niet van de identiteitsprovider die Koers vertrouwt."),
    oidc.AUDIENCE: _("Het antwoord van de identiteitsprovider is niet voor Koers bestemd."),
    oidc.EXPIRED: _("Het antwoord van de identiteitsprovider is verlopen."),
    oidc.NONCE: _("Deze inlogpoging is al gebruikt of hoort niet bij deze browser."),
    oidc.STATE: _("Deze inlogpoging is al gebruikt of hoort niet bij deze browser."),
    oidc.INVALID: _("Het antwoord van de identiteitsprovider is onvolledig of ongeldig."),
    oidc.PROVIDER: _("De identiteitsprovider is niet bereikbaar of weigerde de inlogpoging."),
    oidc.REFUSED_AT_PROVIDER: _("Het inloggen bij uw organisatie is afgebroken of geweigerd."),
    oidc.UNKNOWN_USER: _(
        "U bent bij uw organisatie ingelogd, maar Koers kent u niet. Vraag de functioneel "
        "beheerder van Koers om u toegang te geven."
    ),
    oidc.INACTIVE: _(
        "Uw account in Koers is uitgeschakeld. Neem contact op met de functioneel beheerder "
        "als u denkt dat dit niet klopt."
    ),
    oidc.NO_ROLE: _(
        "Uw groepen bij uw organisatie geven u geen rol in Koers. Vraag de functioneel "
        "beheerder van Koers om uw groep te koppelen."
    ),
    "code": _("U heeft te vaak een verkeerde code ingevuld, of de tijd om in te loggen is om."),
}


def refuse(request, reason: str, user: User | None = None):
    """The Dutch refusal page; the access log gets the reason; the session is gone."""
    audit.sso_login_failed(reason, user)
    if request.user.is_authenticated:
        auth.logout(request)
    request.session.flush()
    response = render(request, "accounts/sso_refused.html", {"reason": REASONS[reason]}, status=403)
    response["Cache-Control"] = "no-store"
    return response


def complete_login(request, user: User, *, mfa: bool, device=None):
    """Log ``user`` in through single sign-on; ``mfa``: the provider asserted it, ``device``:
    Koers's own TOTP step confirmed it."""
    next_url = request.session.get("oidc_login_next")
    for key in (PENDING_SESSION_KEY, "oidc_login_next", "oidc_states"):
        request.session.pop(key, None)
    request.session[SSO_SESSION_KEY] = True  # before login: the access log reads it
    auth.login(request, user, backend=BACKEND)
    if mfa:
        request.session[SSO_MFA_SESSION_KEY] = user.pk
    if device is not None:
        from django_otp import login as otp_login

        otp_login(request, device)
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class SsoStart(OIDCAuthenticationRequestView):
    """To the provider: the authorisation code flow with state, nonce and PKCE (S256)."""

    def get(self, request):
        if not settings.KOERS_OIDC_ENABLED:
            return redirect("accounts:login")
        return super().get(request)


@never_cache
def sso_callback(request):
    """Back from the provider: check state, exchange the code (with the PKCE verifier), check
    the ID token and the user; then log in, or ask Koers's TOTP code first."""
    if not settings.KOERS_OIDC_ENABLED:
        return redirect("accounts:login")
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if state else None
    request.session["oidc_states"] = states  # a state is used once, whatever follows
    if request.GET.get("error"):
        return refuse(request, oidc.REFUSED_AT_PROVIDER)
    if entry is None or not request.GET.get("code"):
        return refuse(request, oidc.STATE)
    request.session.save()
    try:
        user = oidc.KoersOIDCBackend().authenticate(
            request,
            oidc_callback=True,
            nonce=entry.get("nonce"),
            code_verifier=entry.get("code_verifier"),
        )
    except oidc.SsoRefused as refusal:
        return refuse(request, refusal.reason, refusal.user)
    if user is None:
        return refuse(request, oidc.INVALID)
    mfa = bool(getattr(user, "koers_sso_mfa", False))
    if mfa or not settings.KOERS_REQUIRE_2FA:
        return complete_login(request, user, mfa=mfa)
    from django_otp import user_has_device

    if not user_has_device(user):
        # Logged in without a second factor: RequireTwoFactorMiddleware sends them to set up
        # TOTP and refuses every other page until they have.
        return complete_login(request, user, mfa=False)
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "until": time.time() + PENDING_SECONDS,
        "attempts": 0,
    }
    return redirect("accounts:oidc_code")


class CodeForm(forms.Form):
    otp_token = forms.CharField(label=_("Code"), max_length=16)


@never_cache
def sso_code(request):
    """Koers's own TOTP step (or a backup code) after a single sign-on without MFA."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending:
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None or time.time() > pending["until"]:
        return refuse(request, "code" if user else oidc.INACTIVE, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from django_otp import match_token

        device = match_token(user, form.cleaned_data["otp_token"].strip())
        if device is not None:
            return complete_login(request, user, mfa=False, device=device)
        audit.sso_login_failed("totp", user)
        pending["attempts"] += 1
        request.session[PENDING_SESSION_KEY] = pending
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            return refuse(request, "code", user)
        form.add_error(None, _("Deze code klopt niet of is verlopen. Probeer het opnieuw."))
    status = 400 if form.errors else 200
    return render(request, "accounts/sso_code.html", {"form": form}, status=status)


def provider_logout_url(request) -> str:
    """RP-initiated logout at the provider, back to Koers's login page afterwards."""
    back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    query = urlencode({"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": back})
    return f"{settings.KOERS_OIDC_LOGOUT_ENDPOINT}?{query}"


sso_start = access(public=True)(never_cache(SsoStart.as_view()))
sso_callback = access(public=True)(sso_callback)
sso_code = access(public=True)(sso_code)
