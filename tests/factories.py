"""factory_boy factories. Participants are made through the service, so they are encrypted
exactly as in production."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth.models import Group

from accounts.models import Organisation, Team, TeamMembership, User
from accounts.services import ensure_role_groups
from casework import services
from casework.models import Enrolment, Instrument
from casework.validation import Identity

_bsn_counter = itertools.count(100000000)

START = dt.date(2025, 1, 6)
"""The day participants start in the programme and households are formed, unless a test says."""


def valid_bsn() -> str:
    """A fresh nine-digit number that passes the 11-proef."""
    while True:
        candidate = str(next(_bsn_counter))
        digits = [int(d) for d in candidate]
        total = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
        if total % 11 == 0:
            return candidate


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.PROVIDER


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"team{n}")
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        ensure_role_groups()
        self.groups.add(*Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for team in extracted:
            TeamMembership.objects.get_or_create(team=team, user=self)


def make_user(*roles: str, teams=()) -> User:
    user = UserFactory(roles=list(roles), teams=list(teams))
    user.save()
    return user


def make_participant(
    actor: User,
    team: Team,
    programme: str = "gezinslab",
    *,
    start_date: dt.date | None = None,
    name: str | None = None,
    **identity,
):
    """A participant registered through the service by ``actor`` in ``team`` and enrolled in
    ``programme``; ``name`` ("Finn Bosma") gives the given and the family name at once, the
    other ``identity`` fields are those of casework.validation.Identity."""
    if name is not None:
        identity["given_name"], identity["family_name"] = name.split(" ", 1)
    identity.setdefault("given_name", "Anna")
    identity.setdefault("family_name", "de Vries")
    return services.register_participant(
        actor=actor,
        identity=Identity(**identity),
        team=team,
        programme_code=programme,
        start_date=start_date or START,
        legal_basis=Enrolment.LegalBasis.CONSENT,
        finding_place=Enrolment.FindingPlace.SCHOOL,
    )


def measure(actor: User, enrolment: Enrolment, instrument, wave: str, date: dt.date, values: dict):
    """A measurement recorded through the service: ``actor`` scores ``enrolment`` on
    ``instrument`` (an Instrument or its code) in ``wave`` on ``date`` with ``values`` (item or
    goal id to score)."""
    if isinstance(instrument, str):
        instrument = Instrument.objects.get(code=instrument)
    return services.record_measurement(
        actor=actor, enrolment=enrolment, instrument=instrument, wave=wave, date=date, values=values
    )


def make_household(actor: User, first_member, *, role="parent", start_date=START, **fields):
    """A household created through the service with ``first_member`` in it (``fields``: its
    name and reference)."""
    return services.create_household(
        actor=actor, first_member=first_member, role=role, start_date=start_date, **fields
    )


def add_member(actor: User, household, participant, role: str, *, start_date=START):
    """``participant`` joins ``household`` in ``role`` through the service."""
    return services.add_household_member(
        actor=actor, household=household, participant=participant, role=role, start_date=start_date
    )


def log_progress(actor: User, enrolment: Enrolment, date: dt.date, note: str, *, kind="contact"):
    """A line in ``enrolment``'s progress log, written through the service."""
    return services.log_progress(actor=actor, enrolment=enrolment, date=date, kind=kind, note=note)


def enrol(actor: User, participant, programme_code: str, team: Team, start_date, legal_basis):
    """``participant`` enrolled in another programme through the service."""
    return services.enrol(
        actor=actor,
        participant=participant,
        programme_code=programme_code,
        team=team,
        start_date=start_date,
        legal_basis=legal_basis,
    )


def record_outcome(actor: User, enrolment: Enrolment, measure_code: str, date: dt.date, value):
    """An outcome value recorded through the service."""
    return services.record_outcome(
        actor=actor, enrolment=enrolment, measure_code=measure_code, date=date, value=value
    )


def record_consent(actor: User, participant, purpose, status, effective_on, *, text_version="v1"):
    """A consent (or its withdrawal) recorded through the service."""
    return services.record_consent(
        actor=actor,
        participant=participant,
        purpose=purpose,
        status=status,
        effective_on=effective_on,
        text_version=text_version,
    )


def end_enrolment(actor: User, enrolment: Enrolment, end_date, status, *, expected_version=None):
    """``enrolment`` ended through the service (against its current version unless said)."""
    return services.end_enrolment(
        actor=actor,
        enrolment=enrolment,
        expected_version=enrolment.version if expected_version is None else expected_version,
        end_date=end_date,
        status=status,
    )
