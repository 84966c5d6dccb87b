"""The demo's organisations, teams and users (one per role), and the list of demo accounts."""

from __future__ import annotations

from dataclasses import dataclass

from accounts import roles
from accounts.models import Organisation, Team, User
from accounts.roles import ROLE_LABELS
from accounts.services import upsert_organisation, upsert_team, upsert_user
from casework.models import Programme
from casework.services import set_programme_teams

DEMO_PASSWORD = "demo-Koers-2026"  # noqa: S105 - published demo password, refused in production

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
    # A second Gezinslab team, so that a family can move house and be transferred.
    ("ghs", "Gezinslab Heechterp-Schieringen", "gezinslab"),
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
    # Receives the demo's pending transfer of a family from Bilgaard.
    DemoUser("teamleider-ghs", roles.TEAM_LEAD, "Wytske", "de Boer", "gezinslab", ("ghs",)),
    DemoUser("beheerder", roles.FUNCTIONAL_ADMIN, "Hiske", "Hofstra", "gemeente-leeuwarden"),
]

PROGRAMME_TEAM = {
    "gezinslab": "glb",
    "buurtgezinnen": "glb",
    "schuldenvrij": "svo",
    "lifecoaching": "lcd",
    "baangarantie": "bgw",
}
# The teams that run each programme: where an enrolment can be transferred to.
PROGRAMME_TEAMS = {
    "gezinslab": ("glb", "ghs"),
    "buurtgezinnen": ("glb", "ghs"),
    "schuldenvrij": ("svo",),
    "lifecoaching": ("lcd",),
    "baangarantie": ("bgw",),
}
TEAM_CASEWORKER = {
    "glb": "hulpverlener",
    "svo": "hulpverlener",
    "lcd": "hulpverlener2",
    "bgw": "hulpverlener2",
}


@dataclass
class Staff:
    """The demo's teams and users by code and username, and who acts for a team."""

    teams: dict[str, Team]
    users: dict[str, User]

    def actor_for(self, team_code: str) -> User:
        return self.users[TEAM_CASEWORKER[team_code]]

    def actor_for_programme(self, programme: str) -> User:
        return self.actor_for(PROGRAMME_TEAM[programme])


def upsert_staff() -> Staff:
    """Organisations, teams and users, created or brought up to date (idempotent)."""
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
    for programme in Programme.objects.filter(code__in=PROGRAMME_TEAMS):
        set_programme_teams(
            programme=programme,
            teams=[teams[code] for code in PROGRAMME_TEAMS[programme.code]],
        )
    return Staff(teams=teams, users=users)


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
