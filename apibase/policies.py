"""Permission and throttle classes named in ``REST_FRAMEWORK`` settings. Kept apart from
``apibase.framework``, which imports DRF's views: DRF loads these while its views module loads."""

from __future__ import annotations

from rest_framework import exceptions, permissions, throttling

from accounts import tokens
from accounts.models import ApiToken


class InsufficientScope(exceptions.PermissionDenied):
    default_code = "insufficient_scope"


# --- permissions --------------------------------------------------------------------------


class DenyAll(permissions.BasePermission):
    """The default: a view that names no permission classes serves nobody."""

    def has_permission(self, request, view):
        return False


class HasScope(permissions.BasePermission):
    """A token needs ``read`` for safe methods and ``write`` for the others; ``export`` is
    reserved for exports. A session (the documentation page) is not scoped."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return request.user is not None and request.user.is_authenticated
        needed = getattr(view, "required_scope", None) or (
            tokens.READ if request.method in permissions.SAFE_METHODS else tokens.WRITE
        )
        if needed not in token.scopes:
            raise InsufficientScope
        return True


# --- throttles ----------------------------------------------------------------------------


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token (KOERS_API_RATE_TOKEN)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"t{request.auth.pk}"}


class UserRateThrottle(throttling.SimpleRateThrottle):
    """Requests per user over all their tokens and sessions (KOERS_API_RATE_USER)."""

    scope = "user"

    def get_cache_key(self, request, view):
        if request.user is not None and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
