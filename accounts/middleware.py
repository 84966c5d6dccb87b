from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django_otp.middleware import OTPMiddleware

from accounts.permissions import AccessRule

# Views that Django or a library provides and that guard themselves.
SELF_GUARDED_NAMESPACES = {"admin"}


class DenyByDefaultMiddleware:
    """Refuse every view that has not declared who may use it (``accounts.permissions.access``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace in SELF_GUARDED_NAMESPACES:
            return None
        if settings.DEBUG and request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        rule: AccessRule | None = getattr(view_func, "koers_access", None)
        if rule is None:
            raise PermissionDenied("This view declares no access rule.")
        if rule.allows(request.user):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied


# Views a logged-in but unverified user may still use when two-factor login is required: the
# way in (login, setting up TOTP) and the way out.
TWO_FACTOR_OPEN_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:oidc_login",
    "accounts:oidc_callback",
    "accounts:oidc_code",
    "set_language",
    "two_factor:setup",
    "two_factor:qr",
    "api_not_found",  # a problem+json 404 for unknown API paths; reveals nothing
}


class RequireTwoFactorMiddleware:
    """With ``KOERS_REQUIRE_2FA``, a logged-in user who has not confirmed a one-time password in
    this session (``request.user.is_verified()`` false) is sent to set up TOTP (no device yet) or
    to log in again with the code (a device), and is refused every other page.

    Needs ``django_otp.middleware.OTPMiddleware`` before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(settings, "KOERS_REQUIRE_2FA", False):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in TWO_FACTOR_OPEN_VIEWS:
            return None
        if settings.DEBUG and request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        if request.method not in {"GET", "HEAD"} or getattr(request, "htmx", False):
            raise PermissionDenied("Two-factor verification is required.")
        from django.shortcuts import redirect
        from django_otp import user_has_device

        if user_has_device(user):
            return redirect_to_login(request.get_full_path())
        return redirect("two_factor:setup")


# The session of a single sign-on: set at login, read at logout (RP-initiated logout).
SSO_SESSION_KEY = "koers_sso"
# The user's id when the provider asserted a multi-factor login in this session.
SSO_MFA_SESSION_KEY = "koers_sso_mfa"


class KoersOTPMiddleware(OTPMiddleware):
    """django-otp's middleware (``request.user.is_verified()``), which also counts as verified
    a session whose single sign-on the provider asserted as multi-factor (``amr``/``acr``,
    see ``accounts.oidc.asserts_mfa``): Koers then asks no TOTP code of its own."""

    def _verify_user_sync(self, request, user):
        user = super()._verify_user_sync(request, user)
        if (
            user.is_authenticated
            and user.otp_device is None
            and request.session.get(SSO_MFA_SESSION_KEY) == user.pk
        ):
            user.is_verified = lambda: True
        return user


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose another language (cookie), whatever the browser asks.

    Caseworkers' browsers are often set to English; the programme works in Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
