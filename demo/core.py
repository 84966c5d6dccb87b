"""Fill a demo or development database with fictitious organisations, users and participants.

Everything goes through the services, so the demo data is validated, scoped and encrypted
exactly as in production. The command is idempotent: organisations, teams and users are
upserted; the participants are created only once (detected through the blind index of the
first demo client reference). A fixed random seed makes the demo the same every time.

All people are fictitious. BSNs are drawn from the 9999xxxxx range that the RvIG uses for
test numbers and pass the 11-proef; phone numbers and e-mail addresses are not real ones.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Organisation, Team, User
from accounts.roles import ROLE_LABELS
from accounts.services import upsert_organisation, upsert_team, upsert_user
from casework import services
from casework.instruments import LIFE_DOMAINS, PG_DIMENSIONS
from casework.models import (
    Enrolment,
    Goal,
    HouseholdMembership,
    Instrument,
    Participant,
    ProgressEntry,
)
from casework.validation import Identity
from demo import monitoring as monitor_demo
from privacy.bsn import is_valid_bsn
from privacy.crypto import blind_index

DEMO_PASSWORD = "demo-Koers-2026"  # noqa: S105 - published demo password, refused in production
RANDOM_SEED = 20260101
# Latest date the demo uses, so the data is the same every day (as long as today is later).
DEMO_ANCHOR = dt.date(2026, 11, 1)
FIRST_CLIENT_REF = "GL-0001"

ORGANISATIONS = [
    ("gezinslab", "Gezinslab", Organisation.Kind.PROVIDER),
    ("wijkbedrijf-bilgaard", "Wijkbedrijf Bilgaard", Organisation.Kind.PROVIDER),
    ("dreamfabryk", "Dreamfabryk", Organisation.Kind.PROVIDER),
    ("gemeente-leeuwarden", "Gemeente Leeuwarden", Organisation.Kind.MUNICIPALITY),
    ("fno", "FNO (Fonds Nuts Ohra)", Organisation.Kind.FUNDER),
    ("nhl-stenden", "NHL Stenden Hogeschool", Organisation.Kind.RESEARCH),
    ("fries-sociaal-planbureau", "Fries Sociaal Planbureau", Organisation.Kind.RESEARCH),
]

TEAMS = [
    ("glb", "Gezinslab Bilgaard", "gezinslab"),
    ("svo", "Schuldenvrij Oost", "gemeente-leeuwarden"),
    ("lcd", "Lifecoaching Dreamfabryk", "dreamfabryk"),
    ("bgw", "Baangaranties Wijkbedrijf", "wijkbedrijf-bilgaard"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    organisation: str
    teams: tuple[str, ...] = ()


DEMO_USERS = [
    DemoUser("hulpverlener", roles.CASEWORKER, "Marrit", "Hoekstra", "gezinslab", ("glb", "svo")),
    DemoUser("ervaringsdeskundige", roles.PEER_EXPERT, "Jildou", "Terpstra", "gezinslab", ("glb",)),
    DemoUser("teamleider", roles.TEAM_LEAD, "Sjoerd", "Dijkstra", "gezinslab", ("glb",)),
    DemoUser("hulpverlener2", roles.CASEWORKER, "Rients", "Bosma", "dreamfabryk", ("lcd", "bgw")),
    DemoUser("programmabureau", roles.PROGRAMME_OFFICE, "Anneke", "Postma", "gemeente-leeuwarden"),
    DemoUser("evaluator", roles.EVALUATOR, "Gerben", "Wiersma", "fno"),
    DemoUser("onderzoeker", roles.RESEARCHER, "Froukje", "Zijlstra", "nhl-stenden"),
    DemoUser("privacy", roles.PRIVACY_OFFICER, "Tjalling", "Jansma", "gemeente-leeuwarden"),
    # Four eyes: a forgiveness is approved by a team lead of Schuldenvrij who did not propose
    # it; a re-identification is confirmed by a second privacy officer.
    DemoUser(
        "teamleider-svo", roles.TEAM_LEAD, "Hinke", "Sijbesma", "gemeente-leeuwarden", ("svo",)
    ),
    DemoUser("privacy2", roles.PRIVACY_OFFICER, "Hylke", "Brouwer", "gemeente-leeuwarden"),
    DemoUser("beheerder", roles.FUNCTIONAL_ADMIN, "Hiske", "Hofstra", "gemeente-leeuwarden"),
]

PROGRAMME_TEAM = {
    "gezinslab": "glb",
    "buurtgezinnen": "glb",
    "schuldenvrij": "svo",
    "lifecoaching": "lcd",
    "baangarantie": "bgw",
}
TEAM_CASEWORKER = {
    "glb": "hulpverlener",
    "svo": "hulpverlener",
    "lcd": "hulpverlener2",
    "bgw": "hulpverlener2",
}

WIJKEN = ["oud-oost", "bilgaard", "vrijheidswijk", "heechterp-schieringen", "camminghaburen"]
POSTCODE_PREFIX = {
    "oud-oost": "8921",
    "vrijheidswijk": "8922",
    "heechterp-schieringen": "8924",
    "bilgaard": "8925",
    "camminghaburen": "8926",
}
STREETS = {
    "oud-oost": ["Oostergoweg", "Schrans-Oost", "Tulpstraat", "Kanaalweg-Oost"],
    "bilgaard": ["Bilgaardpark", "Valeriusplein", "Ringersweg", "Bilgaardsflat"],
    "vrijheidswijk": ["Vredeplein", "Bevrijdingslaan", "Verzetsstraat", "Vrijheidsweg"],
    "heechterp-schieringen": ["Heechterplaan", "Schieringerweg", "Sportlaan-Oost", "Eewal-Oost"],
    "camminghaburen": ["Camminghalaan", "Zuiderburen", "Muzenlaan", "Wiarda-erf"],
}
MALE = [
    "Sjoerd", "Hylke", "Jelle", "Durk", "Eelke", "Sytse", "Auke", "Romke", "Wiebe", "Pieter",
    "Klaas", "Bauke", "Jorrit", "Douwe", "Tsjalle", "Mohamed", "Ahmet", "Dirk", "Sybren", "Hessel",
]  # fmt: skip
FEMALE = [
    "Wytske", "Baukje", "Tjitske", "Sietske", "Geeske", "Yfke", "Janke", "Aukje", "Griet", "Minke",
    "Fenna", "Mirte", "Lieke", "Sanne", "Ilse", "Fatima", "Amira", "Nynke", "Trijntje", "Hylkje",
]  # fmt: skip
CHILD_MALE = ["Finn", "Sem", "Daan", "Thijs", "Luuk", "Jesse", "Ids", "Wessel", "Yusuf", "Bram"]
CHILD_FEMALE = ["Noor", "Emma", "Tess", "Fleur", "Jet", "Liv", "Anouk", "Isa", "Lina", "Femke"]
FAMILY_NAMES = [
    "Hoekstra", "Dijkstra", "Bosma", "Postma", "Wiersma", "Terpstra", "Zijlstra", "Jansma",
    "Hofstra", "Tuinstra", "Veenstra", "Kuipers", "de Jong", "de Vries", "van der Meer",
    "Visser", "de Boer", "Brouwer", "Sikkema", "Feenstra", "Haitsma", "Koopmans", "Nauta",
    "Wijnja", "El Amrani", "Yıldız", "Rienstra", "Sinnema",
]  # fmt: skip

# Household kinds, cycled over the households (see DemoBuilder.household_people).
HOUSEHOLD_KINDS = [
    "gezinslab",
    "schulden",
    "school",
    "werk",
    "buurtgezin",
    "gezinslab",
    "jongeren",
]

FINDING_PLACE = {
    "gezinslab": Enrolment.FindingPlace.SCHOOL,
    "buurtgezinnen": Enrolment.FindingPlace.COMMUNITY_CENTRE,
    "schuldenvrij": Enrolment.FindingPlace.SOCIAL_TEAM,
    "lifecoaching": Enrolment.FindingPlace.SCHOOL,
    "baangarantie": Enrolment.FindingPlace.PARTNER,
}
LEGAL_BASIS = {
    "schuldenvrij": Enrolment.LegalBasis.PUBLIC_TASK,
    "baangarantie": Enrolment.LegalBasis.CONTRACT,
}

# Goals in the participant's own words, with the ZRM life domain they touch.
GOALS = {
    "gezinslab": [
        ("Ik wil weer rust in mijn hoofd als de post komt.", "financien"),
        ("Ik wil dat de kinderen elke ochtend ontbijten voor ze naar school gaan.", "adl"),
        ("Ik wil een baan waar ik trots op ben.", "werk_opleiding"),
        ("Minder ruzie thuis, meer samen lachen.", "huiselijke_relaties"),
        ("Ik wil weer beter slapen en minder piekeren.", "geestelijke_gezondheid"),
        ("Ik wil mensen in de buurt hebben bij wie ik terecht kan.", "sociaal_netwerk"),
    ],
    "buurtgezinnen": [
        ("Iemand om mee te praten als het even niet gaat.", "sociaal_netwerk"),
        ("Dat de kinderen een vast logeeradres hebben bij een ander gezin.", "huiselijke_relaties"),
        ("Ik wil zelf ook iets kunnen betekenen voor de buurt.", "maatschappelijke_participatie"),
    ],
    "schuldenvrij": [
        ("Ik wil van mijn schulden af en niet meer bang zijn voor de deurbel.", "financien"),
        ("Ik wil zelf mijn geld kunnen regelen met een weekbudget.", "financien"),
        ("Ik wil een plan voor later, voor mij en mijn zoon.", "tijdsbesteding"),
        ("Geen nieuwe schulden als ik 18 word.", "financien"),
    ],
    "lifecoaching": [
        ("Ik wil mijn diploma halen.", "werk_opleiding"),
        ("Ik wil niet meer spijbelen.", "werk_opleiding"),
        ("Ik wil weten wat ik later wil worden.", "tijdsbesteding"),
        ("Ik wil een bijbaantje en mijn eigen geld.", "financien"),
        ("Meer vrienden maken op mijn nieuwe school.", "sociaal_netwerk"),
    ],
    "baangarantie": [
        ("Ik wil een vaste baan en uit de bijstand.", "werk_opleiding"),
        ("Ik wil mijn rijbewijs halen zodat ik op tijd op mijn werk kan komen.", "werk_opleiding"),
        ("Een diploma in de zorg, stap voor stap.", "werk_opleiding"),
        ("Elke dag een ritme, ook als het tegenzit.", "tijdsbesteding"),
    ],
}

PLAN_SUMMARIES = {
    "gezinslab": "Samen met het gezin in kaart gebracht waar het vastloopt. Eerst rust in de "
    "financiën, daarna werken aan de eigen doelen van de ouders.",
    "buurtgezinnen": "Koppeling met een steungezin uit de buurt; één keer per week contact en "
    "een vaste logeerdag voor de kinderen.",
    "schuldenvrij": "Restschuld wordt kwijtgescholden. Samen een toekomstplan opstellen met een "
    "weekbudget en afspraken over nieuwe rekeningen.",
    "lifecoaching": "Lifecoach als vast aanspreekpunt; samen met school en ouders werken aan "
    "een goede overgang en het halen van een diploma.",
    "baangarantie": "Via de brancheketen een baangarantie, eerst een werkervaringsplek met "
    "begeleiding op de werkvloer.",
}

# Short progress notes per programme: (kind, note).
NOTES = {
    "gezinslab": [
        (
            "home_visit",
            "Huisbezoek samen met de ervaringsdeskundige. Stapel post samen doorgenomen.",
        ),
        ("contact", "Moeder belde: toeslag is eindelijk toegekend. Opgelucht."),
        ("action", "Samen gebeld met de Belastingdienst over de terugvordering."),
        ("meeting", "Overleg met school over de aanwezigheid van de oudste."),
        ("contact", "Kort contact bij het schoolplein, het gaat rustiger thuis."),
        ("action", "Knelpunt: wachtlijst schuldhulpverlening van vier maanden."),
        ("milestone", "Doorbraak: via het wijkteam toch direct een afspraak bij schuldhulp."),
        ("home_visit", "Huisbezoek: vader heeft een sollicitatiegesprek gehad."),
        ("meeting", "Gezinsgesprek, doelen samen bijgesteld."),
        ("contact", "Afspraak verzet, gezin had griep. Volgende week opnieuw."),
        ("action", "Aanvraag kwijtschelding gemeentelijke belastingen samen ingevuld."),
        ("milestone", "Vader is gestart bij een werkgever via Open Hiring."),
    ],
    "buurtgezinnen": [
        ("meeting", "Kennismaking met het steungezin, klikte meteen."),
        ("contact", "Kinderen hebben voor het eerst gelogeerd bij het steungezin."),
        ("home_visit", "Evaluatie met beide gezinnen, afspraken voortgezet."),
        ("contact", "Steungezin helpt met vervoer naar de sportclub."),
        ("milestone", "Vaste logeerdag loopt nu een half jaar zonder uitval."),
    ],
    "schuldenvrij": [
        ("meeting", "Financiële intake gedaan, overzicht van alle schuldeisers gemaakt."),
        ("action", "Schuldeisers aangeschreven over de kwijtschelding van de restschuld."),
        ("contact", "Vraag over een nieuwe rekening van de zorgverzekeraar, samen betaald."),
        ("milestone", "Restschuld kwijtgescholden. Veel emotie, grote opluchting."),
        ("meeting", "Toekomstplan besproken: weekbudget en spaardoel."),
        ("contact", "Budget gaat goed, geen nieuwe achterstanden."),
        ("action", "Knelpunt: beslag op loon nog niet opgeheven; werkgever gebeld."),
        ("milestone", "Doorbraak: beslag opgeheven na overleg met de deurwaarder."),
    ],
    "lifecoaching": [
        ("meeting", "Kennismaking met de lifecoach op school."),
        ("contact", "Samen huiswerkplanning gemaakt voor de toetsweek."),
        ("meeting", "Gesprek met mentor over het schooladvies en de overstap."),
        ("contact", "Twee weken geen verzuim, complimenten gegeven."),
        ("action", "Meegegaan naar de open dag van het mbo."),
        ("milestone", "Overgegaan naar het volgende leerjaar."),
        ("contact", "Bijbaantje gevonden bij de supermarkt in de wijk."),
    ],
    "baangarantie": [
        ("meeting", "Intake bij de brancheketen zorg, baangarantie besproken."),
        ("action", "Gestart op een werkervaringsplek, eerste week goed verlopen."),
        ("contact", "Evaluatie met de werkbegeleider: komt op tijd, leert snel."),
        ("action", "Knelpunt: kinderopvang sluit niet aan op de diensten."),
        ("milestone", "Doorbraak: werkgever past het rooster aan."),
        ("milestone", "Contract getekend, uitstroom uit de bijstand."),
        ("contact", "Belcontact, gaat goed op het werk."),
    ],
}

WAVES = [("intake", 7), ("m6", 182), ("m12", 365), ("m18", 547), ("m24", 730)]


@dataclass
class Person:
    identity: Identity
    programme: str
    role: str  # household role
    age: int
    start: dt.date
    participant: Participant | None = None
    enrolments: list[Enrolment] = field(default_factory=list)


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
        organisations = {
            code: upsert_organisation(code=code, name=name, kind=kind)
            for code, name, kind in ORGANISATIONS
        }
        teams = {
            code: upsert_team(organisation=organisations[org], code=code, name=name)
            for code, name, org in TEAMS
        }
        users = {
            spec.username: upsert_user(
                username=spec.username,
                password=DEMO_PASSWORD,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@koers-demo.example",
                organisation=organisations[spec.organisation],
                roles=[spec.role],
                teams=[teams[code] for code in spec.teams],
            )
            for spec in DEMO_USERS
        }
        if Participant.objects.filter(
            client_ref_index=blind_index("client_ref", FIRST_CLIENT_REF)
        ).exists():
            stdout.write("Demodeelnemers bestaan al; deelnemers overgeslagen.")
        else:
            builder = DemoBuilder(teams=teams, users=users, stdout=stdout)
            builder.build()
            builder.programme_demos()
        monitor_demo.seed(stdout=stdout)
    print_accounts(stdout=stdout, style=style)


def print_accounts(*, stdout, style) -> None:
    stdout.write("")
    stdout.write(style.SUCCESS("Demo-accounts (wachtwoord voor allemaal gelijk):"))
    header = f"{'gebruikersnaam':<22}{'rol':<24}{'teams':<12}wachtwoord"
    stdout.write(header)
    stdout.write("-" * len(header))
    for spec in DEMO_USERS:
        stdout.write(
            f"{spec.username:<22}{str(ROLE_LABELS[spec.role]):<24}"
            f"{','.join(spec.teams) or '-':<12}{DEMO_PASSWORD}"
        )


class DemoBuilder:
    """Creates the fictitious participants and their two years of casework."""

    def __init__(self, *, teams: dict[str, Team], users: dict[str, User], stdout) -> None:
        self.teams = teams
        self.users = users
        self.stdout = stdout
        self.rng = random.Random(RANDOM_SEED)
        self.anchor = min(timezone.localdate(), DEMO_ANCHOR)
        self.client_counter = 0
        self.used_bsns: set[str] = set()
        self.instruments = {i.code: i for i in Instrument.objects.all()}
        self.family_names = list(FAMILY_NAMES)
        self.rng.shuffle(self.family_names)

    # --- fictitious identities ----------------------------------------------------------

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

    # --- households ---------------------------------------------------------------------

    def household_people(self, index: int) -> tuple[str, str, list[Person]]:
        """The members of household ``index``: family name, wijk and who is in which programme."""
        rng = self.rng
        kind = HOUSEHOLD_KINDS[index % len(HOUSEHOLD_KINDS)]
        wijk = WIJKEN[index % len(WIJKEN)]
        family_name = self.family_names[index % len(self.family_names)]
        address = (
            rng.choice(STREETS[wijk]),
            str(rng.randint(1, 180)),
            f"{POSTCODE_PREFIX[wijk]} {rng.choice('ABCDEGHJKLMNPRSTVWX')}"
            f"{rng.choice('ABCDEGHJKLMNPRSTVWX')}",
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

        parent_gender = "V" if rng.random() < 0.7 else "M"
        partner_gender = "M" if parent_gender == "V" else "V"
        parent, partner, child = (
            HouseholdMembership.Role.PARENT,
            HouseholdMembership.Role.PARTNER,
            HouseholdMembership.Role.CHILD,
        )
        # Every household stays within one caseworker's teams (glb+svo or lcd+bgw): adding a
        # member needs both the household and the participant in the actor's caseload.
        if kind == "gezinslab":
            add("gezinslab", parent, rng.randint(28, 44), parent_gender)
            if rng.random() < 0.6:
                surname = rng.choice(FAMILY_NAMES) if rng.random() < 0.5 else ""
                add("gezinslab", partner, rng.randint(30, 48), partner_gender, surname=surname)
            add("gezinslab", child, rng.randint(5, 9), rng.choice("MV"))
            add("gezinslab", child, rng.randint(10, 16), rng.choice("MV"))
        elif kind == "schulden":  # the 18-/18+ transition: a parent and a 17-year-old
            add("schuldenvrij", parent, rng.randint(30, 55), parent_gender)
            add("schuldenvrij", child, 17, rng.choice("MV"))
            add("gezinslab", child, rng.randint(8, 14), rng.choice("MV"))
        elif kind == "werk":
            add("baangarantie", parent, rng.randint(23, 50), parent_gender)
            add("baangarantie", partner, rng.randint(23, 50), partner_gender)
            add("lifecoaching", child, rng.randint(13, 17), rng.choice("MV"))
        elif kind == "buurtgezin":
            add("buurtgezinnen", parent, rng.randint(26, 42), parent_gender)
            add("buurtgezinnen", child, rng.randint(3, 10), rng.choice("MV"))
            add("buurtgezinnen", child, rng.randint(3, 10), rng.choice("MV"))
        elif kind == "school":  # siblings with a lifecoach each
            add("lifecoaching", child, rng.randint(11, 14), rng.choice("MV"))
            add("lifecoaching", child, rng.randint(15, 18), rng.choice("MV"))
        else:  # jongeren: a young adult towards work and a younger sibling with a lifecoach
            add("baangarantie", child, rng.randint(18, 23), rng.choice("MV"))
            add("lifecoaching", child, rng.randint(14, 18), rng.choice("MV"))
        return family_name, wijk, people

    # --- the whole demo -----------------------------------------------------------------

    def build(self) -> None:
        household_count = 0
        participant_count = 0
        index = 0
        while household_count < 22 or participant_count < 64:
            family_name, wijk, people = self.household_people(index)
            for person in people:
                self.register(person, index)
            self.make_household(index, family_name, wijk, people)
            for person in people:
                self.casework(person)
            household_count += 1
            participant_count += len(people)
            index += 1
        self.stdout.write(
            f"{participant_count} fictieve deelnemers in {household_count} huishoudens aangemaakt."
        )

    def programme_demos(self) -> None:
        """Each app's demo data after the core's, in a fixed order, each with its own random
        stream so that one app's demo does not shift another's."""
        from demo import baangaranties, financing, gezinslab, lifecoaching, research, schuldenvrij

        hooks = [
            ("baangarantie", baangaranties.fill),
            ("gezinslab", gezinslab.fill),
            ("lifecoaching", lifecoaching.fill),
            ("schuldenvrij", schuldenvrij.fill),
            ("research", research.seed),  # after the programmes' data
            ("financing", financing.seed),
        ]
        for name, hook in hooks:
            hook(
                teams=self.teams,
                users=self.users,
                anchor=self.anchor,
                rng=random.Random(f"{RANDOM_SEED}-{name}"),
                stdout=self.stdout,
            )

    def actor_for(self, team_code: str) -> User:
        return self.users[TEAM_CASEWORKER[team_code]]

    def register(self, person: Person, index: int) -> None:
        team_code = PROGRAMME_TEAM[person.programme]
        actor = self.actor_for(team_code)
        # A few Gezinslab families are registered by the team lead and wait for assignment.
        if team_code == "glb" and index % 9 == 4:
            actor = self.users["teamleider"]
        person.participant = services.register_participant(
            actor=actor,
            identity=person.identity,
            team=self.teams[team_code],
            programme_code=person.programme,
            start_date=person.start,
            legal_basis=LEGAL_BASIS.get(person.programme, Enrolment.LegalBasis.CONSENT),
            finding_place=FINDING_PLACE[person.programme],
        )
        person.enrolments = list(person.participant.enrolments.all())
        self.consents(person)
        # Some Gezinslab parents also join Schuldenvrij, half a year later; the first
        # Gezinslab household's parent always does, and also gets a job guarantee: one
        # household in three programmes, each team seeing its own part.
        first_family = person.programme == "gezinslab" and index == 0
        if (
            person.programme == "gezinslab"
            and person.role == HouseholdMembership.Role.PARENT
            and (first_family or self.rng.random() < 0.5)
        ):
            person.enrolments.append(
                services.enrol(
                    actor=self.users["hulpverlener"],
                    participant=person.participant,
                    programme_code="schuldenvrij",
                    team=self.teams["svo"],
                    start_date=person.start + dt.timedelta(days=180 + self.rng.randint(0, 60)),
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
                            actor=self.users["hulpverlener"],
                            participant=person.participant,
                            programme=services._programme("baangarantie"),
                            team=self.teams["bgw"],
                            start_date=person.start + dt.timedelta(days=300),
                            legal_basis=Enrolment.LegalBasis.CONSENT,
                            finding_place=Enrolment.FindingPlace.PARTNER,
                        )
                    )

    def consents(self, person: Person) -> None:
        """Most participants consent to care and to sharing with partners; about two in three
        to research; a few refuse sharing (their programmes' parts stay with their teams)."""
        actor = self.actor_for(PROGRAMME_TEAM[person.programme])
        day = person.start
        statements = [("care", "given")]
        statements.append(("sharing", "given" if self.rng.random() < 0.8 else "refused"))
        statements.append(("research", "given" if self.rng.random() < 0.67 else "refused"))
        for purpose, status in statements:
            services.record_consent(
                actor=actor,
                participant=person.participant,
                purpose=purpose,
                status=status,
                effective_on=day,
                text_version="2025-01",
            )

    def make_household(self, index: int, family_name: str, wijk: str, people: list[Person]):
        first, *others = people
        household = services.create_household(
            actor=self.actor_for(PROGRAMME_TEAM[first.programme]),
            name=f"Gezin {family_name}",
            reference=f"HH-{index + 1:04d}",
            wijk=wijk,
            first_member=first.participant,
            role=first.role,
            start_date=first.start,
        )
        for person in others:
            services.add_household_member(
                actor=self.actor_for(PROGRAMME_TEAM[person.programme]),
                household=household,
                participant=person.participant,
                role=person.role,
                start_date=first.start,
            )
        return household

    def casework(self, person: Person) -> None:
        for number, enrolment in enumerate(person.enrolments):
            programme = enrolment.programme.code
            team_code = PROGRAMME_TEAM[programme]
            actor = self.actor_for(team_code)
            plan = enrolment.plan
            services.save_plan_summary(
                actor=actor,
                plan=plan,
                expected_version=plan.version,
                summary=PLAN_SUMMARIES[programme],
            )
            goal_pool = GOALS[programme]
            goals = [
                (
                    services.add_goal(
                        actor=actor,
                        enrolment=enrolment,
                        text=text,
                        life_domain=domain,
                        created_on=enrolment.start_date + dt.timedelta(days=14),
                    ),
                    text,
                )
                for text, domain in self.rng.sample(
                    goal_pool, k=self.rng.randint(1, min(3, len(goal_pool)))
                )
            ]
            self.progress(enrolment, team_code)
            self.measurements(person, enrolment, goals, full=number == 0)

    def progress(self, enrolment: Enrolment, team_code: str) -> None:
        rng = self.rng
        notes = NOTES[enrolment.programme.code]
        end = min(enrolment.start_date + dt.timedelta(days=730), self.anchor)
        day = enrolment.start_date + dt.timedelta(days=rng.randint(2, 10))
        position = 0
        while day <= end:
            kind, note = notes[position % len(notes)]
            author = self.actor_for(team_code)
            if team_code == "glb" and kind in {"home_visit", "contact"} and rng.random() < 0.5:
                author = self.users["ervaringsdeskundige"]
            elif team_code == "glb" and kind == "meeting" and rng.random() < 0.3:
                author = self.users["teamleider"]
            services.log_progress(
                actor=author,
                enrolment=enrolment,
                date=day,
                kind=ProgressEntry.Kind(kind),
                note=note,
            )
            position += 1
            day += dt.timedelta(days=rng.randint(28, 63))

    def measurements(
        self, person: Person, enrolment: Enrolment, goals: list[tuple[Goal, str]], *, full: bool
    ) -> None:
        """ZRM (16+) and Positieve Gezondheid for the first enrolment, goal attainment for
        every enrolment, at intake and every six months; scores improve over time."""
        rng = self.rng
        actor = self.actor_for(PROGRAMME_TEAM[enrolment.programme.code])
        zrm = {code: rng.choices([1, 2, 3, 4, 5], [2, 4, 4, 3, 1])[0] for code, *_ in LIFE_DOMAINS}
        zrm["justitie"] = rng.choice([4, 5, 5, 5])
        zrm["middelengebruik"] = rng.choice([3, 4, 5, 5])
        health = {code: rng.randint(3, 6) for code, *_ in PG_DIMENSIONS}
        attainment = {str(goal.pk): rng.randint(1, 3) for goal, _text in goals}
        for wave, offset in WAVES:
            date = enrolment.start_date + dt.timedelta(days=offset)
            if date > self.anchor:
                break
            if full and person.age >= 16:
                services.record_measurement(
                    actor=actor,
                    enrolment=enrolment,
                    instrument=self.instruments["zrm"],
                    wave=wave,
                    date=date,
                    values=zrm,
                )
            if full:
                services.record_measurement(
                    actor=actor,
                    enrolment=enrolment,
                    instrument=self.instruments["positieve_gezondheid"],
                    wave=wave,
                    date=date,
                    values=health,
                )
            if attainment:
                services.record_measurement(
                    actor=actor,
                    enrolment=enrolment,
                    instrument=self.instruments["goal_attainment"],
                    wave=wave,
                    date=date,
                    values=attainment,
                )
            zrm = {k: _step(rng, v, 1, 5, up=0.35, down=0.05) for k, v in zrm.items()}
            health = {k: _step(rng, v, 0, 10, up=0.5, down=0.1, most=2) for k, v in health.items()}
            attainment = {
                k: _step(rng, v, 0, 10, up=0.65, down=0.05, most=2) for k, v in attainment.items()
            }
        # Goals the participant now feels they have reached are marked achieved.
        for goal, text in goals:
            if attainment[str(goal.pk)] >= 9:
                services.update_goal(
                    actor=actor,
                    goal=goal,
                    expected_version=goal.version,
                    text=text,
                    status=Goal.Status.ACHIEVED,
                    life_domain=goal.life_domain,
                )


def _step(
    rng: random.Random, value: int, low: int, high: int, *, up: float, down: float, most: int = 1
) -> int:
    roll = rng.random()
    if roll < up:
        value += rng.randint(1, most)
    elif roll > 1 - down:
        value -= 1
    return max(low, min(high, value))
