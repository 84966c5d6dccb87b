"""The programme's counters, without identifiers, released for the viewer's audience."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.permissions import has_role
from accounts.roles import PROGRAMME_OFFICE, TEAM_LEAD
from casework import permissions
from casework.models import Enrolment
from lifecoaching import tables
from lifecoaching.models import (
    CoachMatch,
    CoachSession,
    SchoolLevel,
    SchoolStatus,
    at_advised_level,
)
from lifecoaching.selectors.scope import PROGRAMME
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
    enrolments, scope, audience = _counted_enrolments(user)
    people = dict(enrolments.values_list("id", "participant__record_key"))
    coached = set(
        CoachMatch.objects.filter(enrolment_id__in=people, end_date__isnull=True).values_list(
            "enrolment_id", flat=True
        )
    )
    at_advice, in_education, level_groups = _school_records(people)
    levels = release(tables.SCHOOL_LEVELS, tabulate(level_groups), audience=audience)
    session_rows = _session_rows(people, period)
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
        specs=list(tables.ALL),
    )
    if log:
        log_view(user, board.specs, audience=audience, where="lifecoaching:counters")
    return board


def _counted_enrolments(user: User) -> tuple[QuerySet[Enrolment], str, Audience]:
    """The active enrolments counted for the user, with the scope and audience: the whole
    programme for the programme office, the user's own teams for a team lead, none else."""
    enrolments = Enrolment.objects.filter(
        programme__code=PROGRAMME,
        status=Enrolment.Status.ACTIVE,
        participant__erased_at__isnull=True,
    )
    if has_role(user, PROGRAMME_OFFICE):
        return enrolments, "programme", audience_for(user, Scope.PROGRAMME)
    if not has_role(user, TEAM_LEAD):
        enrolments = enrolments.none()
    enrolments = enrolments.filter(permissions.enrolment_in_scope_q(user))
    return enrolments, "teams", audience_for(user, Scope.TEAM)


def _school_records(people: dict) -> tuple[list, list, list]:
    """From each young person's latest school status, records (answer, record key) for at
    the advised level and in education, and (level group, record key) per level group."""
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
    return at_advice, in_education, level_groups


def _session_rows(people: dict, period: Period) -> list[tuple]:
    """(session id, enrolment id) of the young people's sessions in the period."""
    sessions = CoachSession.objects.filter(match__enrolment_id__in=people, date__lte=period.end)
    if period.start is not None:
        sessions = sessions.filter(date__gte=period.start)
    return list(sessions.values_list("pk", "match__enrolment_id"))
