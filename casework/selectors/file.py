"""A participant's whole file: enrolments, plans, timeline, charts, households and consent."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language, gettext

from accounts.models import User
from casework import permissions
from casework.models import (
    Enrolment,
    Goal,
    HouseholdMembership,
    Instrument,
    Measurement,
    MeasurementValue,
    Participant,
    Plan,
    ProgressEntry,
    Transfer,
)
from casework.selectors.consent import ConsentRow, consent_overview
from casework.selectors.people import PersonView, decrypt_person
from casework.selectors.scope import log_reads
from casework.selectors.sections import FileSection, programme_sections
from privacy.crypto import Cipher
from privacy.models import AccessEvent


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class TimelineItem:
    date: dt.date
    kind: str  # progress, goal, measurement, enrolment
    label: str
    text: str | None = None
    author: str = ""
    programme: str = ""
    obj: object = None


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class GoalView:
    goal: Goal
    text: str | None
    attainment: list[tuple[dt.date, int]] = field(default_factory=list)


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class EnrolmentView:
    enrolment: Enrolment
    own_team: bool
    plan: Plan | None = None
    plan_summary: str | None = None
    goals: list[GoalView] = field(default_factory=list)


@dataclass
class ChartSeries:
    instrument: Instrument
    items: list[tuple[str, str]]  # (code, label)
    waves: list[tuple[str, dt.date, dict[str, int]]]  # (wave, date, {item: value})
    label: str = ""


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class ParticipantFile:
    participant: Participant
    person: PersonView
    enrolments: list[EnrolmentView]
    timeline: list[TimelineItem]
    charts: list[ChartSeries]
    households: list[HouseholdMembership]
    pending_transfers: list[Transfer]
    break_glass: bool = False
    break_glass_until: dt.datetime | None = None
    consents: list[ConsentRow] = field(default_factory=list)
    sections: list[FileSection] = field(default_factory=list)

    @property
    def consent_recorded(self) -> bool:
        return any(row.history for row in self.consents)


def _scores_text(measurement: Measurement, goals_by_id: dict) -> str:
    """'Financiën 3, Huisvesting 4' or, per goal, '“Schulden op een rij”: 6'; from prefetched
    values."""
    instrument = measurement.instrument
    language = "en" if get_language() == "en" else "nl"
    parts = []
    for value in measurement.values.all():
        if instrument.per_goal:
            goal = goals_by_id.get(value.item)
            # A goal by its own words; one the viewer cannot read (another team's enrolment,
            # or a goal since removed) is said as such, never as a bare number.
            name = f"“{goal.text}”" if goal and goal.text else gettext("een doel buiten dit plan")
            parts.append(f"{name}: {value.value}")
        else:
            parts.append(f"{instrument.item_label(value.item, language)} {value.value}")
    return ", ".join(parts)


def _label(instrument: Instrument) -> str:
    return instrument.name_en if get_language() == "en" else instrument.name_nl


def _file_participant(user: User, pk) -> tuple[Participant, bool]:
    """The participant of a file and whether it is open through break-the-glass."""
    participant = (
        Participant.objects.filter(pk=pk, erased_at__isnull=True)
        .select_related("data_key")
        .annotate(
            in_caseload=permissions.active_enrolment_in_scope(user),
            glass=permissions.active_break_glass(user),
            glass_until=permissions.break_glass_until(user),
        )
        .first()
        if permissions.has_file_access(user)
        else None
    )
    if participant is None or not (participant.in_caseload or participant.glass):
        if not permissions.has_file_access(user):
            raise PermissionDenied
        raise Http404
    return participant, not participant.in_caseload


def participant_file(user: User, pk) -> ParticipantFile:
    """Everything a caseworker of the participant's team sees, decrypted, in a fixed number of queries."""
    participant, through_glass = _file_participant(user, pk)
    cipher = Cipher().load([participant.data_key])
    person = decrypt_person(participant, cipher, show_bsn=permissions.may_see_bsn(user))
    own_team_ids = set(permissions.member_teams_subquery(user).values_list("team_id", flat=True))
    enrolments = list(
        participant.enrolments.select_related("programme", "team", "caseworker", "plan")
        .prefetch_related("plan__goals")
        .order_by("-start_date")
    )
    timeline: list[TimelineItem] = []
    goals_by_id: dict[str, GoalView] = {}
    enrolment_views = [
        _enrolment_view(
            enrolment,
            own=enrolment.team_id in own_team_ids and not through_glass,
            through_glass=through_glass,
            cipher=cipher,
            timeline=timeline,
            goals_by_id=goals_by_id,
        )
        for enrolment in enrolments
    ]
    own_enrolment_ids = [v.enrolment.pk for v in enrolment_views if v.own_team or through_glass]
    timeline.extend(_progress_items(own_enrolment_ids, cipher))
    charts = _measurements_and_charts(participant, goals_by_id, timeline)
    timeline.sort(key=lambda item: item.date, reverse=True)
    households = list(
        participant.household_memberships.filter(end_date__isnull=True).select_related("household")
    )
    pending = list(
        Transfer.objects.filter(
            enrolment__participant=participant, status=Transfer.Status.PENDING
        ).select_related("to_team", "from_team")
    )
    consents = consent_overview(participant.pk)
    log_reads(
        user,
        [participant.pk],
        "participant_file",
        AccessEvent.Action.VIEW,
        break_glass=through_glass,
    )
    sections = programme_sections(
        user,
        participant=participant,
        cipher=cipher,
        enrolments=enrolments,
        own_team_ids=own_team_ids,
        through_glass=through_glass,
    )
    return ParticipantFile(
        participant=participant,
        person=person,
        enrolments=enrolment_views,
        timeline=timeline,
        charts=charts,
        households=households,
        pending_transfers=pending,
        break_glass=through_glass,
        break_glass_until=participant.glass_until if through_glass else None,
        consents=consents,
        sections=sections,
    )


