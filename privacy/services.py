"""Writes of the privacy app: data keys."""

from __future__ import annotations

import uuid

from django.db import transaction

from privacy.crypto import new_raw_data_key, wrap_data_key
from privacy.models import DataKey


def create_data_key() -> DataKey:
    """A new random data key, wrapped under the newest key-encryption key."""
    datakey_id = uuid.uuid4()
    kek_id, wrapped = wrap_data_key(datakey_id, new_raw_data_key())
    datakey = DataKey(id=datakey_id, kek_id=kek_id, wrapped=wrapped)
    datakey.full_clean()
    with transaction.atomic():
        datakey.save(force_insert=True)
    return datakey


def build_data_key() -> DataKey:
    """An unsaved data key, for bulk creation (synthetic data, imports)."""
    datakey_id = uuid.uuid4()
    kek_id, wrapped = wrap_data_key(datakey_id, new_raw_data_key())
    return DataKey(id=datakey_id, kek_id=kek_id, wrapped=wrapped)
