"""Reads of the casework core, always for an acting user and within that user's scope.

Lists decrypt in bulk: one query loads the data keys of all rows, each unwrapped once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext

from accounts.models import User
from casework import permissions
from casework.models import (
    Enrolment,
    Goal,
    Household,
    HouseholdMembership,
    Instrument,
    Measurement,
    MeasurementValue,
    OutcomeMeasure,
    OutcomeValue,
    Participant,
    Plan,
    ProgressEntry,
    Transfer,
)
from casework.services import PARTICIPANT_SECRET_FIELDS
from privacy import selectors as privacy_selectors
from privacy import services as privacy_services
from privacy.bsn import is_valid_bsn, normalise_bsn
from privacy.crypto import Cipher, blind_index
from privacy.models import AccessEvent, Consent, Purpose

# --- scope --------------------------------------------------------------------------------


def visible_participants(user: User) -> QuerySet[Participant]:
    """Participants with an active enrolment in one of the user's teams (one indexed join)."""
    if not permissions.has_file_access(user):
        return Participant.objects.none()
    return Participant.objects.filter(erased_at__isnull=True).filter(
        permissions.active_enrolment_in_scope(user)
    )


def visible_households(user: User) -> QuerySet[Household]:
    """Households with a current member in the user's caseload."""
    if not permissions.has_file_access(user):
        return Household.objects.none()
    members = HouseholdMembership.objects.filter(
        end_date__isnull=True, participant__in=visible_participants(user)
    ).values("household_id")
    return Household.objects.filter(pk__in=members)


def visible_enrolments(user: User) -> QuerySet[Enrolment]:
    """Enrolments of the user's own teams (their notes, plans and goals are theirs to read),
    of participants in the user's caseload: an ended enrolment gives no access by itself."""
    if not permissions.has_file_access(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        permissions.enrolment_in_scope_q(user), participant__erased_at__isnull=True
    ).filter(permissions.active_enrolment_in_scope(user, "participant_id"))


def get_participant(user: User, pk) -> Participant:
    participant = visible_participants(user).select_related("data_key").filter(pk=pk).first()
    if participant is None:
        if not permissions.has_file_access(user):
            raise PermissionDenied
        raise Http404
    return participant


def participant_identity(user: User, pk) -> tuple[Participant, PersonView]:
    """The decrypted identity of one participant of the caseload (for the edit form): one
    data key, no timeline, logged as a view of the identity only."""
    participant = get_participant(user, pk)
    cipher = Cipher().load([participant.data_key])
    person = decrypt_person(participant, cipher, show_bsn=permissions.may_see_bsn(user))
    _log(user, [participant.pk], "participant_identity", AccessEvent.Action.VIEW)
    return participant, person


def break_glass_participants(user: User) -> QuerySet[Participant]:
    """Participants outside the caseload whose file the user opened with break-the-glass."""
    if not permissions.may_break_glass(user):
        return Participant.objects.none()
    return Participant.objects.filter(erased_at__isnull=True).filter(
        permissions.active_break_glass(user)
    )


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


def file_is_open(user: User, pk) -> bool:
    """Whether the user may open this file now: in the caseload, or an unexpired grant."""
    if not permissions.has_file_access(user):
        return False
    return (
        Participant.objects.filter(pk=pk, erased_at__isnull=True)
        .filter(permissions.active_enrolment_in_scope(user) | permissions.active_break_glass(user))
        .exists()
    )


def break_glass_candidate(user: User, pk) -> Participant | None:
    """The participant that ``find_outside_caseload`` found for the user (its id kept in the
    session between search and reason), undecrypted; None when gone or not allowed."""
    if not pk or not permissions.may_break_glass(user):
        return None
    try:
        return Participant.objects.filter(pk=pk, erased_at__isnull=True).first()
    except ValidationError:  # not a UUID
        return None


def find_outside_caseload(user: User, query: str) -> Participant | None:
    """Exact match on BSN or client reference (blind index) outside the user's caseload,
    for break-the-glass. Returns no identifying data; the lookup itself is logged."""
    if not permissions.may_break_glass(user):
        raise PermissionDenied
    query = (query or "").strip()
    if not query:
        return None
    indexes = {blind_index("client_ref", query)}
    candidate = normalise_bsn(query)
    if is_valid_bsn(candidate):
        indexes.add(blind_index("bsn", candidate))
    found = (
        Participant.objects.filter(erased_at__isnull=True)
        .filter(Q(bsn_index__in=indexes) | Q(client_ref_index__in=indexes))
        .first()
    )
    if found is not None:
        _log(user, [found.pk], "search_outside_caseload", AccessEvent.Action.SEARCH)
    return found


