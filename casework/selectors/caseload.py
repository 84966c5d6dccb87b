"""The user's caseload, decrypted in bulk, in Dutch alphabetical order, and its search."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from accounts.models import User
from casework import permissions
from casework.models import Enrolment, Participant, Programme
from casework.selectors.paging import PAGE_SIZE
from casework.selectors.people import LIST_FIELDS, PersonView, decrypt_person, open_fields
from casework.selectors.scope import log_reads, visible_participants
from casework.selectors.waves import participants_with_due_waves
from privacy.bsn import is_valid_bsn, normalise_bsn
from privacy.crypto import Cipher, blind_index
from privacy.models import AccessEvent

NAME_FIELDS = ("given_name", "family_name")
REST_FIELDS = tuple(name for name in LIST_FIELDS if name not in NAME_FIELDS)
# What a caseload row reads of a participant, as plain values (no model instances): the plain
# columns of its person view, the envelopes it opens and its data key; not the address, BSN
# or contact details it never shows.
ROW_COLUMNS = (
    "pk",
    "version",
    "year_of_birth",
    "gender",
    "wijk",
    *LIST_FIELDS,
    *(f"data_key__{name}" for name in ("id", "kek_id", "wrapped", "destroyed_at")),
)


class _DataKey(NamedTuple):
    """The columns of a data key that ``Cipher.load`` reads."""

    pk: uuid.UUID
    kek_id: str
    wrapped: str
    destroyed_at: dt.datetime | None


class _Stored(NamedTuple):
    """One participant as read for a caseload row: what ``decrypt_person`` reads of it."""

    pk: uuid.UUID
    version: int
    year_of_birth: int | None
    gender: str
    wijk: str
    given_name: str | None
    family_name: str | None
    client_ref: str | None
    date_of_birth: str | None
    data_key: _DataKey

    def get_gender_display(self) -> str:
        return _display("gender", self.gender)

    def get_wijk_display(self) -> str:
        return _display("wijk", self.wijk)


def _display(field: str, value: str) -> str:
    """The label of a choice, as the model's ``get_<field>_display`` gives it."""
    return str(_choices(field).get(value, value))


@functools.cache
def _choices(field: str) -> dict:
    return dict(Participant._meta.get_field(field).flatchoices)


def _stored(participants) -> list[_Stored]:
    """The participants' ``ROW_COLUMNS``: the first nine, then the data key's four."""
    rows = participants.values_list(*ROW_COLUMNS)
    return [_Stored(*row[:9], _DataKey(*row[9:])) for row in rows]


class RowEnrolment(NamedTuple):
    """What a caseload row shows of one active enrolment of the user's teams."""

    id: uuid.UUID
    programme_code: str
    programme: str  # the programme's name
    team_id: int
    team: str  # the team's name
    status: str
    start_date: dt.date
    caseworker_id: int | None
    caseworker: str  # the case manager's full name or user name, or ""

    @property
    def status_label(self) -> str:
        return str(Enrolment.Status(self.status).label)


ENROLMENT_COLUMNS = (
    "participant_id",
    "id",
    "programme__code",
    "programme__name_nl",
    "team_id",
    "team__name",
    "status",
    "start_date",
    "caseworker_id",
    "caseworker__first_name",
    "caseworker__last_name",
    "caseworker__username",
)


def _row_enrolments(scoped: QuerySet[Enrolment], participant_ids) -> dict:
    """The active enrolments of the user's teams (``scoped``: ``active_enrolments``) of these
    participants, oldest first: one query of plain values (not the case managers' whole user
    rows)."""
    by_participant: dict = {pk: [] for pk in participant_ids}
    if not by_participant:
        return by_participant
    rows = (
        scoped.filter(participant_id__in=list(by_participant))
        .order_by("start_date", "pk")
        .values_list(*ENROLMENT_COLUMNS)
    )
    for participant_id, *fields, first, last, username in rows:
        assigned = fields[-1] is not None  # caseworker_id
        worker = (f"{first} {last}".strip() or username) if assigned else ""  # get_full_name
        by_participant[participant_id].append(RowEnrolment(*fields, worker))
    return by_participant


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class CaseloadRow:
    person: PersonView
    enrolments: list[RowEnrolment]

    @property
    def caseworkers(self) -> list[str]:
        """Each case manager once, however many of the participant's enrolments they hold."""
        seen: dict = {}
        for enrolment in self.enrolments:
            if enrolment.caseworker_id is not None:
                seen.setdefault(enrolment.caseworker_id, enrolment.caseworker)
        return list(seen.values())

    @property
    def caseworker_names(self) -> str:
        return ", ".join(self.caseworkers)


@dataclass(frozen=True)
class CaseloadQuery:
    """What the caseload page asks for: filters (empty means all) and the order."""

    programme: str = ""
    wijk: str = ""
    status: str = ""  # "mine": my own cases; "unassigned": an enrolment without case manager
    due: bool = False  # only participants with a measurement wave due or overdue
    sort: str = "name"  # "name", "start" (newest first), "wijk"


@dataclass(repr=False)
class CaseloadPage:
    rows: list[CaseloadRow]
    page: Page
    total: int
    query: CaseloadQuery = field(default_factory=CaseloadQuery)


def _rows(
    scoped: QuerySet[Enrolment], chosen: list[_Stored], cipher: Cipher, names: dict
) -> list[CaseloadRow]:
    """The rows of ``chosen`` (their data keys loaded): the person views, opening only what
    ``names`` (names opened for the order) does not hold yet, and their enrolments."""
    enrolments = _row_enrolments(scoped, [stored.pk for stored in chosen])
    rows = []
    for stored in chosen:
        named = names.get(stored.pk)
        fields = LIST_FIELDS if named is None else REST_FIELDS
        person = decrypt_person(stored, cipher, show_bsn=False, fields=fields)
        if named is not None:
            person.given_name, person.family_name = named.given_name, named.family_name
        rows.append(CaseloadRow(person=person, enrolments=enrolments[stored.pk]))
    return rows


