"""Envelope encryption of identifiers and free text.

Every participant (and household) has a data key of its own: 32 random bytes, kept only
wrapped (AES-256-GCM) under the newest key-encryption key of ``KOERS_KEKS``. A value is
sealed with AES-256-GCM under its data key; the associated data binds the ciphertext to
the table, column and row it belongs to, so a ciphertext copied to another row or column
does not decrypt. The stored envelope is text::

    k1.<data key id, hex>.<base64url(nonce || ciphertext+tag)>

Destroying a data key (erasure) makes every envelope under it unreadable.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privacy.keys import keyring

if TYPE_CHECKING:
    from django.db.models import Model

    from privacy.models import DataKey

ENVELOPE_VERSION = "k1"
ENVELOPE_RE = re.compile(r"k1\.[0-9a-f]{32}\.[A-Za-z0-9_-]+")
NONCE_BYTES = 12
BYTES_VERSION = b"k1"  # sealed bytes (files) start with it


class DecryptionError(Exception):
    """A value could not be decrypted: tampered, moved to another row, or wrong key."""


class KeyDestroyedError(DecryptionError):
    """The data key was destroyed (the participant was erased)."""


def is_envelope(value: object) -> bool:
    return isinstance(value, str) and bool(ENVELOPE_RE.fullmatch(value))


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def associated_data(model: type[Model], column: str, row_pk: object) -> bytes:
    return f"koers|{model._meta.db_table}|{column}|{row_pk}".encode()


# --- data keys ----------------------------------------------------------------------------


def _wrap_aad(datakey_id: uuid.UUID, kek_id: str) -> bytes:
    return f"koers|datakey|{datakey_id.hex}|{kek_id}".encode()


def wrap_data_key(
    datakey_id: uuid.UUID, raw_key: bytes, kek_id: str | None = None
) -> tuple[str, str]:
    ring = keyring()
    kek_id = kek_id or ring.current_kek_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.kek(kek_id)).encrypt(nonce, raw_key, _wrap_aad(datakey_id, kek_id))
    return kek_id, _b64e(nonce + sealed)


def unwrap_data_key(datakey_id: uuid.UUID, kek_id: str, wrapped: str) -> bytes:
    kek = keyring().kek(kek_id)
    try:
        raw = _b64d(wrapped)
        return AESGCM(kek).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _wrap_aad(datakey_id, kek_id)
        )
    except (InvalidTag, binascii.Error, ValueError):
        raise DecryptionError(
            "A data key could not be unwrapped with its key-encryption key."
        ) from None


def new_raw_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


# --- values -------------------------------------------------------------------------------


class Cipher:
    """Seals and opens values; unwraps each data key at most once (one per request or job)."""

    def __init__(self) -> None:
        self._keys: dict[uuid.UUID, AESGCM | None] = {}

    def load(self, datakeys: Iterable[DataKey]) -> Cipher:
        for datakey in datakeys:
            self._remember(datakey)
        return self

    def _remember(self, datakey: DataKey) -> AESGCM | None:
        if datakey.pk not in self._keys:
            if datakey.destroyed_at is not None or not datakey.wrapped:
                self._keys[datakey.pk] = None
            else:
                self._keys[datakey.pk] = AESGCM(
                    unwrap_data_key(datakey.pk, datakey.kek_id, datakey.wrapped)
                )
        return self._keys[datakey.pk]

    def _aead(self, datakey_id: uuid.UUID) -> AESGCM:
        if datakey_id not in self._keys:
            from privacy.models import DataKey

            datakey = DataKey.objects.filter(pk=datakey_id).first()
            if datakey is None:
                raise DecryptionError("Unknown data key.")
            self._remember(datakey)
        aead = self._keys[datakey_id]
        if aead is None:
            raise KeyDestroyedError("The data key was destroyed.")
        return aead

    def seal(
        self,
        *,
        datakey: DataKey,
        model: type[Model],
        column: str,
        row_pk: object,
        plaintext: str | None,
    ) -> str | None:
        """Encrypt ``plaintext`` for one cell; None and "" stay None (nothing stored)."""
        if plaintext is None or plaintext == "":
            return None
        nonce, sealed = self._encrypt(datakey, model, column, row_pk, plaintext.encode("utf-8"))
        return f"{ENVELOPE_VERSION}.{datakey.pk.hex}.{_b64e(nonce + sealed)}"

    def _encrypt(
        self, datakey: DataKey, model: type[Model], column: str, row_pk: object, data: bytes
    ) -> tuple[bytes, bytes]:
        """A fresh nonce and ``data`` encrypted under the data key, bound to table, column and
        row: the one encryption behind ``seal`` and ``seal_bytes``."""
        if row_pk is None:
            # Bound to "None", the ciphertext would open in every unsaved row of the table.
            raise ValueError("A value can only be sealed for a row with a primary key.")
        aead = self._remember(datakey)
        if aead is None:
            raise KeyDestroyedError("The data key was destroyed.")
        nonce = os.urandom(NONCE_BYTES)
        return nonce, aead.encrypt(nonce, data, associated_data(model, column, row_pk))

    def open(
        self, *, model: type[Model], column: str, row_pk: object, envelope: str | None
    ) -> str | None:
        """Decrypt one cell; raises DecryptionError when it was tampered with or moved."""
        if envelope is None or envelope == "":
            return None
        if not is_envelope(envelope):
            raise DecryptionError("The stored value is not an envelope.")
        _, key_hex, body = envelope.split(".", 2)
        aead = self._aead(uuid.UUID(hex=key_hex))
        try:
            raw = _b64d(body)
            plain = aead.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data(model, column, row_pk)
            )
            return plain.decode("utf-8")
        except (InvalidTag, binascii.Error, ValueError):
            # ValueError: truncated body (shorter than nonce and tag) or invalid UTF-8.
            raise DecryptionError(
                f"A value of {model._meta.db_table}.{column} did not decrypt for its row."
            ) from None

    # Files (documents): the same AES-256-GCM under the same data key, bound the same way to
    # table, column and row, but kept as bytes: version, data key id, nonce, ciphertext+tag.

    def seal_bytes(
        self, *, datakey: DataKey, model: type[Model], column: str, row_pk: object, data: bytes
    ) -> bytes:
        """Encrypt a file's bytes for one cell (see ``seal``; empty bytes are sealed too)."""
        nonce, sealed = self._encrypt(datakey, model, column, row_pk, bytes(data))
        return BYTES_VERSION + datakey.pk.bytes + nonce + sealed

    def open_bytes(
        self, *, model: type[Model], column: str, row_pk: object, sealed: bytes
    ) -> bytes:
        """Decrypt what ``seal_bytes`` made; DecryptionError when tampered with or moved,
        KeyDestroyedError once the data key was destroyed."""
        sealed = bytes(sealed or b"")  # PostgreSQL gives a memoryview
        head = len(BYTES_VERSION) + 16
        if not sealed.startswith(BYTES_VERSION) or len(sealed) < head + NONCE_BYTES + 16:
            raise DecryptionError(f"A value of {model._meta.db_table}.{column} is not sealed.")
        aead = self._aead(uuid.UUID(bytes=sealed[len(BYTES_VERSION) : head]))
        try:
            return aead.decrypt(
                sealed[head : head + NONCE_BYTES],
                sealed[head + NONCE_BYTES :],
                associated_data(model, column, row_pk),
            )
        except InvalidTag:
            raise DecryptionError(
                f"A value of {model._meta.db_table}.{column} did not decrypt for its row."
            ) from None


# --- blind index --------------------------------------------------------------------------


def blind_index(kind: str, normalised_value: str) -> str:
    """HMAC-SHA256 under the blind-index key; equal inputs of one kind give equal indexes."""
    message = f"{kind}:{normalised_value}".encode()
    return hmac.new(keyring().blind_index_key, message, hashlib.sha256).hexdigest()
