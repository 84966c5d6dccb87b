"""Key material from settings: key-encryption keys (newest first) and the blind-index key.

Every key is 32 random bytes, base64 encoded. A key-encryption key has an id so that
wrapped data keys say which key wrapped them, and old keys can be rotated out later.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


@dataclass(frozen=True)
class Keyring:
    keks: tuple[tuple[str, bytes], ...]  # newest first
    blind_index_key: bytes
    pseudonym_secret: bytes
    # HMAC keys of the access log, newest first; never in the database.
    audit_keys: tuple[tuple[str, bytes], ...] = ()

    @property
    def current_audit_key(self) -> tuple[str, bytes]:
        return self.audit_keys[0]

    def audit_key(self, key_id: str) -> bytes | None:
        return dict(self.audit_keys).get(key_id)

    @property
    def current_kek_id(self) -> str:
        return self.keks[0][0]

    def kek(self, kek_id: str) -> bytes:
        for candidate_id, key in self.keks:
            if candidate_id == kek_id:
                return key
        raise ImproperlyConfigured(
            f"Key-encryption key {kek_id!r} is not in KOERS_KEKS; add it back (after the newest) "
            "so the data keys wrapped under it can be read."
        )


def _decode_key(value: str, variable: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{variable} is not valid base64.") from None
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{variable} must be 32 bytes (base64 of 32 random bytes).")
    return raw


def parse_keks(value: str, variable: str = "KOERS_KEKS") -> tuple[tuple[str, bytes], ...]:
    """A list of keys with ids, newest first: "id:base64key,id:base64key"."""
    if not value or not value.strip():
        raise ImproperlyConfigured(
            f"Set {variable} to one or more keys, newest first: 'id:base64key,id:base64key'."
        )
    keks: list[tuple[str, bytes]] = []
    for part in value.split(","):
        if ":" not in part:
            raise ImproperlyConfigured(f"Each entry of {variable} must be 'id:base64key'.")
        kek_id, encoded = part.split(":", 1)
        kek_id = kek_id.strip()
        if not KEY_ID.match(kek_id):
            raise ImproperlyConfigured(
                f"A key id in {variable} may hold only letters, digits, - and _ (1-32)."
            )
        if any(kek_id == seen for seen, _ in keks):
            raise ImproperlyConfigured(f"Key id {kek_id!r} appears twice in {variable}.")
        keks.append((kek_id, _decode_key(encoded, f"{variable} entry {kek_id!r}")))
    return tuple(keks)


@cache
def keyring() -> Keyring:
    if not settings.KOERS_BLIND_INDEX_KEY:
        raise ImproperlyConfigured("Set KOERS_BLIND_INDEX_KEY (base64 of 32 random bytes).")
    if not settings.KOERS_PSEUDONYM_SECRET:
        raise ImproperlyConfigured("Set KOERS_PSEUDONYM_SECRET (base64 of 32 random bytes).")
    ring = Keyring(
        keks=parse_keks(settings.KOERS_KEKS),
        blind_index_key=_decode_key(settings.KOERS_BLIND_INDEX_KEY, "KOERS_BLIND_INDEX_KEY"),
        pseudonym_secret=_decode_key(settings.KOERS_PSEUDONYM_SECRET, "KOERS_PSEUDONYM_SECRET"),
        audit_keys=parse_keks(settings.KOERS_AUDIT_KEY, "KOERS_AUDIT_KEY"),
    )
    if ring.blind_index_key in {key for _, key in ring.keks}:
        raise ImproperlyConfigured(
            "KOERS_BLIND_INDEX_KEY must differ from every key in KOERS_KEKS."
        )
    if ring.pseudonym_secret in {key for _, key in ring.keks} | {ring.blind_index_key}:
        raise ImproperlyConfigured(
            "KOERS_PSEUDONYM_SECRET must differ from KOERS_BLIND_INDEX_KEY and every key in "
            "KOERS_KEKS."
        )
    others = {key for _, key in ring.keks} | {ring.blind_index_key, ring.pseudonym_secret}
    if others & {key for _, key in ring.audit_keys}:
        raise ImproperlyConfigured("KOERS_AUDIT_KEY must differ from every other key.")
    return ring


def reset_keyring_cache() -> None:
    keyring.cache_clear()
