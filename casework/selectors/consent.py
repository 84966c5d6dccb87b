"""Consent as the file shows it, and who has consent for a purpose."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from casework.models import Participant
from privacy import selectors as privacy_selectors
from privacy.models import Consent, Purpose


@dataclass
class ConsentRow:
    """One purpose in the file's consent section: the statement in force today (None: never
    asked) and every statement recorded for it, newest first."""

    purpose: str
    label: str
    current: Consent | None
    history: list[Consent]


def consent_overview(participant_id) -> list[ConsentRow]:
    """Per purpose (in the order of ``Purpose``), what is in force today and the history.
    One query; the caller has checked the scope (the file)."""
    today = timezone.localdate()
    by_purpose: dict[str, list[Consent]] = defaultdict(list)
    for consent in privacy_selectors.consent_history(participant_id):
        by_purpose[consent.purpose].append(consent)
    rows = []
    for purpose, label in Purpose.choices:
        history = by_purpose.get(purpose, [])
        current = next((c for c in history if c.effective_on <= today), None)
        rows.append(ConsentRow(purpose=purpose, label=label, current=current, history=history))
    return rows


def participants_with_consent(
    purpose: str, on_date: dt.date | None = None
) -> QuerySet[Participant]:
    """Participants (not erased) whose consent for ``purpose`` is in force on ``on_date``
    (default today): the latest statement on that date is 'given'. One query, no decryption
    and no scope: for exports and reports, which check their own access and select only
    non-identifying columns."""
    return Participant.objects.filter(
        erased_at__isnull=True,
        pk__in=privacy_selectors.subjects_with_consent(purpose, on_date),
    )


def sharing_consent_in_force(participant_id) -> bool:
    """Whether the participant's consent for sharing with partner organisations is in force
    today: the condition for showing one programme's part to another programme's team."""
    return privacy_selectors.has_consent(participant_id, Purpose.SHARING)
