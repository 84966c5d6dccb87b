"""Reads of the privacy app."""

from __future__ import annotations

from collections.abc import Iterable

from privacy.crypto import Cipher
from privacy.models import DataKey


def cipher_for(datakey_ids: Iterable) -> Cipher:
    """A cipher with the given data keys unwrapped in one query."""
    ids = {key_id for key_id in datakey_ids if key_id is not None}
    return Cipher().load(DataKey.objects.filter(pk__in=ids))
