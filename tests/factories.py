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


def in_order(service, names: str, **defaults):
    """``service`` (keyword-only, as every service is) as an arrange step in one line: it takes
    its arguments ``names`` (space-separated, as for a namedtuple) in this order as positional
    arguments, and ``defaults`` for what a test leaves out; any of them may be given by keyword."""
    order = names.split()

    def step(*args, **kwargs):
        if len(args) > len(order):
            raise TypeError(f"{service.__name__} takes {len(order)} positional arguments")
        return service(**{**defaults, **dict(zip(order, args, strict=False)), **kwargs})

    step.__name__ = service.__name__
    step.__doc__ = f"{service.__module__}.{service.__name__}({', '.join(order)}, ...)"
    return step


# The arrange steps of casework, through its services (so encrypted and logged as in production).
make_household = in_order(
    services.create_household, "actor first_member", role="parent", start_date=START
)
add_member = in_order(
    services.add_household_member, "actor household participant role", start_date=START
)
log_progress = in_order(services.log_progress, "actor enrolment date note", kind="contact")
enrol = in_order(services.enrol, "actor participant programme_code team start_date legal_basis")
record_outcome = in_order(services.record_outcome, "actor enrolment measure_code date value")
record_consent = in_order(
    services.record_consent, "actor participant purpose status effective_on", text_version="v1"
)


def end_enrolment(actor: User, enrolment: Enrolment, end_date, status, *, expected_version=None):
    """``enrolment`` ended through the service (against its current version unless said)."""
    version = enrolment.version if expected_version is None else expected_version
    return services.end_enrolment(
        actor=actor, enrolment=enrolment, expected_version=version, end_date=end_date, status=status
    )
