"""The user's caseload, decrypted in bulk, in Dutch alphabetical order, and its search."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Min, OuterRef, Prefetch, Q, prefetch_related_objects

from accounts.models import User
from casework.models import Enrolment, Programme
from casework.selectors.people import LIST_FIELDS, PersonView, decrypt_person, open_fields
from casework.selectors.scope import log_reads, visible_enrolments, visible_participants
from casework.selectors.waves import participants_with_due_waves
from privacy.bsn import is_valid_bsn, normalise_bsn
from privacy.crypto import Cipher, blind_index
from privacy.models import AccessEvent

PAGE_SIZE = 50
NAME_FIELDS = ("given_name", "family_name")
# What a caseload row reads of a participant (decrypt_person's plain columns, the envelopes
# it opens, the data key): not the address, BSN or contact details it never shows.
ROW_COLUMNS = (
    "version",
    "year_of_birth",
    "gender",
    "wijk",
    "data_key",
    *(f"data_key__{name}" for name in ("kek_id", "wrapped", "destroyed_at")),
    *LIST_FIELDS,
)


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class CaseloadRow:
    person: PersonView
    enrolments: list[Enrolment]

    @property
    def caseworkers(self) -> list:
        """Each case manager once, however many of the participant's enrolments they hold."""
        seen = {}
        for enrolment in self.enrolments:
            if enrolment.caseworker is not None:
                seen.setdefault(enrolment.caseworker_id, enrolment.caseworker)
        return list(seen.values())

    @property
    def caseworker_names(self) -> str:
        return ", ".join(worker.get_full_name() or worker.username for worker in self.caseworkers)


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


def _row_prefetches(user: User) -> tuple[Prefetch]:
    """What a caseload row shows besides the person: their active enrolments of the user's
    teams (programme, team, case manager)."""
    return (
        Prefetch(
            "enrolments",
            queryset=visible_enrolments(user)
            .filter(status=Enrolment.Status.ACTIVE)
            .select_related("programme", "team", "caseworker")
            .order_by("start_date"),
            to_attr="scoped_enrolments",
        ),
    )


def _with_rows(user: User, participants):
    return participants.select_related("data_key").prefetch_related(*_row_prefetches(user))


def _row(participant, cipher: Cipher, named: PersonView | None = None) -> CaseloadRow:
    if named is None:
        person = decrypt_person(participant, cipher, show_bsn=False, fields=LIST_FIELDS)
    else:  # the names were opened for the order: open the rest of the row only
        rest = [name for name in LIST_FIELDS if name not in NAME_FIELDS]
        person = open_fields(named, participant, cipher, rest)
    return CaseloadRow(
        person=person,
        enrolments=participant.scoped_enrolments,
    )


def caseload(user: User, *, team_code: str | None = None, log: bool = True) -> list[CaseloadRow]:
    """The user's caseload, decrypted in bulk: a fixed number of queries for any size."""
    participants = _with_rows(user, visible_participants(user))
    if team_code:
        participants = participants.filter(
            enrolments__team__code=team_code, enrolments__status=Enrolment.Status.ACTIVE
        ).distinct()
    participants = list(participants)
    cipher = Cipher().load(p.data_key for p in participants)
    rows = [_row(p, cipher) for p in participants]
    rows.sort(
        key=lambda row: (sort_name(row.person.family_name), (row.person.given_name or "").lower())
    )
    if log:
        log_reads(user, [row.person.id for row in rows], "caseload", AccessEvent.Action.LIST)
    return rows


def caseload_page(user: User, query: CaseloadQuery, *, page: int | str = 1) -> CaseloadPage:
    """One page of 50 of the user's caseload, filtered and ordered as ``query`` asks; only the
    participants shown are decrypted in full and logged. A fixed number of queries for any
    caseload: ordering by name reads the filtered participants once and decrypts their names
    (each data key unwrapped once, the page's rows reuse them), newest first reads ids only;
    then the page's enrolments (one query); the filter on measurements due
    reads the schedule's four."""
    participants = _filtered(user, query).select_related("data_key").only(*ROW_COLUMNS)
    cipher = Cipher()
    names: dict = {}
    if query.sort == "start":
        current = Paginator(_newest_first(participants), PAGE_SIZE).get_page(page)
        ids = list(current.object_list)
        by_id = {p.pk: p for p in participants.filter(pk__in=ids)}
        chosen = [by_id[pk] for pk in ids if pk in by_id]
    else:
        named = list(participants)
        cipher.load(p.data_key for p in named)
        people = [decrypt_person(p, cipher, show_bsn=False, fields=NAME_FIELDS) for p in named]
        names = {person.id: person for person in people}
        by_id = {p.pk: p for p in named}
        current = Paginator(_by_name(people, query.sort), PAGE_SIZE).get_page(page)
        chosen = [by_id[person.id] for person in current.object_list]
    prefetch_related_objects(chosen, *_row_prefetches(user))
    cipher.load(p.data_key for p in chosen)
    rows = [_row(p, cipher, names.get(p.pk)) for p in chosen]
    log_reads(user, [row.person.id for row in rows], "caseload", AccessEvent.Action.LIST)
    return CaseloadPage(rows=rows, page=current, total=current.paginator.count, query=query)


def caseload_programmes(user: User) -> list[Programme]:
    """The programmes of the user's teams' active enrolments: the caseload's programme filter."""
    scoped = visible_enrolments(user).filter(status=Enrolment.Status.ACTIVE)
    return list(Programme.objects.filter(pk__in=scoped.values("programme_id")).order_by("name_nl"))


def _filtered(user: User, query: CaseloadQuery):
    participants = visible_participants(user)
    scoped = visible_enrolments(user).filter(
        participant=OuterRef("pk"), status=Enrolment.Status.ACTIVE
    )
    if query.programme:
        participants = participants.filter(Exists(scoped.filter(programme__code=query.programme)))
    if query.status == "mine":
        participants = participants.filter(Exists(scoped.filter(caseworker=user)))
    elif query.status == "unassigned":
        participants = participants.filter(Exists(scoped.filter(caseworker__isnull=True)))
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


def _by_name(people: list[PersonView], sort: str) -> list[PersonView]:
    """Dutch alphabetical order, within each wijk (no wijk last) when ``sort`` is "wijk"."""

    def by_name(person: PersonView):
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
