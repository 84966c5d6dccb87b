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
from casework.models import Enrolment
from casework.validation import Identity

_bsn_counter = itertools.count(100000000)


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
    *,
    actor: User,
    team: Team,
    programme: str = "gezinslab",
    start_date: dt.date | None = None,
    **identity,
):
    identity.setdefault("given_name", "Anna")
    identity.setdefault("family_name", "de Vries")
    return services.register_participant(
        actor=actor,
        identity=Identity(**identity),
        team=team,
        programme_code=programme,
        start_date=start_date or dt.date(2025, 1, 6),
        legal_basis=Enrolment.LegalBasis.CONSENT,
        finding_place=Enrolment.FindingPlace.SCHOOL,
    )
