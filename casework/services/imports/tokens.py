"""The file of an upload, carried from its preview to its confirmation in a sealed token.

Between the preview and the confirmation the file must be kept somewhere, and an import file
is full of identifiers. Koers keeps it nowhere on the server: the preview page holds it in a
hidden form field as a Fernet token (AES-128-CBC with HMAC-SHA256, from ``cryptography``), so
that

- it is never readable at rest or in a URL: the page carries ciphertext only, and the
  confirmation is a POST (the token is never in a query string, a session row or a log);
- it cannot be altered: Fernet authenticates the token; a changed token is refused whole;
- it expires: a token older than ``MAX_AGE`` seconds is refused;
- it is bound to its user and its kind: the key is derived (HKDF-SHA256) from the
  key-encryption keys for one user id and one import kind, and the payload names both
  again, so another user's token, or a participants token posted as measurements, does not
  open;
- it follows key rotation: every key-encryption key in ``KOERS_KEKS`` gives a key (the newest
  seals), so a rotation does not break a preview that is open.

Nothing is written before the confirmation, and the confirmation reads the file from the
token and runs the whole validation again before it writes.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from privacy.keys import keyring

MAX_AGE = 30 * 60  # seconds between the preview and the confirmation
KINDS = ("participants", "measurements")


class InvalidImportToken(Exception):
    """The token was altered, expired, or belongs to another user or kind."""

    message = (
        "De bevestiging is verlopen of ongeldig (de voorvertoning is ouder dan een half uur, "
        "of het formulier is gewijzigd). Er is niets geïmporteerd. Upload het bestand opnieuw."
    )

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PendingImport:
    """What a confirmation needs: the file as uploaded, and the choices of the upload form."""

    kind: str
    data: bytes
    team_id: int | None = None
    legal_basis: str = ""

    def __repr__(self) -> str:  # never print the file
        return f"PendingImport({self.kind}, {len(self.data)} bytes)"


def _fernet(user_id: int, kind: str) -> MultiFernet:
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}")
    info = f"koers/import-token/v1/{kind}/{user_id}".encode()
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(kek)
                )
            )
            for _kek_id, kek in keyring().keks
        ]
    )


def seal(*, user, pending: PendingImport) -> str:
    """The token of ``pending`` for ``user``: compressed, then encrypted and authenticated."""
    payload = {
        "user": user.pk,
        "kind": pending.kind,
        "team": pending.team_id,
        "legal_basis": pending.legal_basis,
        "data": base64.b64encode(zlib.compress(pending.data)).decode("ascii"),
    }
    token = _fernet(user.pk, pending.kind).encrypt(json.dumps(payload).encode())
    return token.decode("ascii")


def unseal(*, user, kind: str, token: str) -> PendingImport:
    """The pending import in ``token``, if it is intact, younger than ``MAX_AGE`` and made for
    this user and this kind; InvalidImportToken otherwise."""
    if kind not in KINDS or not token:
        raise InvalidImportToken
    try:
        raw = _fernet(user.pk, kind).decrypt(token.encode("ascii"), ttl=MAX_AGE)
        payload = json.loads(raw)
        if payload["user"] != user.pk or payload["kind"] != kind:
            raise InvalidImportToken
        return PendingImport(
            kind=kind,
            data=zlib.decompress(base64.b64decode(payload["data"])),
            team_id=payload["team"],
            legal_basis=payload["legal_basis"],
        )
    except (InvalidToken, UnicodeEncodeError, ValueError, KeyError, TypeError, zlib.error):
        raise InvalidImportToken from None
