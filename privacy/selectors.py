"""Reads of the privacy app."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from privacy.crypto import Cipher
from privacy.models import AccessEvent, Consent, DataKey, DataSubjectRequest, ErasureRequest


def cipher_for(datakey_ids: Iterable) -> Cipher:
    """A cipher with the given data keys unwrapped in one query."""
    ids = {key_id for key_id in datakey_ids if key_id is not None}
    return Cipher().load(DataKey.objects.filter(pk__in=ids))


# --- consent ------------------------------------------------------------------------------


def subjects_with_consent(purpose: str, on: dt.date | None = None) -> QuerySet:
    """Subject ids whose latest consent statement for ``purpose`` on date ``on`` is 'given'.

    The latest statement is the one in force on ``on`` (``effective_on <= on``) with no later
    one: a later ``effective_on``, or the same day recorded later. Written as an anti-join
    (NOT EXISTS a later statement), which PostgreSQL runs as one hash anti-join over the
    statements, not a sub-select per row, and whose row estimate is close enough for the
    callers' plans (a sub-select compared with 'given' is estimated at one row, which made
    PostgreSQL loop over every score of an export once per person: issue 20). SQLite looks
    the later statement up in ``privacy_consent_lookup_idx``.

    A queryset of ids, to be used in ``filter(pk__in=...)`` (one query with the caller's).
    """
    on = on or timezone.localdate()
    in_force = Consent.objects.filter(purpose=purpose, effective_on__lte=on)
    later = in_force.filter(subject_id=OuterRef("subject_id")).filter(
        Q(effective_on__gt=OuterRef("effective_on"))
        | Q(effective_on=OuterRef("effective_on"), recorded_at__gt=OuterRef("recorded_at"))
    )
    return (
        in_force.filter(status=Consent.Status.GIVEN)
        .filter(~Exists(later))
        .order_by()
        .values("subject_id")
    )


def has_consent(subject_id: uuid.UUID, purpose: str, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    latest = (
        Consent.objects.filter(subject_id=subject_id, purpose=purpose, effective_on__lte=on)
        .order_by("-effective_on", "-recorded_at")
        .first()
    )
    return latest is not None and latest.status == Consent.Status.GIVEN


def consent_history(subject_id: uuid.UUID) -> list[Consent]:
    return list(
        Consent.objects.filter(subject_id=subject_id)
        .select_related("recorded_by")
        .order_by("purpose", "-effective_on", "-recorded_at")
    )


def current_consents(subject_id: uuid.UUID) -> dict[str, Consent | None]:
    """Per purpose, the statement in force today (or None when nothing was recorded)."""
    from privacy.models import Purpose

    today = timezone.localdate()
    result: dict[str, Consent | None] = {purpose: None for purpose in Purpose.values}
    for consent in consent_history(subject_id):
        if consent.effective_on <= today and result.get(consent.purpose) is None:
            result[consent.purpose] = consent
    return result


# --- access log, requests, erasure ---------------------------------------------------------


def access_events_for(subject_id: uuid.UUID, *, limit: int | None = None) -> list[AccessEvent]:
    events = (
        AccessEvent.objects.filter(subject_id=subject_id)
        .select_related("user")
        .order_by("-occurred_at", "-id")
    )
    return list(events[:limit] if limit else events)


def open_requests() -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(status__in=["open", "in_progress"]).order_by(
        "deadline"
    )


def requests_for(subject_id: uuid.UUID) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(subject_id=subject_id).order_by("-received_on")


def pending_erasures() -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING).select_related(
        "requested_by"
    )
