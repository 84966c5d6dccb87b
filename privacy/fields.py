"""Model fields that only ever store ciphertext."""

from __future__ import annotations

from django.db import models

from privacy.crypto import is_envelope


class EncryptedField(models.TextField):
    """Holds an envelope made by ``privacy.crypto.Cipher.seal`` and refuses anything else.

    Encryption happens in services, which know the row's data key; this field is the last
    line of defence against a plaintext value reaching the database.
    """

    description = "Encrypted value (envelope)"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return None
        if not is_envelope(value):
            raise ValueError(
                f"Refusing to store a plaintext value in encrypted field {self.name!r}."
            )
        return value


class BlindIndexField(models.CharField):
    """HMAC-SHA256 hex digest for exact-match lookup of an encrypted value."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)