def _log(
    user,
    subject_ids,
    what: str,
    action: str,
    *,
    break_glass: bool = False,
    subject_type="participant",
):
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=subject_id,
                what=what,
                action=action,
                break_glass=break_glass,
                subject_type=subject_type,
            )
            for subject_id in subject_ids
        ],
    )


def get_enrolment(user: User, pk) -> Enrolment:
    enrolment = (
        visible_enrolments(user)
        .select_related("participant__data_key", "programme", "team")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def get_household(user: User, pk) -> Household:
    household = visible_households(user).select_related("data_key").filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


# --- decrypted views ----------------------------------------------------------------------


@dataclass
class PersonView:
    """Decrypted identity of one participant, for display to someone in scope."""

    id: object
    version: int
    given_name: str | None = None
    family_name: str | None = None
    bsn: str | None = None
    date_of_birth: str | None = None
    street: str | None = None
    house_number: str | None = None
    postcode: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    client_ref: str | None = None
    year_of_birth: int | None = None
    gender: str = ""
    gender_label: str = ""
    wijk: str = ""
    wijk_label: str = ""
    bsn_hidden: bool = False

    def __repr__(self) -> str:
        return f"PersonView({self.id})"

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.given_name, self.family_name) if part)
        return name or (f"Cliënt {self.client_ref}" if self.client_ref else "Deelnemer zonder naam")

    @property
    def date_of_birth_value(self) -> dt.date | None:
        return dt.date.fromisoformat(self.date_of_birth) if self.date_of_birth else None


def decrypt_person(
    participant: Participant, cipher: Cipher, *, show_bsn: bool, fields=None
) -> PersonView:
    view = PersonView(
        id=participant.pk,
        version=participant.version,
        year_of_birth=participant.year_of_birth,
        gender=participant.gender,
        gender_label=participant.get_gender_display() if participant.gender else "",
        wijk=participant.wijk,
        wijk_label=participant.get_wijk_display() if participant.wijk else "",
        bsn_hidden=not show_bsn,
    )
    for name in fields or PARTICIPANT_SECRET_FIELDS:
        if name == "bsn" and not show_bsn:
            continue
        setattr(
            view,
            name,
            cipher.open(
                model=Participant,
                column=name,
                row_pk=participant.pk,
                envelope=getattr(participant, name),
            ),
        )
    return view


LIST_FIELDS = ("given_name", "family_name", "client_ref", "date_of_birth")


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class CaseloadRow:
    person: PersonView
    enrolments: list[Enrolment]
    households: list[HouseholdMembership]


def caseload(user: User, *, team_code: str | None = None, log: bool = True) -> list[CaseloadRow]:
    """The user's caseload, decrypted in bulk: a fixed number of queries for any size."""
    participants = (
        visible_participants(user)
        .select_related("data_key")
        .prefetch_related(
            Prefetch(
                "enrolments",
                queryset=visible_enrolments(user)
                .filter(status=Enrolment.Status.ACTIVE)
                .select_related("programme", "team", "caseworker")
                .order_by("start_date"),
                to_attr="scoped_enrolments",
            ),
            Prefetch(
                "household_memberships",
                queryset=HouseholdMembership.objects.filter(end_date__isnull=True).select_related(
                    "household"
                ),
                to_attr="current_households",
            ),
        )
    )
    if team_code:
        participants = participants.filter(
            enrolments__team__code=team_code, enrolments__status=Enrolment.Status.ACTIVE
        ).distinct()
    participants = list(participants)
    cipher = Cipher().load(p.data_key for p in participants)
    rows = [
        CaseloadRow(
            person=decrypt_person(p, cipher, show_bsn=False, fields=LIST_FIELDS),
            enrolments=p.scoped_enrolments,
            households=p.current_households,
        )
        for p in participants
    ]
    rows.sort(
        key=lambda row: (sort_name(row.person.family_name), (row.person.given_name or "").lower())
    )
    if log:
        _log(user, [row.person.id for row in rows], "caseload", AccessEvent.Action.LIST)
    return rows


