"""A fake OpenID provider for the unit tests: a local RSA key, its JWKS, and a token endpoint
that answers with an ID token the test shapes. The network calls of mozilla-django-oidc
(``requests.get``/``requests.post`` in ``mozilla_django_oidc.auth``) are answered here."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://idp.example.test"
CLIENT_ID = "koers"
KID = "key-1"

SETTINGS = {
    "KOERS_OIDC_ENABLED": True,
    "KOERS_OIDC_ISSUER": ISSUER,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/auth",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/jwks",
    "OIDC_OP_USER_ENDPOINT": "",
    "OIDC_RP_CLIENT_ID": CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": "test-secret",
    "KOERS_OIDC_LOGOUT_ENDPOINT": f"{ISSUER}/session/end",
}

_KEYS: dict[str, rsa.RSAPrivateKey] = {}


def key(name: str = "provider") -> rsa.RSAPrivateKey:
    if name not in _KEYS:
        _KEYS[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _KEYS[name]


def jwks() -> dict:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key().public_key()))
    return {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}


class Response:
    def __init__(self, body: dict, status: int = 200, url: str = ""):
        self.body, self.status_code, self.url = body, status, url
        self.headers = {"content-type": "application/json"}
        self.text = json.dumps(body)

    def json(self) -> dict:
        return self.body

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            import requests

            raise requests.HTTPError(f"{self.status_code}", response=self)


@dataclass
class FakeProvider:
    """``claims`` go in the next ID token; ``overrides`` replace the standard ones (iss, aud,
    exp, nonce, ...); ``signing_key`` signs it (another key: a wrong signature)."""

    claims: dict = field(default_factory=dict)
    overrides: dict = field(default_factory=dict)
    signing_key: str = "provider"
    nonce: str = ""
    challenge: str = ""
    verifiers: list = field(default_factory=list)

    def authorize(self, location: str) -> str:
        """Read the authorisation request Koers sent; return its state."""
        query = parse_qs(urlparse(location).query)
        self.nonce = query["nonce"][0]
        self.challenge = query["code_challenge"][0]
        assert query["code_challenge_method"] == ["S256"]
        assert query["response_type"] == ["code"]
        return query["state"][0]

    def id_token(self) -> str:
        now = int(time.time())
        body = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
            **self.claims,
            **self.overrides,
        }
        body = {name: value for name, value in body.items() if value is not None}
        return jwt.encode(body, key(self.signing_key), algorithm="RS256", headers={"kid": KID})

    def post(self, url, data=None, **kwargs):
        assert url == SETTINGS["OIDC_OP_TOKEN_ENDPOINT"]
        verifier = data.get("code_verifier", "")
        self.verifiers.append(verifier)
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != self.challenge:
            return Response({"error": "invalid_grant"}, 400, url)
        return Response({"id_token": self.id_token(), "access_token": "at", "token_type": "Bearer"})

    def get(self, url, **kwargs):
        assert url == SETTINGS["OIDC_OP_JWKS_ENDPOINT"]
        return Response(jwks())
