"""Fixtures of the research tests: a cohort of participants with known identifying values,
research consent, households, measurements and outcomes; a researcher with an approved study."""

from __future__ import annotations

import datetime as dt

import pytest
from privates.test import temp_private_root

from accounts.roles import RESEARCHER
from casework import services as cw
from casework.models import Instrument
from privacy.models import Purpose
from research import services
from tests.factories import (
    log_progress,
    make_household,
    make_participant,
    make_user,
    measure,
    record_consent,
    valid_bsn,
)

START = dt.date(2024, 1, 8)
WIJKEN = ["bilgaard", "oud-oost"]


def known_identity(index: int) -> dict:
    return {
        "given_name": f"Sjoukje{index}x",
        "family_name": f"Bosmaqz{index}",
        "client_ref": f"CR-77{index:04d}",
        "street": f"Lyndensteinstrjitte{index}",
        "postcode": f"8921 Z{chr(65 + index % 26)}",
        "phone": f"0612{index:06d}",
        "email": f"sjoukje{index}@voorbeeld.example",
        "bsn": valid_bsn(),
        "date_of_birth": dt.date(1990, 3, 1 + index % 28),
    }


def build_cohort(
    caseworker, team, n: int, *, programme: str = "gezinslab", consent=True, start_index: int = 0
):
    """n participants of one age, gender and wijk (so every combination holds n), each with a
    household, a ZRM intake and m6, a goal with attainment, and research consent."""
    zrm = Instrument.objects.get(code="zrm")
    people = []
    for index in range(start_index, start_index + n):
        identity = known_identity(index)
        participant = make_participant(
            actor=caseworker,
            team=team,
            programme=programme,
            start_date=START,
            gender="V",
            wijk="bilgaard",
            **identity,
        )
        participant.known = identity
        enrolment = participant.enrolments.get()
        make_household(
            caseworker,
            participant,
            start_date=START,
            name=f"Familie Bosmaqz{index}",
            reference=f"HH-55{index:04d}",
        )
        for wave, day, scores in (
            ("intake", 3, {"financien": 1 + index % 5, "adl": 3}),
            ("m6", 190, {"financien": 2 + index % 4, "adl": 4}),
        ):
            measure(caseworker, enrolment, zrm, wave, START + dt.timedelta(days=day), scores)
        goal = cw.add_goal(
            actor=caseworker, enrolment=enrolment, text=f"Geheimdoeltekst{index} schulden aflossen"
        )
        measure(
            caseworker,
            enrolment,
            "goal_attainment",
            "m6",
            START + dt.timedelta(days=191),
            {str(goal.pk): 3 + index % 6},
        )
        log_progress(
            caseworker,
            enrolment,
            START + dt.timedelta(days=5),
            f"Geheimenotitie{index} over de buurman",
        )
        if consent:
            record_consent(caseworker, participant, Purpose.RESEARCH, "given", START)
        people.append(participant)
    return people


@pytest.fixture(autouse=True)
def _private_root():
    with temp_private_root():
        yield


def in_new_group(user, name: str | None = None):
    """A researcher with a research group of their own (every study belongs to a group)."""
    from research.models import ResearchGroup

    group = ResearchGroup.objects.create(
        name=name or f"Groep {user.username}", institution="NHL Stenden"
    )
    group.members.add(user)
    return user


@pytest.fixture
def researcher():
    return in_new_group(make_user(RESEARCHER))


@pytest.fixture
def other_researcher():
    return in_new_group(make_user(RESEARCHER))


VARIABLES = [
    "age_band",
    "gender",
    "wijk",
    "household_size",
    "household",
    "programme_history",
    "zrm_financien",
    "zrm_adl",
    "goal_attainment",
    "outcome_goal_attainment",
]


def study_request(code: str, **changes) -> dict:
    """What a researcher fills in to request study ``code``: Gezinslab from 2023 on, with the
    variables of VARIABLES, unless ``changes`` say otherwise."""
    return {
        "code": code,
        "title": "Onderzoek",
        "principal_investigator": "Dr. X",
        "institution": "NHL Stenden",
        "ethics_reference": "ETH-1",
        "purpose": "Doel",
        "period_start": dt.date(2023, 1, 1),
        "period_end": None,
        "programmes": ["gezinslab"],
        "waves": [],
        "variables": VARIABLES,
        **changes,
    }


def decide(officer, study, decision: str, **details):
    """``officer`` decides on ``study`` as it stands (approve, narrow, refuse) through the
    service, with the decision's ``details`` (a note, the approved variables)."""
    return services.decide_study(
        actor=officer, study=study, expected_version=study.version, decision=decision, **details
    )


def make_study(
    researcher,
    officer,
    *,
    code="STUDY-A",
    variables=None,
    approve=True,
    k=5,
    programmes=("gezinslab",),
    waves=(),
):
    request = study_request(
        code,
        programmes=list(programmes),
        waves=list(waves),
        variables=variables or VARIABLES,
        k=k,
    )
    study = services.request_study(actor=researcher, **request)
    if approve:
        study = decide(officer, study, "approve")
    return study


@pytest.fixture
def study(researcher, officer):
    return make_study(researcher, officer)


@pytest.fixture
def cohort(caseworker_a, team_a):
    return build_cohort(caseworker_a, team_a, 12)
