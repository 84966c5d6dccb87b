"""Fill a demo or development database with fictitious organisations, users and participants.

Everything goes through the services, so the demo data is validated, scoped and encrypted
exactly as in production. The command is idempotent: organisations, teams and users are
upserted; the participants are created only once (detected through the blind index of the
first demo client reference). A fixed random seed makes the demo the same every time.

All people are fictitious. BSNs are drawn from the 9999xxxxx range that the RvIG uses for
test numbers and pass the 11-proef; phone numbers and e-mail addresses are not real ones.

The parts: ``demo.accounts`` (organisations, teams, users), ``demo.content`` (names, goals,
notes), ``demo.people`` (identities and households), ``demo.enrolments`` (registration,
consents, households) and ``demo.records`` (plans, goals, progress and measurements); then
each programme's own demo module.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from casework import services
from casework.models import Instrument, Participant
from demo import enrolments
from demo import monitoring as monitor_demo
from demo.accounts import DEMO_PASSWORD, Staff, print_accounts, upsert_staff
from demo.people import People
from demo.records import CaseRecords
from privacy.crypto import blind_index

__all__ = ["DEMO_ANCHOR", "DEMO_PASSWORD", "RANDOM_SEED", "DemoBuilder", "seed"]

RANDOM_SEED = 20260101
# Latest date the demo uses, so the data is the same every day (as long as today is later).
DEMO_ANCHOR = dt.date(2026, 11, 1)
FIRST_CLIENT_REF = "GL-0001"


def seed(*, stdout, style) -> None:
    """Fill the database with the demo data (idempotent) and print the demo accounts; refused
    in production, where the published demo password must not exist."""
    if settings.KOERS_ENV == "production":
        raise CommandError(
            "seed_demo weigert te draaien in productie (KOERS_ENV=production): "
            "demo-accounts hebben een bekend wachtwoord."
        )
    with transaction.atomic():
        services.sync_registry()
        staff = upsert_staff()
        if Participant.objects.filter(
            client_ref_index=blind_index("client_ref", FIRST_CLIENT_REF)
        ).exists():
            stdout.write("Demodeelnemers bestaan al; deelnemers overgeslagen.")
        else:
            builder = DemoBuilder(staff=staff, stdout=stdout)
            builder.build()
            builder.programme_demos()
        monitor_demo.seed(stdout=stdout)
    print_accounts(stdout=stdout, style=style)


class DemoBuilder:
    """Creates the fictitious participants and their two years of casework, household by
    household from one seeded random stream, then each programme's demo."""

    def __init__(self, *, staff: Staff, stdout) -> None:
        self.staff = staff
        self.stdout = stdout
        self.rng = random.Random(RANDOM_SEED)
        self.anchor = min(timezone.localdate(), DEMO_ANCHOR)
        instruments = {i.code: i for i in Instrument.objects.all()}
        self.people = People(rng=self.rng, anchor=self.anchor)
        self.records = CaseRecords(
            staff=staff, rng=self.rng, anchor=self.anchor, instruments=instruments
        )

    def build(self) -> None:
        household_count = 0
        participant_count = 0
        index = 0
        everyone = []
        while household_count < 22 or participant_count < 64:
            family_name, wijk, people = self.people.household(index)
            for person in people:
                enrolments.register(person, index, staff=self.staff, rng=self.rng)
            enrolments.make_household(index, family_name, wijk, people, staff=self.staff)
            for person in people:
                self.records.write(person)
            everyone.extend(people)
            household_count += 1
            participant_count += len(people)
            index += 1
        # The last family first: the first households carry the other programmes' demos.
        enrolments.pending_transfer(list(reversed(everyone)), staff=self.staff)
        self.stdout.write(
            f"{participant_count} fictieve deelnemers in {household_count} huishoudens aangemaakt."
        )

    def programme_demos(self) -> None:
        """Each app's demo data after the core's, in a fixed order, each with its own random
        stream so that one app's demo does not shift another's."""
        from demo import (
            baangaranties,
            financing,
            gezinslab,
            lifecoaching,
            privacy,
            research,
            schuldenvrij,
        )

        hooks = [
            ("baangarantie", baangaranties.fill),
            ("gezinslab", gezinslab.fill),
            ("lifecoaching", lifecoaching.fill),
            ("schuldenvrij", schuldenvrij.fill),
            ("research", research.seed),  # after the programmes' data
            ("financing", financing.seed),
            ("privacy", privacy.seed),  # a request of a data subject, for the work list
        ]
        for name, hook in hooks:
            hook(
                teams=self.staff.teams,
                users=self.staff.users,
                anchor=self.anchor,
                rng=random.Random(f"{RANDOM_SEED}-{name}"),
                stdout=self.stdout,
            )
