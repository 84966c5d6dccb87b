"""Demo data of the research app: two approved studies over all programmes of one research
group, requested by the demo researcher ``onderzoeker`` and approved by the privacy officer
``privacy`` (so the second study's exports are checked together with the first's); a second
privacy officer ``privacy2`` (for the four-eyes re-identification)."""

from __future__ import annotations

import datetime as dt

from accounts.roles import PRIVACY_OFFICER
from casework.registry import programmes
from research import catalogue as cat
from research import services
from research.models import ResearchGroup, Study

DEMO_GROUP = "Kenniswerkplaats Leeuwarden Oost"

DEMO_STUDIES = (
    (
        "DEMO-COHORT",
        "Leefsituatie in Leeuwarden Oost (cohort)",
        "Dr. A. Hoekstra",
        "NHL Stenden",
        "NHL-ETH-2026-014",
        lambda names: [n for n in names if not cat.catalogue()[n].sensitive],
    ),
    (
        "DEMO-COHORT-2",
        "Schulden, gezondheid en werk (cohort 2)",
        "Prof. dr. J. de Boer",
        "RUG / Campus Fryslân",
        "CF-ERB-2026-031",
        lambda names: list(names),
    ),
)


def seed(*, teams, users, anchor, rng, stdout) -> None:
    from accounts.services import upsert_user
    from demo.accounts import DEMO_PASSWORD

    researcher = users["onderzoeker"]
    officer = users["privacy"]
    second = upsert_user(
        username="privacy2",
        password=DEMO_PASSWORD,
        first_name="Hylke",
        last_name="Brouwer",
        email="privacy2@koers-demo.example",
        organisation=getattr(officer, "organisation", None),
        roles=[PRIVACY_OFFICER],
    )
    users.setdefault("privacy2", second)
    names = list(cat.catalogue())
    group = ResearchGroup.objects.filter(name=DEMO_GROUP).first() or services.create_group(
        actor=officer, name=DEMO_GROUP, institution="NHL Stenden en RUG / Campus Fryslân"
    )
    services.add_group_member(actor=officer, group=group, user=researcher)
    for code, title, pi, institution, ethics, pick in DEMO_STUDIES:
        if Study.objects.filter(code=code).exists():
            continue
        study = services.request_study(
            actor=researcher,
            code=code,
            title=title,
            principal_investigator=pi,
            institution=institution,
            ethics_reference=ethics,
            purpose="Longitudinaal onderzoek (type Lifelines) naar de ontwikkeling van bewoners.",
            period_start=dt.date(2022, 1, 1),
            period_end=None,
            programmes=sorted(programmes()),
            waves=[],
            variables=pick(names),
            k=5,
            group=group,
        )
        services.decide_study(
            actor=officer,
            study=study,
            expected_version=study.version,
            decision="approve",
            note="Demo: goedgekeurd.",
        )
    stdout.write("Onderzoek: DEMO-COHORT en DEMO-COHORT-2 (goedgekeurd) voor onderzoeker.")
