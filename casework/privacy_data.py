"""Shared building blocks for each programme's part of the right of access (``subject_data``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import models

from privacy.crypto import Cipher, DecryptionError
from privacy.fields import EncryptedField

UNREADABLE = "[onleesbaar]"


def plain(value):
    """A stored value as JSON (and PDF) can show it: dates in ISO form, amounts as strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _opened(obj, field, cipher: Cipher):
    try:
        return cipher.open(
            model=type(obj),
            column=field.name,
            row_pk=obj.pk,
            envelope=getattr(obj, field.attname),
        )
    except DecryptionError:
        return UNREADABLE


def record_row(obj, cipher: Cipher, *, skip: Iterable[str], extra: dict | None = None) -> dict:
    """One record as a row: every concrete field but ``skip``, encrypted fields decrypted (or
    marked unreadable once the key is destroyed), foreign keys by id; then ``extra``."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        if isinstance(field, EncryptedField):
            row[field.name] = _opened(obj, field, cipher)
        else:
            row[field.name] = plain(getattr(obj, field.attname))
    row.update(extra or {})
    return row


def row_maker(skip: Iterable[str]) -> Callable[..., dict]:
    """A programme's ``_row(obj, cipher, **extra)``: ``record_row`` with that programme's
    skipped fields (links that the block titles and extra columns already say)."""
    skipped = frozenset(skip)

    def _row(obj, cipher: Cipher, **extra) -> dict:
        return record_row(obj, cipher, skip=skipped, extra=extra)

    return _row


def own_or_enrolled(participant) -> models.Q:
    """Records linked to the participant directly or through one of their enrolments."""
    return models.Q(participant=participant) | models.Q(enrolment__participant=participant)


def document_rows(participant, cipher: Cipher) -> list[dict]:
    """The participant's documents for the right of access: every one ever added (removed ones
    too, with when), its name decrypted; the bytes are not part of the report."""
    from casework.models import Document

    documents = (
        Document.objects.filter(participant=participant)
        .defer("content")
        .select_related("enrolment__programme", "uploaded_by", "removed_by")
        .order_by("uploaded_at", "pk")
    )
    return [
        {
            "id": str(document.pk),
            "name": _opened(document, Document._meta.get_field("name"), cipher),
            "content_type": document.content_type,
            "size": document.size,
            "programme": document.enrolment.programme.code if document.enrolment else None,
            "uploaded_at": plain(document.uploaded_at),
            "uploaded_by": document.uploaded_by.get_username(),
            "removed_at": plain(document.removed_at),
            "removed_by": document.removed_by.get_username() if document.removed_by else None,
        }
        for document in documents
    ]
