"""The fictitious people of the demo: identities, and households of who is in which programme."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from casework.models import Enrolment, HouseholdMembership, Participant
from casework.validation import Identity
from demo.content import (
    CHILD_FEMALE,
    CHILD_MALE,
    FAMILY_NAMES,
    FEMALE,
    HOUSEHOLD_KINDS,
    MALE,
    POSTCODE_PREFIX,
    STREETS,
    WIJKEN,
)
from privacy.bsn import is_valid_bsn

POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWX"
PARENT, PARTNER, CHILD = (
    HouseholdMembership.Role.PARENT,
    HouseholdMembership.Role.PARTNER,
    HouseholdMembership.Role.CHILD,
)


@dataclass
class Person:
    identity: Identity
    programme: str
    role: str  # household role
    age: int
    start: dt.date
    participant: Participant | None = None
    enrolments: list[Enrolment] = field(default_factory=list)


class People:
    """Draws the demo's people from the shared random stream, household by household."""

    def __init__(self, *, rng: random.Random, anchor: dt.date) -> None:
        self.rng = rng
        self.anchor = anchor
        self.client_counter = 0
        self.used_bsns: set[str] = set()
        self.family_names = list(FAMILY_NAMES)
        self.rng.shuffle(self.family_names)

    def bsn(self) -> str:
        """A fictitious BSN in the RvIG test range 9999xxxxx that passes the 11-proef."""
        while True:
            candidate = f"9999{self.rng.randint(0, 99999):05d}"
            if is_valid_bsn(candidate) and candidate not in self.used_bsns:
                self.used_bsns.add(candidate)
                return candidate

    def identity(
        self, *, family_name: str, gender: str, age: int, wijk: str, address: tuple[str, str, str]
    ) -> Identity:
        self.client_counter += 1
        adult = age >= 18
        if gender == "M":
            given = self.rng.choice(MALE if adult else CHILD_MALE)
        else:
            given = self.rng.choice(FEMALE if adult else CHILD_FEMALE)
        birth_year = self.anchor.year - age
        date_of_birth = dt.date(birth_year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        street, number, postcode = address
        slug = f"{given}.{family_name}".lower().replace(" ", "").replace("ı", "i")
        return Identity(
            given_name=given,
            family_name=family_name,
            bsn=self.bsn(),
            date_of_birth=date_of_birth,
            street=street,
            house_number=number,
            postcode=postcode,
            city="Leeuwarden",
            phone=f"06 1234 {self.rng.randint(0, 9999):04d}" if age >= 16 else "",
            email=f"{slug}@voorbeeld.example" if adult and self.rng.random() < 0.6 else "",
            client_ref=f"GL-{self.client_counter:04d}",
            gender=gender,
            wijk=wijk,
        )

    def household(self, index: int) -> tuple[str, str, list[Person]]:
        """The members of household ``index``: family name, wijk and who is in which programme."""
        rng = self.rng
        kind = HOUSEHOLD_KINDS[index % len(HOUSEHOLD_KINDS)]
        wijk = WIJKEN[index % len(WIJKEN)]
        family_name = self.family_names[index % len(self.family_names)]
        address = (
            rng.choice(STREETS[wijk]),
            str(rng.randint(1, 180)),
            f"{POSTCODE_PREFIX[wijk]} {rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}",
        )
        start = self.anchor - dt.timedelta(days=730 + rng.randint(0, 240))
        people: list[Person] = []

        def add(programme: str, role: str, age: int, gender: str, *, surname: str = "") -> None:
            people.append(
                Person(
                    identity=self.identity(
                        family_name=surname or family_name,
                        gender=gender,
                        age=age,
                        wijk=wijk,
                        address=address,
                    ),
                    programme=programme,
                    role=role,
                    age=age,
                    start=start + dt.timedelta(days=rng.randint(0, 21)),
                )
            )

        _add_members(kind, add, rng)
        return family_name, wijk, people


def _add_members(kind: str, add, rng: random.Random) -> None:
    """Who a household of ``kind`` has, through ``add(programme, role, age, gender)``.

    Every household stays within one caseworker's teams (glb+svo or lcd+bgw): adding a
    member needs both the household and the participant in the actor's caseload.
    """
    parent_gender = "V" if rng.random() < 0.7 else "M"
    partner_gender = "M" if parent_gender == "V" else "V"
    if kind == "gezinslab":
        add("gezinslab", PARENT, rng.randint(28, 44), parent_gender)
        if rng.random() < 0.6:
            surname = rng.choice(FAMILY_NAMES) if rng.random() < 0.5 else ""
            add("gezinslab", PARTNER, rng.randint(30, 48), partner_gender, surname=surname)
        add("gezinslab", CHILD, rng.randint(5, 9), rng.choice("MV"))
        add("gezinslab", CHILD, rng.randint(10, 16), rng.choice("MV"))
    elif kind == "schulden":  # the 18-/18+ transition: a parent and a 17-year-old
        add("schuldenvrij", PARENT, rng.randint(30, 55), parent_gender)
        add("schuldenvrij", CHILD, 17, rng.choice("MV"))
        add("gezinslab", CHILD, rng.randint(8, 14), rng.choice("MV"))
    elif kind == "werk":
        add("baangarantie", PARENT, rng.randint(23, 50), parent_gender)
        add("baangarantie", PARTNER, rng.randint(23, 50), partner_gender)
        add("lifecoaching", CHILD, rng.randint(13, 17), rng.choice("MV"))
    elif kind == "buurtgezin":
        add("buurtgezinnen", PARENT, rng.randint(26, 42), parent_gender)
        add("buurtgezinnen", CHILD, rng.randint(3, 10), rng.choice("MV"))
        add("buurtgezinnen", CHILD, rng.randint(3, 10), rng.choice("MV"))
    elif kind == "school":  # siblings with a lifecoach each
        add("lifecoaching", CHILD, rng.randint(11, 14), rng.choice("MV"))
        add("lifecoaching", CHILD, rng.randint(15, 18), rng.choice("MV"))
    else:  # jongeren: a young adult towards work and a younger sibling with a lifecoach
        add("baangarantie", CHILD, rng.randint(18, 23), rng.choice("MV"))
        add("lifecoaching", CHILD, rng.randint(14, 18), rng.choice("MV"))