def _enrolment_view(
    enrolment: Enrolment,
    *,
    own: bool,
    through_glass: bool,
    cipher: Cipher,
    timeline: list[TimelineItem],
    goals_by_id: dict[str, GoalView],
) -> EnrolmentView:
    """The enrolment with, for the user's own team (or break-the-glass), its plan and goals
    decrypted; its start and its goals go onto the timeline."""
    view = EnrolmentView(enrolment=enrolment, own_team=own)
    timeline.append(
        TimelineItem(
            date=enrolment.start_date,
            kind="enrolment",
            label=enrolment.programme.name_nl,
            programme=enrolment.programme.name_nl,
            obj=enrolment,
        )
    )
    if not (own or through_glass):  # break-the-glass shows the whole file, read-only
        return view
    plan = getattr(enrolment, "plan", None)
    view.plan = plan
    if plan is None:
        return view
    view.plan_summary = cipher.open(
        model=Plan, column="summary", row_pk=plan.pk, envelope=plan.summary
    )
    for goal in plan.goals.all():
        goal_view = GoalView(
            goal=goal,
            text=cipher.open(model=Goal, column="text", row_pk=goal.pk, envelope=goal.text),
        )
        view.goals.append(goal_view)
        goals_by_id[str(goal.pk)] = goal_view
        timeline.append(
            TimelineItem(
                date=goal.created_on,
                kind="goal",
                label=goal.get_status_display(),
                text=goal_view.text,
                programme=enrolment.programme.name_nl,
                obj=goal,
            )
        )
    return view


def _progress_items(enrolment_ids: list, cipher: Cipher) -> list[TimelineItem]:
    """The progress notes of these enrolments, decrypted, newest first (one query)."""
    return [
        TimelineItem(
            date=entry.date,
            kind="progress",
            label=entry.get_kind_display(),
            text=cipher.open(
                model=ProgressEntry, column="note", row_pk=entry.pk, envelope=entry.note
            ),
            author=entry.author.get_full_name() if entry.author else "",
            programme=entry.enrolment.programme.name_nl,
            obj=entry,
        )
        for entry in (
            ProgressEntry.objects.filter(enrolment_id__in=enrolment_ids)
            .select_related("author", "enrolment__programme")
            .order_by("-date", "-created_at")
        )
    ]


def _measurements_and_charts(
    participant: Participant, goals_by_id: dict[str, GoalView], timeline: list[TimelineItem]
) -> list[ChartSeries]:
    """Every measurement onto the timeline and, per goal, its attainment; one chart per
    instrument that is not scored per goal (the ZRM first)."""
    measurements = list(
        Measurement.objects.filter(participant=participant)
        .select_related("instrument", "enrolment__programme")
        .prefetch_related(Prefetch("values", queryset=MeasurementValue.objects.order_by("item")))
        .order_by("date")
    )
    by_instrument: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in measurements:
        by_instrument[measurement.instrument_id].append(measurement)
        timeline.append(
            TimelineItem(
                date=measurement.date,
                kind="measurement",
                label=_label(measurement.instrument),
                text=_scores_text(measurement, goals_by_id),
                programme=measurement.enrolment.programme.name_nl,
                obj=measurement,
            )
        )
        if measurement.instrument.per_goal:
            for value in measurement.values.all():
                if value.item in goals_by_id:
                    goals_by_id[value.item].attainment.append((measurement.date, value.value))
    charts = [_chart(rows) for rows in by_instrument.values() if not rows[0].instrument.per_goal]
    charts.sort(key=lambda chart: chart.instrument.code != "zrm")
    return charts


def _chart(rows: list[Measurement]) -> ChartSeries:
    """The waves of one instrument's measurements, item by item."""
    instrument = rows[0].instrument
    items = [
        (item["code"], item["label_en" if get_language() == "en" else "label_nl"])
        for item in instrument.items
    ]
    waves = [(m.wave, m.date, {v.item: v.value for v in m.values.all()}) for m in rows]
    return ChartSeries(instrument=instrument, items=items, waves=waves, label=_label(instrument))
