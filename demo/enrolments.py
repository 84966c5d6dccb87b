"""Registering the demo's people: participant and enrolments, consents, and their household."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from casework import services
from casework.models import Enrolment, HouseholdMembership
from demo.accounts import PROGRAMME_TEAM, Staff
from demo.content import FINDING_PLACE, LEGAL_BASIS
from demo.people import Person


def register(person: Person, index: int, *, staff: Staff, rng: random.Random) -> None:
    """The person as a participant of their programme, with consents; some parents also in
    further programmes (see ``_further_enrolments``)."""
    team_code = PROGRAMME_TEAM[person.programme]
    actor = staff.actor_for(team_code)
    # A few Gezinslab families are registered by the team lead and wait for assignment.
    if team_code == "glb" and index % 9 == 4:
        actor = staff.users["teamleider"]
    person.participant = services.register_participant(
        actor=actor,
        identity=person.identity,
        team=staff.teams[team_code],
        programme_code=person.programme,
        start_date=person.start,
        legal_basis=LEGAL_BASIS.get(person.programme, Enrolment.LegalBasis.CONSENT),
        finding_place=FINDING_PLACE[person.programme],
    )
    person.enrolments = list(person.participant.enrolments.all())
    _consents(person, staff=staff, rng=rng)
    _further_enrolments(person, index, staff=staff, rng=rng)


def _further_enrolments(person: Person, index: int, *, staff: Staff, rng: random.Random) -> None:
    """Some Gezinslab parents also join Schuldenvrij, half a year later; the first Gezinslab
    household's parent always does, and also gets a job guarantee: one household in three
    programmes, each team seeing its own part."""
    first_family = person.programme == "gezinslab" and index == 0
    if not (
        person.programme == "gezinslab"
        and person.role == HouseholdMembership.Role.PARENT
        and (first_family or rng.random() < 0.5)
    ):
        return
    person.enrolments.append(
        services.enrol(
            actor=staff.users["hulpverlener"],
            participant=person.participant,
            programme_code="schuldenvrij",
            team=staff.teams["svo"],
            start_date=person.start + dt.timedelta(days=180 + rng.randint(0, 60)),
            legal_basis=Enrolment.LegalBasis.PUBLIC_TASK,
            finding_place=Enrolment.FindingPlace.PARTNER,
        )
    )
    if first_family:
        # A referral by the Gezinslab team to the baangaranties team of another
        # organisation. A demo shortcut: a real referral is a transfer the receiving
        # team accepts, or an enrolment by a member of both teams.
        with transaction.atomic():
            person.enrolments.append(
                services._create_enrolment(
                    actor=staff.users["hulpverlener"],
                    participant=person.participant,
                    programme=services._programme("baangarantie"),
                    team=staff.teams["bgw"],
                    start_date=person.start + dt.timedelta(days=300),
                    legal_basis=Enrolment.LegalBasis.CONSENT,
                    finding_place=Enrolment.FindingPlace.PARTNER,
                )
            )


def _consents(person: Person, *, staff: Staff, rng: random.Random) -> None:
    """Most participants consent to care and to sharing with partners; about two in three
    to research; a few refuse sharing (their programmes' parts stay with their teams)."""
    actor = staff.actor_for_programme(person.programme)
    day = person.start
    statements = [("care", "given")]
    statements.append(("sharing", "given" if rng.random() < 0.8 else "refused"))
    statements.append(("research", "given" if rng.random() < 0.67 else "refused"))
    for purpose, status in statements:
        services.record_consent(
            actor=actor,
            participant=person.participant,
            purpose=purpose,
            status=status,
            effective_on=day,
            text_version="2025-01",
        )


def make_household(index: int, family_name: str, wijk: str, people: list[Person], *, staff: Staff):
    """The household of ``people``, the first member creating it."""
    first, *others = people
    household = services.create_household(
        actor=staff.actor_for_programme(first.programme),
        name=f"Gezin {family_name}",
        reference=f"HH-{index + 1:04d}",
        wijk=wijk,
        first_member=first.participant,
        role=first.role,
        start_date=first.start,
    )
    for person in others:
        services.add_household_member(
            actor=staff.actor_for_programme(person.programme),
            household=household,
            participant=person.participant,
            role=person.role,
            start_date=first.start,
        )
    return household


def pending_transfer(people: list[Person], *, staff: Staff) -> None:
    """One Gezinslab family member moves house to Heechterp-Schieringen: Bilgaard's team lead
    asks for the transfer, and teamleider-ghs finds it waiting."""
    for person in people:
        enrolment = next(
            (
                e
                for e in person.enrolments
                if e.programme.code == "gezinslab" and e.status == Enrolment.Status.ACTIVE
            ),
            None,
        )
        if enrolment is not None and enrolment.team.code == "glb":
            services.request_transfer(
                actor=staff.users["teamleider"],
                enrolment=enrolment,
                to_team=staff.teams["ghs"],
                reason="Het gezin verhuist naar Heechterp-Schieringen.",
            )
            return
