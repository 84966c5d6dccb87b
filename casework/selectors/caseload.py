"""The user's caseload, decrypted in bulk, in Dutch alphabetical order, and its search."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from accounts.models import User
from casework.models import Enrolment, HouseholdMembership
from casework.selectors.people import LIST_FIELDS, PersonView, decrypt_person
from casework.selectors.scope import log_reads, visible_enrolments, visible_participants
from privacy.bsn import is_valid_bsn, normalise_bsn
from privacy.crypto import Cipher, blind_index
from privacy.models import AccessEvent


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
        log_reads(user, [row.person.id for row in rows], "caseload", AccessEvent.Action.LIST)
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
    log_reads(user, [row.person.id for row in hits], "caseload_search", AccessEvent.Action.SEARCH)
    return hits
