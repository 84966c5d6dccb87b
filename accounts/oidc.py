"""Single sign-on for staff through OpenID Connect (docs/sso.md).

mozilla-django-oidc runs the authorisation code flow with PKCE; this backend makes its checks
strict and decides who may come in:

- the ID token's signature (the provider's JWKS), issuer, audience, expiry, issue time and
  nonce are all checked (the library checks only signature, expiry and nonce);
- the user is found by a stable claim (``KOERS_OIDC_USER_CLAIM``, ``sub`` by default) in
  ``User.sso_subject``, never by e-mail;
- an unknown user is refused unless ``KOERS_OIDC_CREATE_USERS``; a deactivated user always;
- with ``KOERS_OIDC_ROLES_FROM=claim`` the roles and teams follow the group claim through
  ``GroupMapping``; a claim that maps to no role is refused.

Every refusal is an ``SsoRefused`` with a fixed reason code (never a claim or a token), which
the callback view turns into a Dutch page and a line in the access log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import User

# Reasons of a refusal; the callback view has a Dutch sentence for each.
SIGNATURE = "signature"
ISSUER = "issuer"
AUDIENCE = "audience"
EXPIRED = "expired"
NONCE = "nonce"
STATE = "state"
INVALID = "invalid"  # anything else wrong with the provider's answer
PROVIDER = "provider"  # the provider could not be reached or refused the code
UNKNOWN_USER = "unknown_user"
INACTIVE = "inactive"
NO_ROLE = "no_role"
REFUSED_AT_PROVIDER = "refused_at_provider"


class SsoRefused(Exception):
    """A single sign-on that must not log anyone in. ``user`` is the Koers account when one
    was found (for the access log), never a claim."""

    def __init__(self, reason: str, user: User | None = None):
        super().__init__(reason)
        self.reason = reason
        self.user = user


@dataclass(frozen=True)
class SsoLogin:
    user: User
    mfa: bool  # the provider asserted a multi-factor login


def asserts_mfa(claims: dict) -> bool:
    """True when the ID token says the person logged in with more than one factor: an ``amr``
    value in KOERS_OIDC_MFA_AMR, or an ``acr`` in KOERS_OIDC_MFA_ACR."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(settings.KOERS_OIDC_MFA_AMR):
        return True
    acr = claims.get("acr")
    return bool(acr) and str(acr) in set(settings.KOERS_OIDC_MFA_ACR)


def groups_in(claims: dict) -> list[str]:
    value = claims.get(settings.KOERS_OIDC_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return [str(group) for group in value if isinstance(group, str | int)]


class KoersOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates only when the callback view calls it (``oidc_callback=True``): a password
    login never reaches the provider."""

    def authenticate(self, request, *, oidc_callback: bool = False, nonce=None, code_verifier=None):
        if not oidc_callback or not settings.KOERS_OIDC_ENABLED:
            return None
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except SsoRefused:
            raise
        except requests.RequestException as error:
            raise SsoRefused(PROVIDER) from error
        except (SuspiciousOperation, jwt.PyJWTError, KeyError, ValueError) as error:
            raise SsoRefused(INVALID) from error

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    # --- the ID token ---------------------------------------------------------------------

    def verify_token(self, token, **kwargs):
        """Signature, issuer, audience, expiry, issue time and nonce, or ``SsoRefused``."""
        if not token:
            raise SsoRefused(INVALID)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise SsoRefused(INVALID) from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SsoRefused(SIGNATURE)
        try:
            key = self.retrieve_matching_jwk(token)
        except SuspiciousOperation as error:
            raise SsoRefused(SIGNATURE) from error
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.KOERS_OIDC_ISSUER,
                leeway=settings.KOERS_OIDC_LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidSignatureError as error:
            raise SsoRefused(SIGNATURE) from error
        except jwt.ExpiredSignatureError as error:
            raise SsoRefused(EXPIRED) from error
        except jwt.InvalidIssuerError as error:
            raise SsoRefused(ISSUER) from error
        except jwt.InvalidAudienceError as error:
            raise SsoRefused(AUDIENCE) from error
        except jwt.PyJWTError as error:
            raise SsoRefused(INVALID) from error
        azp = payload.get("azp")
        if azp and azp != self.OIDC_RP_CLIENT_ID:
            raise SsoRefused(AUDIENCE)
        nonce = kwargs.get("nonce")
        if not nonce or payload.get("nonce") != nonce:
            raise SsoRefused(NONCE)
        return payload

    # --- who comes in ---------------------------------------------------------------------

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SsoRefused(INVALID)  # OpenID Connect Core 5.3.2
            claims = {**userinfo, **payload}
        subject = claims.get(settings.KOERS_OIDC_USER_CLAIM)
        if not subject or not isinstance(subject, str | int):
            raise SsoRefused(INVALID)
        user = User.objects.filter(sso_subject=str(subject)).first()
        if user is None and not settings.KOERS_OIDC_CREATE_USERS:
            raise SsoRefused(UNKNOWN_USER)
        if user is not None and not user.is_active:
            raise SsoRefused(INACTIVE, user=user)
        # The mapping is read once, and before a new user is made: a person whose groups give
        # no role is refused without leaving an account behind.
        mapped = (
            self.mapped(claims, user=user) if settings.KOERS_OIDC_ROLES_FROM == "claim" else None
        )
        if user is None:
            from accounts.services import create_sso_user

            user = create_sso_user(
                subject=str(subject), username=self.username_for(claims, str(subject))
            )
        if mapped is not None:
            from accounts.services import set_roles_and_teams

            roles, teams = mapped
            set_roles_and_teams(user=user, roles=roles, teams=teams)
        user.koers_sso_mfa = asserts_mfa(payload)
        return user

    def mapped(self, claims: dict, *, user: User | None):
        from accounts.selectors import roles_and_teams_for_groups

        roles, teams = roles_and_teams_for_groups(groups_in(claims))
        if not roles:
            raise SsoRefused(NO_ROLE, user=user)
        return roles, teams

    @staticmethod
    def username_for(claims: dict, subject: str) -> str:
        """A new user's username: the provider's preferred username when free, otherwise one
        derived from the subject (no e-mail address or name in it)."""
        preferred = str(claims.get("preferred_username") or "")[:150]
        if preferred and not User.objects.filter(username=preferred).exists():
            return preferred
        return "sso-" + hashlib.sha256(subject.encode()).hexdigest()[:16]
