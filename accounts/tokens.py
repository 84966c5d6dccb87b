"""Personal API tokens: creation, revocation and authentication.

A token reads ``koers_<prefix>_<secret>``. Only the SHA-256 hash of the whole token is stored;
the prefix is kept in clear so that the user can tell their tokens apart. A token counts as a
second factor: it can only be created in a session that passed two-factor login.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from accounts.models import ApiToken, User

TOKEN_PREFIX = "koers_"  # noqa: S105 (a marker, not a secret)
MAX_LIFETIME_DAYS = 365
READ, WRITE, EXPORT = ApiToken.Scope.READ, ApiToken.Scope.WRITE, ApiToken.Scope.EXPORT
SCOPES = frozenset(ApiToken.Scope.values)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A created token and its plaintext, which is shown once and never stored."""

    token: ApiToken
    plaintext: str

    def __repr__(self) -> str:
        return f"NewToken({self.token.prefix})"


def create_token(
    *, user: User, name: str, scopes: Iterable[str], expires_on: dt.date | None = None
) -> NewToken:
    """Create a token for ``user``; ``expires_on`` at most one year ahead (the default)."""
    name = (name or "").strip()
    scopes = sorted(set(scopes or ()))
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Geef de token een naam.")]
    elif len(name) > 100:
        errors["name"] = [_("De naam is te lang (hoogstens 100 tekens).")]
    if not scopes:
        errors["scopes"] = [_("Kies ten minste één recht.")]
    elif not set(scopes) <= SCOPES:
        errors["scopes"] = [_("Onbekend recht.")]
    today = timezone.localdate()
    expires_on = expires_on or today + dt.timedelta(days=MAX_LIFETIME_DAYS)
    if expires_on <= today:
        errors["expires_on"] = [_("De vervaldatum moet na vandaag liggen.")]
    elif expires_on > today + dt.timedelta(days=MAX_LIFETIME_DAYS):
        errors["expires_on"] = [_("Een token is hoogstens een jaar geldig.")]
    if errors:
        raise ValidationError(errors)
    if not user.is_active:
        raise PermissionDenied
    prefix = secrets.token_hex(4)
    plaintext = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time(23, 59, 59)))
    token = ApiToken(
        user=user,
        name=name,
        prefix=prefix,
        token_hash=hash_token(plaintext),
        scopes=scopes,
        expires_at=expires_at,
    )
    token.full_clean()
    with transaction.atomic():
        token.save(force_insert=True)
    return NewToken(token=token, plaintext=plaintext)


def revoke_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (idempotent)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise PermissionDenied
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at"))


def authenticate(raw: str) -> ApiToken | None:
    """The token for this plaintext when it is known, not revoked, not expired and its user
    active; records the use. None otherwise (the caller answers 401)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    now = timezone.now()
    if (
        token is None
        or token.revoked_at is not None
        or token.expires_at <= now
        or not token.user.is_active
    ):
        return None
    # At most one write a minute per token: the last use, not every use. A plain update on
    # purpose: last_used_at is excluded from the token's history (it would add a history row
    # per minute of API use), so there is no history to keep.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(seconds=60):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def bearer(request) -> str | None:
    """The raw token of an ``Authorization: Bearer`` header, or None without one."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    kind, _sep, value = header.partition(" ")
    if kind.lower() != "bearer":
        return None
    return value.strip()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """DRF authentication with ``Authorization: Bearer <token>``.

    ``apibase.framework.ApiTokenMiddleware`` has usually authenticated the token already, before the
    deny-by-default middleware; then its result is reused."""

    keyword = "Bearer"

    def authenticate(self, request):
        django_request = request._request
        token = getattr(django_request, "koers_api_token", None)
        if token is not None:
            return token.user, token
        raw = bearer(django_request)
        if raw is None:
            return None
        token = authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(code="invalid_token")
        mark_verified(token.user)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="koers"'


def mark_verified(user: User) -> None:
    """A token was created in a two-factor session and is itself the second factor."""
    user.is_verified = lambda: True
    user.otp_device = None
