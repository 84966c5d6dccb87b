"""Pseudonyms per context (DESIGN.md, "Pseudonyms per study").

A subject (participant or household) appears as HMAC-SHA256 of its internal id under a key
derived with HKDF-SHA256 from ``KOERS_PSEUDONYM_SECRET`` for one context: a research study
(``study:<code>``) or a financing agreement (``agreement:<code>``). Stable within a context,
unlinkable between contexts; without the secret nobody can go from a pseudonym back to an id
(re-identification goes through the privacy officer, who recomputes pseudonyms of candidates).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from privacy.keys import keyring

# Hex characters kept: 20 (80 bits) is far beyond collision risk for a million subjects and
# short enough for a spreadsheet column.
LENGTH = 20


def _context(kind: str, code: str) -> str:
    if kind not in {"study", "agreement"}:
        raise ValueError(f"Unknown pseudonym context kind {kind!r}")
    if not code:
        raise ValueError("A pseudonym context needs a code")
    return f"koers/pseudonym/v1/{kind}:{code}"


@lru_cache(maxsize=64)
def _key(context: str, secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context.encode()).derive(
        secret
    )


def context_key(kind: str, code: str) -> bytes:
    """The 32-byte pseudonym key of one study or agreement."""
    return _key(_context(kind, code), keyring().pseudonym_secret)


def pseudonym(kind: str, code: str, subject_id: uuid.UUID | str, *, subject: str = "p") -> str:
    """The pseudonym of one subject in one context. ``subject`` separates participants
    (``p``) from households (``h``), so the two can never collide or be matched."""
    key = context_key(kind, code)
    message = f"{subject}:{uuid.UUID(str(subject_id))}".encode()
    return subject + hmac.new(key, message, hashlib.sha256).hexdigest()[:LENGTH]


class Pseudonymiser:
    """Pseudonyms of many subjects in one context, deriving the key once."""

    def __init__(self, kind: str, code: str) -> None:
        self._key = context_key(kind, code)

    def __call__(self, subject_id: uuid.UUID | str, *, subject: str = "p") -> str:
        message = f"{subject}:{uuid.UUID(str(subject_id))}".encode()
        return subject + hmac.new(self._key, message, hashlib.sha256).hexdigest()[:LENGTH]