TUSSENVOEGSELS = (
    "van der ",
    "van den ",
    "van de ",
    "van ",
    "de ",
    "den ",
    "der ",
    "ter ",
    "ten ",
    "te ",
    "'t ",
    "in 't ",
)


def sort_name(family_name: str | None) -> str:
    """Dutch alphabetical order: 'de Boer' sorts under B, as in any Dutch register."""
    name = (family_name or "~").casefold()
    for prefix in TUSSENVOEGSELS:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def search_caseload(user: User, query: str) -> list[CaseloadRow]:
    """BSN and client reference through the blind index; names within the caseload only."""
    query = (query or "").strip()
    if not query:
        return caseload(user)
    rows = caseload(user, log=False)
    candidate = normalise_bsn(query)
    indexes = {blind_index("client_ref", query)}
    if is_valid_bsn(candidate):
        indexes.add(blind_index("bsn", candidate))
    exact = set(
        visible_participants(user)
        .filter(Q(bsn_index__in=indexes) | Q(client_ref_index__in=indexes))
        .values_list("pk", flat=True)
    )
    needle = " ".join(query.casefold().split())

    def name_matches(person: PersonView) -> bool:
        # Names only: not the placeholder of a nameless participant ("Deelnemer zonder naam",
        # "Cliënt ..."); client references match exactly through the blind index above.
        given, family = person.given_name or "", person.family_name or ""
        if not (given or family):
            return False
        return any(
            needle in " ".join(f"{first} {second}".casefold().split())
            for first, second in ((given, family), (family, given))
        )

    hits = [row for row in rows if row.person.id in exact or name_matches(row.person)]
    _log(user, [row.person.id for row in hits], "caseload_search", AccessEvent.Action.SEARCH)
    return hits


# --- consent ------------------------------------------------------------------------------


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


# --- the file -----------------------------------------------------------------------------


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
class OutcomeView:
    measure: OutcomeMeasure
    date: dt.date
    value: object
    display: str


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class FileSection:
    """A programme's own part of a participant's file.

    ``mode``: ``own`` (an enrolment of the user's team: read and write), ``shared`` (another
    team's programme, shown read-only because the participant's consent for sharing with
    partners is in force; each such view is logged), ``read_only`` (break-the-glass) or
    ``hidden`` (another team's programme without that consent: only that it exists) or
    ``withheld`` (a programme whose part peer experts may not see, e.g. debts).
    A programme app's ``file_section`` hook fills ``template`` and ``context``."""

    programme_code: str
    title: str
    mode: str
    key: str = ""  # unique on the page: the programme code, "-ander-team" for another team's
    template: str = ""
    context: dict = field(default_factory=dict)
    outcomes: list[OutcomeView] = field(default_factory=list)

    @property
    def writable(self) -> bool:
        return self.mode == "own"


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
    """'Financiën 3, Huisvesting 4' or, per goal, 'doel 1: 6'; from prefetched values."""
    instrument = measurement.instrument
    language = "en" if get_language() == "en" else "nl"
    parts = []
    for value in measurement.values.all():
        if instrument.per_goal:
            goal = goals_by_id.get(value.item)
            position = goal.goal.position if goal else "?"
            parts.append(f"{gettext('doel')} {position}: {value.value}")
        else:
            parts.append(f"{instrument.item_label(value.item, language)} {value.value}")
    return ", ".join(parts)


