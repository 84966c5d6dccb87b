"""Writes of the casework core: progress."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework.models import (
    Enrolment,
    ProgressEntry,
)
from casework.services.base import (
    _lock,
    _require_enrolment_scope,
    _save,
    seal_for_participant,
)
from casework.validation import check_text


def log_progress(
    *, actor: User, enrolment: Enrolment, date: dt.date, kind: str, note: str
) -> ProgressEntry:
    _require_enrolment_scope(actor, enrolment)
    note = check_text(note, field_name="note")
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    entry = ProgressEntry(enrolment=enrolment, date=date, kind=kind, author=actor)
    entry.note = seal_for_participant(enrolment, entry, "note", note)
    with transaction.atomic():
        _save(entry)
    return entry


def update_progress(
    *, actor: User, entry: ProgressEntry, expected_version: int, date: dt.date, kind: str, note: str
) -> ProgressEntry:
    _require_enrolment_scope(actor, entry.enrolment)
    note = check_text(note, field_name="note")
    if date > timezone.localdate():
        raise ValidationError({"date": [_("De datum ligt in de toekomst.")]})
    with transaction.atomic():
        current = _lock(ProgressEntry, entry.pk, expected_version)
        current.date, current.kind = date, kind
        current.note = seal_for_participant(entry.enrolment, current, "note", note)
        _save(current)
    return current