def caseload(user: User, *, team_code: str | None = None, log: bool = True) -> list[CaseloadRow]:
    """The user's caseload, decrypted in bulk: a fixed number of queries for any size."""
    scoped = active_enrolments(user)  # built once: the participants' scope and the rows'
    participants = visible_participants(user)
    if team_code:
        participants = participants.filter(
            enrolments__team__code=team_code, enrolments__status=Enrolment.Status.ACTIVE
        ).distinct()
    chosen = _stored(participants)
    cipher = Cipher().load(stored.data_key for stored in chosen)
    rows = _rows(scoped, chosen, cipher, {})
    rows.sort(
        key=lambda row: (sort_name(row.person.family_name), (row.person.given_name or "").lower())
    )
    if log:
        log_reads(user, [row.person.id for row in rows], "caseload", AccessEvent.Action.LIST)
    return rows


def caseload_page(user: User, query: CaseloadQuery, *, page: int | str = 1) -> CaseloadPage:
    """One page of 50 of the user's caseload, filtered and ordered as ``query`` asks; only the
    participants shown are decrypted in full and logged. A fixed number of queries for any
    caseload: ordering by name reads the filtered participants once and opens their names
    (each data key unwrapped once, the page's rows reuse them), newest first reads ids only;
    then the page's enrolments (one query); the filter on measurements due
    reads the schedule's four."""
    scoped = active_enrolments(user)  # built once: the participants' scope, filters and rows
    participants = _filtered(user, query, scoped)
    cipher = Cipher()
    names: dict = {}
    if query.sort == "start":
        current = Paginator(_newest_first(participants), PAGE_SIZE).get_page(page)
        ids = list(current.object_list)
        by_id = {stored.pk: stored for stored in _stored(participants.filter(pk__in=ids))}
        chosen = [by_id[pk] for pk in ids if pk in by_id]
    else:
        everyone = _stored(participants)
        cipher.load(stored.data_key for stored in everyone)
        names = {
            stored.pk: open_fields(_Names(stored), stored, cipher, NAME_FIELDS)
            for stored in everyone
        }
        by_id = {stored.pk: stored for stored in everyone}
        current = Paginator(_by_name(list(names.values()), query.sort), PAGE_SIZE).get_page(page)
        chosen = [by_id[named.id] for named in current.object_list]
    cipher.load(stored.data_key for stored in chosen)
    rows = _rows(scoped, chosen, cipher, names)
    log_reads(user, [row.person.id for row in rows], "caseload", AccessEvent.Action.LIST)
    return CaseloadPage(rows=rows, page=current, total=current.paginator.count, query=query)


class _Names:
    """A participant's names, opened only to put the caseload in order."""

    __slots__ = ("id", "wijk", "given_name", "family_name")

    def __init__(self, stored: _Stored) -> None:
        self.id, self.wijk = stored.pk, stored.wijk
        self.given_name = self.family_name = None


def caseload_programmes(user: User) -> list[Programme]:
    """The programmes of the user's teams' active enrolments: the caseload's programme filter."""
    scoped = active_enrolments(user).values("programme_id")
    return list(Programme.objects.filter(pk__in=scoped).order_by("name_nl"))


def active_enrolments(user: User) -> QuerySet[Enrolment]:
    """The active enrolments of the user's teams whose participant is not erased: the rows of
    ``visible_enrolments(user).filter(status=ACTIVE)`` (an active enrolment of one of the
    user's teams is itself its participant's active enrolment in scope), without that
    query's second look at the user's teams for every enrolment."""
    if not permissions.has_file_access(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        permissions.enrolment_in_scope_q(user),
        status=Enrolment.Status.ACTIVE,
        participant__erased_at__isnull=True,
    )


def _filtered(user: User, query: CaseloadQuery, scoped: QuerySet[Enrolment]):
    participants = visible_participants(user)
    conditions = []  # each: an active enrolment of the user's teams that meets it
    if query.programme:
        conditions.append(Q(programme__code=query.programme))
    if query.status == "mine":
        conditions.append(Q(caseworker=user))
    elif query.status == "unassigned":
        conditions.append(Q(caseworker__isnull=True))
    for condition in conditions:
        meets = scoped.filter(condition, participant=OuterRef("pk"))
        participants = participants.filter(Exists(meets))
    if query.wijk:
        participants = participants.filter(wijk=query.wijk)
    if query.due:
        participants = participants.filter(pk__in=participants_with_due_waves(user))
    return participants


def _newest_first(participants) -> list:
    return list(
        participants.annotate(
            started=Min(
                "enrolments__start_date",
                filter=Q(enrolments__status=Enrolment.Status.ACTIVE),
            )
        )
        .order_by("-started", "pk")
        .values_list("pk", flat=True)
    )


def _by_name(people: list[_Names], sort: str) -> list[_Names]:
    """Dutch alphabetical order, within each wijk (no wijk last) when ``sort`` is "wijk"."""

    def by_name(person: _Names):
        return (sort_name(person.family_name), (person.given_name or "").casefold())

    if sort == "wijk":
        return sorted(people, key=lambda person: (person.wijk or "~", *by_name(person)))
    return sorted(people, key=by_name)


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
    log_reads(user, [row.person.id for row in hits], "caseload_search", AccessEvent.Action.SEARCH)
    return hits
