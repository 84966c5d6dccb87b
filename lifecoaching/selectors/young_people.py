"""Young people: the team's list, one young person's page, and a session or school status to
correct."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Max

from accounts.models import User
from casework import selectors as core
from casework.models import Enrolment
from casework.selectors.paging import page_of
from lifecoaching.models import CoachMatch, CoachSession, SchoolStatus
from lifecoaching.selectors.coaches import coach_views
from lifecoaching.selectors.scope import (
    _log,
    get_enrolment,
    get_school_status,
    get_session,
    lifecoaching_enrolments,
)
from privacy.crypto import Cipher


@dataclass(repr=False)
class YoungPersonRow:
    enrolment: Enrolment
    name: str
    match: CoachMatch | None = None
    coach_name: str | None = None
    session_count: int = 0
    last_session: dt.date | None = None
    school: SchoolStatus | None = None


def _names(participants, cipher: Cipher) -> dict:
    result = {}
    for p in participants:
        person = core.decrypt_person(
            p, cipher, show_bsn=False, fields=("given_name", "family_name", "client_ref")
        )
        result[p.pk] = person.display_name
    return result


def _latest_status_by_enrolment(enrolment_ids) -> dict:
    latest = {}
    for status in SchoolStatus.objects.filter(enrolment_id__in=enrolment_ids).order_by(
        "date", "created_at"
    ):
        latest[status.enrolment_id] = status
    return latest


def young_people(user: User, *, log: bool = True) -> list[YoungPersonRow]:
    """The user's lifecoaching young people (active enrolments of the user's teams) with their
    coach, sessions and latest school status, by name: a fixed number of queries for any
    number."""
    enrolments, names = _by_name(user)
    rows = _rows(enrolments, names)
    if log:
        _log(user, [r.enrolment.participant_id for r in rows], "lifecoaching_young_people", "list")
    return rows


def young_people_page(user: User, page: int | str = 1) -> tuple[list[YoungPersonRow], Page]:
    """One page of 50 of ``young_people``: every name is decrypted for the order, but only
    the page's rows are read further and logged."""
    enrolments, names = _by_name(user)

    def rows(chosen: list[Enrolment]) -> list[YoungPersonRow]:
        shown = _rows(chosen, names)
        _log(user, [r.enrolment.participant_id for r in shown], "lifecoaching_young_people", "list")
        return shown

    current = page_of(enrolments, page, rows)
    return list(current.object_list), current


def _by_name(user: User) -> tuple[list[Enrolment], dict]:
    enrolments = list(
        lifecoaching_enrolments(user)
        .filter(status=Enrolment.Status.ACTIVE)
        .select_related("participant__data_key", "team")
        .order_by("start_date", "id")
    )
    cipher = Cipher().load(e.participant.data_key for e in enrolments)
    names = _names([e.participant for e in enrolments], cipher)
    enrolments.sort(key=lambda e: names[e.participant_id].lower())
    return enrolments, names


def _rows(enrolments: list[Enrolment], names: dict) -> list[YoungPersonRow]:
    ids = [e.pk for e in enrolments]
    matches = {
        m.enrolment_id: m
        for m in CoachMatch.objects.filter(
            enrolment_id__in=ids, end_date__isnull=True
        ).select_related("coach__data_key")
    }
    coach_names = {
        v.coach.pk: v.name for v in coach_views([m.coach for m in matches.values()], contact=False)
    }
    sessions = {
        row["match__enrolment_id"]: row
        for row in CoachSession.objects.filter(match__enrolment_id__in=ids)
        .values("match__enrolment_id")
        .annotate(n=Count("id"), last=Max("date"))
    }
    latest = _latest_status_by_enrolment(ids)
    rows = []
    for e in enrolments:
        match = matches.get(e.pk)
        stats = sessions.get(e.pk, {})
        rows.append(
            YoungPersonRow(
                enrolment=e,
                name=names[e.participant_id],
                match=match,
                coach_name=coach_names.get(match.coach_id) if match else None,
                session_count=stats.get("n", 0),
                last_session=stats.get("last"),
                school=latest.get(e.pk),
            )
        )
    return rows


@dataclass(repr=False)
class SessionView:
    session: CoachSession
    note: str | None


@dataclass(repr=False)
class StatusView:
    status: SchoolStatus
    school_name: str | None


@dataclass(repr=False)
class MatchView:
    match: CoachMatch
    coach_name: str | None


@dataclass(repr=False)
class YoungPersonPage:
    enrolment: Enrolment
    name: str
    matches: list[MatchView] = field(default_factory=list)
    sessions: list[SessionView] = field(default_factory=list)
    statuses: list[StatusView] = field(default_factory=list)

    @property
    def current_match(self) -> MatchView | None:
        return next((m for m in self.matches if m.match.end_date is None), None)

    @property
    def latest_status(self) -> StatusView | None:
        return self.statuses[0] if self.statuses else None


def young_person(user: User, pk, *, log: bool = True) -> YoungPersonPage:
    """One young person's lifecoaching page: matches, sessions (notes), school statuses."""
    enrolment = get_enrolment(user, pk)
    cipher = Cipher().load([enrolment.participant.data_key])
    name = _names([enrolment.participant], cipher)[enrolment.participant_id]
    matches = list(
        enrolment.lifecoaching_matches.select_related("coach__data_key").order_by(
            "-start_date", "-created_at"
        )
    )
    coach_names = {
        v.coach.pk: v.name
        for v in coach_views([m.coach for m in matches], cipher=cipher, contact=False)
    }
    sessions = CoachSession.objects.filter(match__enrolment=enrolment).order_by(
        "-date", "-created_at"
    )
    statuses = enrolment.lifecoaching_school.order_by("-date", "-created_at")
    page = YoungPersonPage(
        enrolment=enrolment,
        name=name,
        matches=[MatchView(m, coach_names.get(m.coach_id)) for m in matches],
        sessions=[
            SessionView(
                s, cipher.open(model=CoachSession, column="note", row_pk=s.pk, envelope=s.note)
            )
            for s in sessions
        ],
        statuses=[
            StatusView(
                s,
                cipher.open(
                    model=SchoolStatus, column="school_name", row_pk=s.pk, envelope=s.school_name
                ),
            )
            for s in statuses
        ],
    )
    if log:
        _log(user, [enrolment.participant_id], "lifecoaching_young_person", "view")
    return page


def session_detail(user: User, pk, *, log: bool = True) -> SessionView:
    """One session with its note decrypted (to correct it); logs the view."""
    session = get_session(user, pk)
    participant = session.match.enrolment.participant
    cipher = Cipher().load([participant.data_key])
    note = cipher.open(model=CoachSession, column="note", row_pk=session.pk, envelope=session.note)
    if log:
        _log(user, [participant.pk], "lifecoaching_session", "view")
    return SessionView(session, note)


def school_status_detail(user: User, pk, *, log: bool = True) -> StatusView:
    """One school status with the school's name decrypted (to correct it); logs the view."""
    status = get_school_status(user, pk)
    participant = status.enrolment.participant
    cipher = Cipher().load([participant.data_key])
    school_name = cipher.open(
        model=SchoolStatus, column="school_name", row_pk=status.pk, envelope=status.school_name
    )
    if log:
        _log(user, [participant.pk], "lifecoaching_school_status", "view")
    return StatusView(status, school_name)
