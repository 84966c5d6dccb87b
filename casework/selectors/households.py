"""Households: one household with its members, the choices for a form, foreign indexes."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from casework.models import Enrolment, Household, HouseholdMembership
from casework.selectors.people import LIST_FIELDS, PersonView, decrypt_person
from casework.selectors.scope import (
    get_household,
    log_reads,
    visible_households,
    visible_participants,
)
from privacy.crypto import Cipher
from privacy.models import AccessEvent


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
    log_reads(user, [household.pk], "household", AccessEvent.Action.VIEW, subject_type="household")
    log_reads(user, sorted(visible, key=str), "household_member", AccessEvent.Action.LIST)
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
