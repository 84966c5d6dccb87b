"""Reads of due follow-ups and of young people turning 18 (18-/18+)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from casework import selectors as core
from casework.models import Enrolment, Participant
from privacy.crypto import Cipher
from schuldenvrij.models import (
    FollowUp,
    Forgiveness,
    PreventiveContact,
)
from schuldenvrij.selectors.base import NAME_FIELDS, _log, _name, _require, enrolments
from schuldenvrij.services import add_months


@dataclass(repr=False)
class FollowUpRow:
    follow_up: FollowUp
    name: str
    overdue: bool


def follow_ups_due(user: User, *, within_days: int = 31):
    """The follow-ups of the user's teams not yet done and due within ``within_days`` (or
    overdue), undecrypted: for counting."""
    return FollowUp.objects.filter(
        done_on__isnull=True,
        due_on__lte=timezone.localdate() + dt.timedelta(days=within_days),
        forgiveness__status=Forgiveness.Status.APPROVED,
        forgiveness__enrolment__in=enrolments(user),
    )


def due_follow_ups(user: User, *, within_days: int = 31) -> list[FollowUpRow]:
    """Follow-ups of the user's teams not yet done and due within ``within_days`` (or
    overdue), oldest first. A fixed number of queries for any length."""
    _require(user)
    today = timezone.localdate()
    follow_ups = list(
        follow_ups_due(user, within_days=within_days)
        .select_related("forgiveness__enrolment__participant__data_key")
        .order_by("due_on", "pk")
    )
    cipher = Cipher().load(f.forgiveness.enrolment.participant.data_key for f in follow_ups)
    rows = [
        FollowUpRow(
            follow_up=f,
            name=_name(
                core.decrypt_person(
                    f.forgiveness.enrolment.participant, cipher, show_bsn=False, fields=NAME_FIELDS
                )
            ),
            overdue=f.due_on < today,
        )
        for f in follow_ups
    ]
    _log(
        user, [r.follow_up.forgiveness.enrolment.participant_id for r in rows], "follow_ups", "list"
    )
    return rows


@dataclass(repr=False)
class YoungPersonRow:
    participant: Participant
    name: str
    date_of_birth: dt.date
    turns_18: dt.date
    programmes: list[str]
    contacts: list[PreventiveContact]

    @property
    def contacted(self) -> bool:
        return any(c.done for c in self.contacts)


def _young_people(user: User):
    """The participants visible to the user, with their key, their active enrolments in the
    user's scope (``scoped_enrolments``) and their preventive contacts, newest first
    (``contacts``)."""
    return (
        core.visible_participants(user)
        .select_related("data_key")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=core.visible_enrolments(user)
                .filter(status=Enrolment.Status.ACTIVE)
                .select_related("programme"),
                to_attr="scoped_enrolments",
            ),
            Prefetch(
                "schuldenvrij_contacts",
                queryset=PreventiveContact.objects.order_by("-date"),
                to_attr="contacts",
            ),
        )
    )


def _young_person(participant, cipher: Cipher) -> YoungPersonRow:
    """The row of a participant from ``_young_people``; no date of birth, no 18th birthday."""
    person = core.decrypt_person(
        participant, cipher, show_bsn=False, fields=(*NAME_FIELDS, "date_of_birth")
    )
    born = person.date_of_birth_value
    return YoungPersonRow(
        participant=participant,
        name=_name(person),
        date_of_birth=born,
        turns_18=add_months(born, 18 * 12) if born else None,
        programmes=sorted({e.programme.name_nl for e in participant.scoped_enrolments}),
        contacts=participant.contacts,
    )


def turning_18(
    user: User, *, today: dt.date | None = None, months: int = 3
) -> list[YoungPersonRow]:
    """Young people of the user's caseload (any programme of the user's teams) who turn 18
    within ``months`` months. Dates of birth are encrypted: the candidates' keys are loaded
    once and decrypted in memory; one access event per person listed."""
    _require(user)
    today = today or timezone.localdate()
    horizon = add_months(today, months)
    years = {today.year - 18, horizon.year - 18}
    candidates = list(
        _young_people(user).filter(Q(year_of_birth__in=years) | Q(year_of_birth__isnull=True))
    )
    cipher = Cipher().load(p.data_key for p in candidates)
    rows = []
    for participant in candidates:
        row = _young_person(participant, cipher)
        if row.turns_18 is not None and today <= row.turns_18 <= horizon:
            rows.append(row)
    rows.sort(key=lambda row: (row.turns_18, row.name.casefold()))
    _log(user, [row.participant.pk for row in rows], "turning_18", "list")
    return rows


def young_person_row(user: User, pk) -> YoungPersonRow:
    """One row of the 18-/18+ list (after recording a contact), logged as a view."""
    _require(user)
    participant = _young_people(user).filter(pk=pk).first()
    if participant is None:
        raise Http404
    row = _young_person(participant, cipher=Cipher().load([participant.data_key]))
    _log(user, [participant.pk], "turning_18", "view")
    return row