def _label(instrument: Instrument) -> str:
    return instrument.name_en if get_language() == "en" else instrument.name_nl


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
    enrolment_views: list[EnrolmentView] = []
    timeline: list[TimelineItem] = []
    goals_by_id: dict[str, GoalView] = {}
    for enrolment in enrolments:
        own = enrolment.team_id in own_team_ids and not through_glass
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
        if own or through_glass:  # break-the-glass shows the whole file, read-only
            plan = getattr(enrolment, "plan", None)
            view.plan = plan
            if plan is not None:
                view.plan_summary = cipher.open(
                    model=Plan, column="summary", row_pk=plan.pk, envelope=plan.summary
                )
                for goal in plan.goals.all():
                    goal_view = GoalView(
                        goal=goal,
                        text=cipher.open(
                            model=Goal, column="text", row_pk=goal.pk, envelope=goal.text
                        ),
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
        enrolment_views.append(view)
    own_enrolment_ids = [v.enrolment.pk for v in enrolment_views if v.own_team or through_glass]
    for entry in (
        ProgressEntry.objects.filter(enrolment_id__in=own_enrolment_ids)
        .select_related("author", "enrolment__programme")
        .order_by("-date", "-created_at")
    ):
        timeline.append(
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
        )
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
    charts = []
    for rows in by_instrument.values():
        instrument = rows[0].instrument
        if instrument.per_goal:
            continue
        items = [
            (item["code"], item["label_en" if get_language() == "en" else "label_nl"])
            for item in instrument.items
        ]
        waves = [(m.wave, m.date, {v.item: v.value for v in m.values.all()}) for m in rows]
        charts.append(
            ChartSeries(instrument=instrument, items=items, waves=waves, label=_label(instrument))
        )
    charts.sort(key=lambda chart: chart.instrument.code != "zrm")
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
    _log(
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


# --- programme parts of the file ----------------------------------------------------------


def sharing_consent_in_force(participant_id) -> bool:
    """Whether the participant's consent for sharing with partner organisations is in force
    today: the condition for showing one programme's part to another programme's team."""
    return privacy_selectors.has_consent(participant_id, Purpose.SHARING)


def section_mode(
    *, enrolments: list[Enrolment], own_team_ids: set, through_glass: bool, sharing: bool
) -> str:
    if through_glass:
        return "read_only"
    if any(e.team_id in own_team_ids for e in enrolments):
        return "own"
    return "shared" if sharing else "hidden"


def _outcome_display(value: OutcomeValue, language: str) -> str:
    measure = value.measure
    raw = value.value
    if measure.kind == OutcomeMeasure.Kind.CHOICE:
        return measure.choice_label(raw, language)
    if measure.kind == OutcomeMeasure.Kind.BOOLEAN:
        return gettext("ja") if raw else gettext("nee")
    if measure.kind == OutcomeMeasure.Kind.MONEY:
        return f"€ {raw:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{raw}".replace(".", ",") + (f" {measure.unit}" if measure.unit else "")


def latest_outcomes(
    participant_id, programme_ids, *, enrolment_ids=None
) -> dict[int | None, list[OutcomeView]]:
    """Per programme id, the latest value of each of its measures for the participant (one
    query), from the given enrolments only when ``enrolment_ids`` is given. The caller has
    decided that the user may see these programmes' parts (of these enrolments)."""
    language = "en" if get_language() == "en" else "nl"
    latest: dict[int, OutcomeValue] = {}
    values = OutcomeValue.objects.filter(participant_id=participant_id).filter(
        Q(measure__programme_id__in=programme_ids) | Q(measure__programme__isnull=True)
    )
    if enrolment_ids is not None:
        values = values.filter(enrolment_id__in=enrolment_ids)
    for value in values.select_related("measure").order_by("date", "recorded_at"):
        latest[value.measure_id] = value
    result: dict[int | None, list[OutcomeView]] = defaultdict(list)
    for value in sorted(latest.values(), key=lambda v: v.measure.code):
        result[value.measure.programme_id].append(
            OutcomeView(
                measure=value.measure,
                date=value.date,
                value=value.value,
                display=_outcome_display(value, language),
            )
        )
    return result


def programme_sections(
    user: User,
    *,
    participant: Participant,
    cipher: Cipher,
    enrolments: list[Enrolment],
    own_team_ids: set,
    through_glass: bool,
) -> list[FileSection]:
    """One section per programme the participant is (or was) enrolled in, each filled by the
    programme app's ``file_section`` hook as far as the user may see it.

    A programme's enrolments of the user's own teams form the ``own`` section; that programme's
    enrolments of other teams (e.g. an ended one of another team) form a separate section that
    is shown only under the sharing consent (and logged) or hidden, exactly like another
    programme's part: being in a programme's team never opens another team's records of it."""
    from casework.registry import programmes

    specs = programmes()
    groups: dict[tuple[str, bool], list[Enrolment]] = defaultdict(list)
    for enrolment in enrolments:
        own = not through_glass and enrolment.team_id in own_team_ids
        groups[(enrolment.programme.code, own)].append(enrolment)
    sharing = None
    withheld = programmes_withheld_from(user)
    sections: list[FileSection] = []
    group_enrolments: dict[str, list[Enrolment]] = {}
    shared_codes: list[str] = []
    for (code, own), group in groups.items():
        if not through_glass and sharing is None and not own:
            sharing = sharing_consent_in_force(participant.pk)
        mode = section_mode(
            enrolments=group,
            own_team_ids=own_team_ids if own else set(),
            through_glass=through_glass,
            sharing=bool(sharing),
        )
        spec = specs.get(code)
        if mode != "hidden" and code in withheld:
            mode = "withheld"
        programme = group[0].programme
        title = programme.name_en if get_language() == "en" else programme.name_nl
        other_team = not own and (code, True) in groups
        if other_team:
            title = gettext("%(programme)s (ander team)") % {"programme": title}
        section = FileSection(
            programme_code=code,
            title=title,
            mode=mode,
            key=f"{code}-ander-team" if other_team else code,
        )
        if mode not in {"hidden", "withheld"}:
            group_enrolments[section.key] = group
            if spec is not None and spec.file_section:
                filled = spec.file_section(
                    user=user,
                    participant=participant,
                    cipher=cipher,
                    enrolments=group,
                    mode=mode,
                )
                if filled is not None:
                    section.template, section.context = filled
            if mode == "shared":
                shared_codes.append(code)
        sections.append(section)
    if group_enrolments:
        # One query for every visible part; each part then takes its own enrolments' values.
        section_of = {e.pk: key for key, group in group_enrolments.items() for e in group}
        language = "en" if get_language() == "en" else "nl"
        latest: dict[tuple[str, int], OutcomeValue] = {}
        for value in (
            OutcomeValue.objects.filter(enrolment_id__in=list(section_of))
            .filter(measure__programme__isnull=False)
            .select_related("measure")
            .order_by("date", "recorded_at")
        ):
            key = section_of[value.enrolment_id]
            if value.measure.programme_id == group_enrolments[key][0].programme_id:
                latest[(key, value.measure_id)] = value
        for section in sections:
            section.outcomes = [
                OutcomeView(
                    measure=value.measure,
                    date=value.date,
                    value=value.value,
                    display=_outcome_display(value, language),
                )
                for (key, _m), value in sorted(latest.items(), key=lambda i: i[1].measure.code)
                if key == section.key
            ]
    if shared_codes:
        privacy_services.log_access(
            user=user,
            looks=[
                privacy_services.Look(
                    subject_id=participant.pk, what=f"programme_section:{code}", action="view"
                )
                for code in shared_codes
            ],
            purpose=Purpose.SHARING,
        )
    sections.sort(key=lambda s: (s.mode in {"hidden", "withheld"}, s.title))
    return sections


# --- outcome measures ---------------------------------------------------------------------


def measure_definitions() -> QuerySet[OutcomeMeasure]:
    """Every outcome measure (reference data, no personal data)."""
    return OutcomeMeasure.objects.select_related("programme").order_by("code")


def programmes_withheld_from(user: User) -> list[str]:
    """Codes of the programmes whose part the user may not see at all because of their role
    (``ProgrammeSpec.peer_experts_see_part``: a peer expert sees no debts)."""
    from casework.registry import programmes

    if not permissions.is_peer_expert_only(user):
        return []
    return [code for code, spec in programmes().items() if not spec.peer_experts_see_part]


def visible_outcome_values(user: User) -> QuerySet[OutcomeValue]:
    """Outcome values of the user's own teams' enrolments, in the user's caseload, without the
    measures of a programme whose part the user's role may not see (same rule as the file)."""
    values = OutcomeValue.objects.filter(enrolment__in=visible_enrolments(user))
    withheld = programmes_withheld_from(user)
    if withheld:
        values = values.exclude(measure__programme__code__in=withheld)
    return values.select_related("measure", "enrolment__programme")


# --- households ---------------------------------------------------------------------------


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class HouseholdMemberView:
    membership: HouseholdMembership
    person: PersonView | None  # None: outside the user's caseload, shown without identity


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class HouseholdView:
    household: Household
    name: str | None
    reference: str | None
    members: list[HouseholdMemberView]


def household_view(user: User, pk) -> HouseholdView:
    household = get_household(user, pk)
    memberships = list(
        household.memberships.select_related("participant__data_key").order_by("start_date")
    )
    visible = set(
        visible_participants(user)
        .filter(pk__in=[m.participant_id for m in memberships])
        .values_list("pk", flat=True)
    )
    cipher = Cipher().load(
        [household.data_key]
        + [m.participant.data_key for m in memberships if m.participant_id in visible]
    )
    members = [
        HouseholdMemberView(
            membership=m,
            person=decrypt_person(m.participant, cipher, show_bsn=False, fields=LIST_FIELDS)
            if m.participant_id in visible
            else None,
        )
        for m in memberships
    ]
    _log(user, [household.pk], "household", AccessEvent.Action.VIEW, subject_type="household")
    _log(user, sorted(visible, key=str), "household_member", AccessEvent.Action.LIST)
    return HouseholdView(
        household=household,
        name=cipher.open(
            model=Household, column="name", row_pk=household.pk, envelope=household.name
        ),
        reference=cipher.open(
            model=Household, column="reference", row_pk=household.pk, envelope=household.reference
        ),
        members=members,
    )


def household_choices(user: User) -> list[tuple[Household, str | None]]:
    households = list(visible_households(user).select_related("data_key"))
    cipher = Cipher().load(h.data_key for h in households)
    return [
        (h, cipher.open(model=Household, column="name", row_pk=h.pk, envelope=h.name))
        for h in households
    ]


# --- transfers ----------------------------------------------------------------------------


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class TransferView:
    transfer: Transfer
    reason: str | None
    incoming: bool


def transfers_for(user: User) -> list[TransferView]:
    """Pending transfers the user may decide (guardian grants) and those their teams sent."""
    if not permissions.has_file_access(user):
        return []
    from guardian.shortcuts import get_objects_for_user

    incoming = get_objects_for_user(
        user, "casework.decide_transfer", Transfer, accept_global_perms=False
    )
    incoming_ids = set(incoming.filter(status=Transfer.Status.PENDING).values_list("pk", flat=True))
    transfers = list(
        Transfer.objects.filter(status=Transfer.Status.PENDING)
        .filter(pk__in=incoming_ids)
        .union(
            Transfer.objects.filter(
                status=Transfer.Status.PENDING,
                from_team_id__in=permissions.member_teams_subquery(user),
            )
        )
    )
    transfers = list(
        Transfer.objects.filter(pk__in=[t.pk for t in transfers])
        .select_related(
            "enrolment__participant__data_key",
            "enrolment__programme",
            "from_team",
            "to_team",
            "requested_by",
        )
        .order_by("-requested_at")
    )
    cipher = Cipher().load(t.enrolment.participant.data_key for t in transfers)
    _log(
        user,
        [t.enrolment.participant_id for t in transfers],
        "transfer_reason",
        AccessEvent.Action.LIST,
    )
    return [
        TransferView(
            transfer=t,
            reason=cipher.open(model=Transfer, column="reason", row_pk=t.pk, envelope=t.reason),
            incoming=t.pk in incoming_ids,
        )
        for t in transfers
    ]


def get_transfer_for_decision(user: User, pk) -> Transfer:
    transfer = Transfer.objects.select_related("enrolment").filter(pk=pk).first()
    if transfer is None or not user.has_perm("casework.decide_transfer", transfer):
        raise Http404
    return transfer


def instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(active=True).order_by("name_nl")


def get_goal(user: User, pk) -> Goal:
    goal = (
        Goal.objects.filter(pk=pk, plan__enrolment__in=visible_enrolments(user))
        .select_related("plan__enrolment__participant__data_key")
        .first()
    )
    if goal is None:
        raise Http404
    return goal


def goal_text(user: User, goal: Goal) -> str | None:
    cipher = Cipher().load([goal.plan.enrolment.participant.data_key])
    _log(user, [goal.plan.enrolment.participant_id], "goal", AccessEvent.Action.VIEW)
    return cipher.open(model=Goal, column="text", row_pk=goal.pk, envelope=goal.text)


def foreign_household_indexes(*, team, indexes) -> set[str]:
    """Reference indexes of households whose current members have no active enrolment in
    ``team``: an import for that team may not join them (it would disclose their name)."""
    households = list(Household.objects.filter(reference_index__in=list(indexes)))
    if not households:
        return set()
    in_team = set(
        HouseholdMembership.objects.filter(
            household__in=households,
            end_date__isnull=True,
            participant__enrolments__team=team,
            participant__enrolments__status=Enrolment.Status.ACTIVE,
        ).values_list("household_id", flat=True)
    )
    return {h.reference_index for h in households if h.pk not in in_team}
