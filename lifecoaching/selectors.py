"""Reads of the lifecoaching app, always for an acting user and within that user's scope.

Lists decrypt in bulk (one ``Cipher().load`` over the data keys of the rows shown) and use a
fixed number of queries for any number of rows. Page-level reads log one access event per
participant (and per coach) whose decrypted data they return; ``file_section`` does not log
(the file page does)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import has_role
from accounts.roles import PROGRAMME_OFFICE, TEAM_LEAD
from casework import permissions
from casework import selectors as core
from casework.models import Enrolment, Participant
from lifecoaching import tables
from lifecoaching.models import (
    Coach,
    CoachMatch,
    CoachSession,
    Interest,
    SchoolLevel,
    SchoolStatus,
    at_advised_level,
)
from privacy import services as privacy_services
from privacy.crypto import Cipher
from privacy.periods import Period
from privacy.release import (
    Audience,
    Figure,
    Scope,
    audience_for,
    log_view,
    release,
    tabulate,
    tabulate_units,
)

PROGRAMME = "lifecoaching"
VOG_WARNING_DAYS = 60


def _log(user, subject_ids, what: str, action: str, subject_type: str = "participant") -> None:
    ids = list(dict.fromkeys(subject_ids))
    if not ids:
        return
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=pk, what=what, action=action, subject_type=subject_type
            )
            for pk in ids
        ],
        purpose="care",
    )


# --- scope --------------------------------------------------------------------------------


def visible_coaches(user: User) -> QuerySet[Coach]:
    """Coaches of the user's active teams (file roles only)."""
    if not permissions.has_file_access(user):
        return Coach.objects.none()
    return Coach.objects.filter(team_id__in=permissions.member_teams_subquery(user))


def get_coach(user: User, pk) -> Coach:
    coach = visible_coaches(user).select_related("data_key", "team").filter(pk=pk).first()
    if coach is None:
        raise Http404
    return coach


def lifecoaching_enrolments(user: User) -> QuerySet[Enrolment]:
    return core.visible_enrolments(user).filter(programme__code=PROGRAMME)


