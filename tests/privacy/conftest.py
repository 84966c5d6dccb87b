"""Fixtures of the privacy-operations tests: two privacy officers and a participant with a full
file (an identity changed once, a plan, a goal, a note, a measurement, a household with another
member, a break-the-glass access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from casework import services
from casework.models import Instrument, Participant, Plan
from casework.validation import Identity
from tests.factories import (
    add_member,
    log_progress,
    make_household,
    make_participant,
    measure,
    valid_bsn,
)

NOTE = "Gesprek over de schulden bij de woningcorporatie"
GOAL = "Ik wil weer rust in mijn hoofd"
PLAN = "Eerst de post ordenen, dan een afspraak bij de bank"
NEW_STREET = "Vlietzone"
OLD_STREET = "Bilgaardpark"


@dataclass
class File:
    participant: Participant
    bsn: str
    client_ref: str
    other: Participant
    household: object
    break_glass: object


@pytest.fixture
def full_file(caseworker_a, caseworker_b, team_a):
    bsn = valid_bsn()
    client_ref = "GL-2025-0042"
    kept = {"bsn": bsn, "client_ref": client_ref, "city": "Leeuwarden"}
    old_address = {"street": OLD_STREET, "house_number": "12", "postcode": "8925 AB"}
    participant = make_participant(caseworker_a, team_a, **kept, **old_address)
    moved = Identity(
        given_name="Anna",
        family_name="de Vries",
        street=NEW_STREET,
        house_number="3",
        postcode="8924 CD",
        **kept,
    )
    participant = services.update_participant(
        actor=caseworker_a,
        participant=participant,
        expected_version=participant.version,
        identity=moved,
    )
    enrolment = participant.enrolments.get()
    plan = Plan.objects.get(enrolment=enrolment)
    services.save_plan_summary(
        actor=caseworker_a, plan=plan, expected_version=plan.version, summary=PLAN
    )
    services.add_goal(actor=caseworker_a, enrolment=enrolment, text=GOAL)
    log_progress(caseworker_a, enrolment, dt.date(2025, 2, 3), NOTE)
    zrm = Instrument.objects.get(code="zrm")
    measure(caseworker_a, enrolment, zrm, "intake", dt.date(2025, 2, 3), {"financien": 3})
    household = make_household(
        caseworker_a, participant, name="Familie de Vries", reference="HH-77"
    )
    other = make_participant(actor=caseworker_a, team=team_a, given_name="Bram", bsn=valid_bsn())
    add_member(caseworker_a, household, other, "child")
    access = services.open_break_glass(
        actor=caseworker_b, participant=participant, reason="Crisismelding in het weekend"
    )
    return File(
        participant=Participant.objects.get(pk=participant.pk),
        bsn=bsn,
        client_ref=client_ref,
        other=other,
        household=household,
        break_glass=access,
    )