def get_enrolment(user: User, pk) -> Enrolment:
    enrolment = (
        lifecoaching_enrolments(user)
        .select_related("participant__data_key", "programme", "team")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def visible_matches(user: User) -> QuerySet[CoachMatch]:
    return CoachMatch.objects.filter(enrolment__in=lifecoaching_enrolments(user))


def get_match(user: User, pk) -> CoachMatch:
    match = (
        visible_matches(user)
        .select_related("enrolment__participant__data_key", "enrolment__programme", "coach")
        .filter(pk=pk)
        .first()
    )
    if match is None:
        raise Http404
    return match


def visible_sessions(user: User) -> QuerySet[CoachSession]:
    return CoachSession.objects.filter(match__enrolment__in=lifecoaching_enrolments(user))


def visible_school_statuses(user: User) -> QuerySet[SchoolStatus]:
    return SchoolStatus.objects.filter(enrolment__in=lifecoaching_enrolments(user))


def get_session(user: User, pk) -> CoachSession:
    session = (
        visible_sessions(user)
        .select_related("match__enrolment__participant__data_key", "match__enrolment__programme")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def get_school_status(user: User, pk) -> SchoolStatus:
    status = (
        visible_school_statuses(user)
        .select_related("enrolment__participant__data_key", "enrolment__programme")
        .filter(pk=pk)
        .first()
    )
    if status is None:
        raise Http404
    return status


# --- coaches ------------------------------------------------------------------------------


@dataclass(repr=False)
class CoachView:
    coach: Coach
    name: str | None
    contact: str | None
    running: int = 0

    @property
    def free(self) -> int:
        return max(self.coach.capacity - self.running, 0)

    @property
    def interest_labels(self) -> list[str]:
        labels = dict(Interest.choices)
        return [str(labels.get(code, code)) for code in self.coach.interests]

    @property
    def vog_state(self) -> str:
        today = timezone.localdate()
        expiry = self.coach.vog_expiry
        if expiry is None:
            return "missing"
        if expiry < today:
            return "expired"
        if expiry <= today + dt.timedelta(days=VOG_WARNING_DAYS):
            return "expiring"
        return "valid"


def coach_views(coaches, *, cipher: Cipher | None = None, contact: bool = True) -> list[CoachView]:
    """Decrypt names (and contact) of coaches in bulk, with their running match counts."""
    coaches = list(coaches)
    cipher = cipher or Cipher()
    cipher.load(c.data_key for c in coaches)
    running = dict(
        CoachMatch.objects.filter(coach__in=[c.pk for c in coaches], end_date__isnull=True)
        .values("coach_id")
        .annotate(n=Count("id"))
        .values_list("coach_id", "n")
    )
    return [
        CoachView(
            coach=c,
            name=cipher.open(model=Coach, column="name", row_pk=c.pk, envelope=c.name),
            contact=cipher.open(model=Coach, column="contact", row_pk=c.pk, envelope=c.contact)
            if contact
            else None,
            running=running.get(c.pk, 0),
        )
        for c in coaches
    ]


def coach_list(user: User, *, log: bool = True) -> list[CoachView]:
    coaches = visible_coaches(user).select_related("data_key", "team").order_by("created_at")
    views = sorted(coach_views(coaches), key=lambda v: (not v.coach.active, (v.name or "").lower()))
    if log:
        _log(user, [v.coach.pk for v in views], "lifecoaching_coaches", "list", "coach")
    return views


def vog_expiring(views: list[CoachView]) -> list[CoachView]:
    """Active coaches whose VOG has expired or expires within 60 days, soonest first."""
    return sorted(
        (v for v in views if v.coach.active and v.vog_state in {"expired", "expiring"}),
        key=lambda v: v.coach.vog_expiry,
    )


def coach_detail(user: User, pk, *, log: bool = True) -> CoachView:
    view = coach_views([get_coach(user, pk)])[0]
    if log:
        _log(user, [view.coach.pk], "lifecoaching_coach", "view", "coach")
    return view


def suggestions(
    user: User, enrolment: Enrolment, *, interests=(), on: dt.date | None = None
) -> list[CoachView]:
    """Coaches a young person can choose from: active, of the enrolment's team, a VOG valid
    on ``on``, a free place; those sharing most of ``interests`` first. Nothing is logged
    here: the caller logs the page."""
    on = on or timezone.localdate()
    coaches = (
        visible_coaches(user)
        .filter(team_id=enrolment.team_id, active=True, vog_expiry__gte=on, vog_date__lte=on)
        .select_related("data_key")
    )
    wanted = set(interests or ())
    views = [v for v in coach_views(coaches, contact=False) if v.free > 0]
    if wanted:
        views = [v for v in views if wanted & set(v.coach.interests)]
    return sorted(
        views,
        key=lambda v: (-len(wanted & set(v.coach.interests)), -v.free, (v.name or "").lower()),
    )


# --- young people -------------------------------------------------------------------------


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
    coach, sessions and latest school status: a fixed number of queries for any number."""
    enrolments = list(
        lifecoaching_enrolments(user)
        .filter(status=Enrolment.Status.ACTIVE)
        .select_related("participant__data_key", "team")
        .order_by("start_date", "id")
    )
    ids = [e.pk for e in enrolments]
    cipher = Cipher().load(e.participant.data_key for e in enrolments)
    names = _names([e.participant for e in enrolments], cipher)
    matches = {
        m.enrolment_id: m
        for m in CoachMatch.objects.filter(
            enrolment_id__in=ids, end_date__isnull=True
        ).select_related("coach__data_key")
    }
    coach_names = {
        v.coach.pk: v.name
        for v in coach_views([m.coach for m in matches.values()], cipher=cipher, contact=False)
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
    rows.sort(key=lambda r: r.name.lower())
    if log:
        _log(user, [r.enrolment.participant_id for r in rows], "lifecoaching_young_people", "list")
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


# --- the programme's part of the participant's file ---------------------------------------


def file_section(*, user, participant: Participant, cipher: Cipher, enrolments, mode: str):
    """Coach (by name only in the team's own file), sessions and the latest school status
    (with the school's name except in a shared view). Does not log: the file page does."""
    ids = [e.pk for e in enrolments]
    own = mode == "own"
    matches = list(
        CoachMatch.objects.filter(enrolment_id__in=ids)
        .select_related("coach__data_key")
        .order_by("-start_date", "-created_at")
    )
    match = next((m for m in matches if m.end_date is None), matches[0] if matches else None)
    coach_name = None
    if match is not None and own:
        coach_name = coach_views([match.coach], contact=False)[0].name
    stats = CoachSession.objects.filter(match__enrolment_id__in=ids).aggregate(
        n=Count("id"), last=Max("date")
    )
    status = (
        SchoolStatus.objects.filter(enrolment_id__in=ids).order_by("-date", "-created_at").first()
    )
    school_name = None
    if status is not None and mode != "shared":
        school_name = cipher.open(
            model=SchoolStatus, column="school_name", row_pk=status.pk, envelope=status.school_name
        )
    own_enrolment = None
    if own:
        own_enrolment = (
            lifecoaching_enrolments(user).filter(pk__in=ids).order_by("-start_date").first()
        )
    return (
        "lifecoaching/_file_section.html",
        {
            "mode": mode,
            "own": own,
            "match": match,
            "coach_name": coach_name,
            "session_count": stats["n"] or 0,
            "last_session": stats["last"],
            "status": status,
            "school_name": school_name,
            "enrolment": own_enrolment,
        },
    )


# --- counters -----------------------------------------------------------------------------


@dataclass
class Split:
    """A yes/no split of young people with its total, as released."""

    yes: Figure
    no: Figure
    total: Figure

    @property
    def percentage(self) -> int | None:
        total = int(self.total)
        return round(100 * int(self.yes) / total) if total else None


LEVEL_GROUPS = (
    ("basisschool", gettext_lazy("Basisschool"), {"basisschool"}),
    ("vmbo", gettext_lazy("Praktijkonderwijs en vmbo"), {"pro", "vmbo-b", "vmbo-k", "vmbo-gt"}),
    ("havo_vwo", gettext_lazy("havo en vwo"), {"havo", "vwo"}),
    ("mbo", gettext_lazy("mbo"), {"mbo-1", "mbo-2", "mbo-3", "mbo-4"}),
    ("hbo_wo", gettext_lazy("hbo en wo"), {"hbo", "wo"}),
    ("geen", gettext_lazy("Geen school"), {"geen"}),
)


@dataclass
class LevelRow:
    label: str
    count: Figure


@dataclass
class Counters:
    scope: str  # "programme" or "teams"
    period: Period
    audience: Audience
    exact: bool
    young_people: Figure
    with_coach: Split
    at_advice: Split
    no_dropout: Split
    sessions: Figure
    young_people_with_session: Figure
    levels: list[LevelRow] = field(default_factory=list)
    levels_total: Figure | None = None
    specs: list = field(default_factory=list)

    @property
    def level_items(self) -> list[tuple[str, Figure]]:
        return [(row.label, row.count) for row in self.levels]


def _split(spec, rows, audience) -> Split:
    released = release(spec, tabulate(((answer,), key) for answer, key in rows), audience=audience)
    return Split(yes=released[True], no=released[False], total=released.total)


def counters(user: User, *, period: Period, log: bool = True) -> Counters:
    """Aggregates without identifiers: the whole programme for the programme office
    (management), the user's own teams for a team lead (their caseload: care). The young
    people, coaches and school statuses are as of today; sessions those in the period."""
    enrolments = Enrolment.objects.filter(
        programme__code=PROGRAMME,
        status=Enrolment.Status.ACTIVE,
        participant__erased_at__isnull=True,
    )
    if has_role(user, PROGRAMME_OFFICE):
        scope, audience = "programme", audience_for(user, Scope.PROGRAMME)
    else:
        if not has_role(user, TEAM_LEAD):
            enrolments = enrolments.none()
        enrolments = enrolments.filter(permissions.enrolment_in_scope_q(user))
        scope, audience = "teams", audience_for(user, Scope.TEAM)
    people = dict(enrolments.values_list("id", "participant__record_key"))
    coached = set(
        CoachMatch.objects.filter(enrolment_id__in=people, end_date__isnull=True).values_list(
            "enrolment_id", flat=True
        )
    )
    latest: dict = {}
    for row in (
        SchoolStatus.objects.filter(enrolment_id__in=people)
        .order_by("date", "created_at")
        .values("enrolment_id", "level", "advice", "start_qualification")
    ):
        latest[row["enrolment_id"]] = row
    at_advice, in_education, level_groups = [], [], []
    for enrolment, row in latest.items():
        key = people[enrolment]
        at = at_advised_level(row["level"], row["advice"], row["start_qualification"])
        if at is not None:
            at_advice.append((at, key))
        in_education.append((row["level"] != SchoolLevel.NONE or row["start_qualification"], key))
        group = next((code for code, _l, members in LEVEL_GROUPS if row["level"] in members), None)
        if group is not None:
            level_groups.append(((group,), key))
    levels = release(tables.SCHOOL_LEVELS, tabulate(level_groups), audience=audience)
    sessions = CoachSession.objects.filter(match__enrolment_id__in=people, date__lte=period.end)
    if period.start is not None:
        sessions = sessions.filter(date__gte=period.start)
    session_rows = list(sessions.values_list("pk", "match__enrolment_id"))
    with_coach = _split(
        tables.WITH_COACH, [(e in coached, key) for e, key in people.items()], audience
    )
    board = Counters(
        scope=scope,
        period=period,
        audience=audience,
        exact=levels.exact,
        young_people=with_coach.total,
        with_coach=with_coach,
        at_advice=_split(tables.AT_ADVICE, at_advice, audience),
        no_dropout=_split(tables.IN_EDUCATION, in_education, audience),
        sessions=release(
            tables.SESSIONS,
            tabulate_units((((), pk) for pk, _e in session_rows), kind=tables.SESSIONS.unit),
            audience=audience,
        )[()],
        young_people_with_session=release(
            tables.WITH_SESSION,
            tabulate(((), people[e]) for e in {e for _pk, e in session_rows}),
            audience=audience,
        )[()],
        levels=[LevelRow(str(label), levels[(code,)]) for code, label, _m in LEVEL_GROUPS],
        levels_total=levels.total,
        specs=[
            tables.WITH_COACH,
            tables.AT_ADVICE,
            tables.IN_EDUCATION,
            tables.SCHOOL_LEVELS,
            tables.SESSIONS,
            tables.WITH_SESSION,
        ],
    )
    if log:
        log_view(user, board.specs, audience=audience, where="lifecoaching:counters")
    return board
