"""Demo data of Gezinslab and Buurtgezinnen (called by ``seed_demo`` through ``demo.core``)
after the core demo exists. Everything goes through the services, fictitious throughout."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gezinslab import selectors, services
from gezinslab.models import FamilyGoal, FamilyTrajectory, SupportFamily, SystemOrganisation

PLANS = [
    "Rust in de post en de geldzaken, zodat er weer ruimte is voor de kinderen.",
    "Samen met het gezin de brieven van instanties op orde en een vaste plek voor de kinderen "
    "na school.",
    "Het gezin wil van de schulden af en dat de oudste weer naar school gaat.",
    "Meer lucht: een huis zonder vocht, de toeslagen geregeld en werk in zicht.",
]
GOALS = [
    ("We openen samen elke week de post", "financien"),
    ("Onze zoon gaat weer elke dag naar school", "werk_opleiding"),
    ("We hebben een huis zonder schimmel", "huisvesting"),
    ("Mama heeft een vrijwilligersbaan", "tijdsbesteding"),
    ("We eten elke avond samen", "huiselijke_relaties"),
    ("We weten bij wie we terechtkunnen in de buurt", "sociaal_netwerk"),
    ("Papa gaat naar de huisarts voor zijn rug", "lichamelijke_gezondheid"),
    ("Geen aanmaningen meer in de bus", "financien"),
]
# (organisation code, kind, rule or benefit, escalated to, how unblocked, system change)
BARRIERS = [
    (
        "toeslagen",
        "benefit",
        "Terugvordering kinderopvangtoeslag na wijziging inkomen",
        "Landelijk team Toeslagen (maatwerkloket)",
        "Persoonlijke afspraak bij het maatwerkloket; terugvordering in termijnen",
        "Toeslag voorschieten op het actuele inkomen in plaats van achteraf terugvorderen",
    ),
    (
        "toeslagen",
        "bureaucracy",
        "Huurtoeslag stopgezet na verhuizing, nieuw formulier kwijt",
        "",
        "Samen met het gezin online opnieuw aangevraagd, met machtiging",
        "",
    ),
    (
        "uwv",
        "rule",
        "Bijverdienen naast WW wordt volledig gekort",
        "UWV-klantmanager en de regioregisseur",
        "Uitleg van de verrekening; parttime werk gaat toch lonen",
        "Heldere rekentool voor bijverdienen naast een uitkering",
    ),
    (
        "cjib",
        "debt_collection",
        "Verhoogde verkeersboetes, incasso op de toeslag",
        "CJIB-schuldhulpteam",
        "Betalingsregeling afgesproken; verhogingen kwijtgescholden",
        "Geen verhogingen bij een lopend schuldhulptraject",
    ),
    (
        "gemeente-participatiewet",
        "rule",
        "Giften van familie verrekend met de bijstand",
        "Beleidsadviseur Participatiewet, gemeente Leeuwarden",
        "Gift aangemerkt als bijzondere bijstand-vrij (maatwerk)",
        "Vrijlatingsgrens voor giften in de verordening opnemen",
    ),
    (
        "gemeente-participatiewet",
        "waiting_list",
        "Wachttijd aanvraag bijzondere bijstand voor een wasmachine",
        "",
        "Spoedaanvraag via de wijkcoach",
        "",
    ),
    (
        "gemeente-wmo-jeugd",
        "waiting_list",
        "Wachtlijst ambulante jeugdhulp voor de dochter",
        "Teamleider sociaal wijkteam",
        "Overbrugging door de praktijkondersteuner van de huisarts",
        "",
    ),
    (
        "zorgverzekeraar",
        "debt_collection",
        "Wanbetalersregeling: premie ingehouden op het loon",
        "",
        "Afgemeld bij het CAK na betalingsregeling",
        "Automatische afmelding bij een schuldhulptraject",
    ),
    (
        "woningcorporatie",
        "rule",
        "Geen urgentie ondanks schimmel in de kinderkamer",
        "Wijkconsulent woningcorporatie",
        "Renovatie naar voren gehaald na huisbezoek met de corporatie",
        "",
    ),
    (
        "woningcorporatie",
        "debt_collection",
        "Huurachterstand: ontruimingsaanzegging",
        "Incassoteam woningcorporatie",
        "Huurachterstand in een regeling, ontruiming afgewend",
        "Vroegsignalering huurachterstand direct naar het wijkteam",
    ),
    (
        "jeugdzorg",
        "information",
        "Ouders weten niet welke hulp er na de indicatie komt",
        "",
        "Gesprek met de jeugdzorgaanbieder en een vaste contactpersoon",
        "",
    ),
    (
        "school",
        "information",
        "School vraagt eigen bijdrage schoolreis, gezin durft niet te vragen",
        "",
        "Stichting Leergeld ingeschakeld via de school",
        "",
    ),
    (
        "duo",
        "benefit",
        "Studiefinanciering oudste zoon stopgezet bij uitval",
        "DUO-klantenservice",
        "",
        "",
    ),
    (
        "energieleverancier",
        "debt_collection",
        "Afsluiting energie dreigt door achterstand",
        "",
        "Noodfonds energie en betalingsregeling",
        "",
    ),
]
SUPPORT_FAMILIES = [
    ("Familie Hoekstra-Boersma", "06-1234 5601", "bilgaard", 2),
    ("Familie Wiersma", "06-1234 5602", "oud-oost", 1),
    ("Familie El Idrissi", "06-1234 5603", "vrijheidswijk", 1),
    ("Familie De Haan", "06-1234 5604", "camminghaburen", 1),
    ("Familie Kooistra", "06-1234 5605", "heechterp-schieringen", 1),
    ("Familie Van der Veen", "06-1234 5606", "bilgaard", 1),
]


def fill(*, teams, users, anchor: dt.date, rng, stdout) -> None:
    if FamilyTrajectory.objects.exists() or SupportFamily.objects.exists():
        return
    actor = users["hulpverlener"]
    peer = users["ervaringsdeskundige"]
    anchor = min(anchor, timezone.localdate())
    organisations = {o.code: o for o in SystemOrganisation.objects.all()}
    trajectories = 0
    barriers = 0
    breakthroughs = 0
    for index, choice in enumerate(selectors.households_to_start(actor, log=False)):
        trajectory = _trajectory(actor, peer, choice.household, anchor, rng, index)
        trajectories += 1
        for number in range(rng.randint(3, 6)):
            made, unblocked = _barrier(actor, trajectory, organisations, anchor, rng, number)
            barriers += made
            breakthroughs += unblocked
    families = _support_families(actor, teams["glb"], rng)
    matches = _matches(actor, families, anchor, rng)
    stdout.write(
        f"Gezinslab: {trajectories} gezinstrajecten, {barriers} knelpunten, {breakthroughs} "
        f"doorbraken; Buurtgezinnen: {len(families)} steungezinnen, {matches} koppelingen."
    )


def _trajectory(actor, peer, household, anchor, rng, index) -> FamilyTrajectory:
    from casework.models import Enrolment

    first_start = (
        Enrolment.objects.filter(
            participant__household_memberships__household=household,
            programme__code="gezinslab",
        )
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    ) or anchor - dt.timedelta(days=400)
    start = min(first_start + dt.timedelta(days=rng.randint(7, 30)), anchor)
    trajectory = services.start_trajectory(
        actor=actor,
        household=household,
        professional=actor,
        peer_expert=peer,
        finding_place=rng.choice(["school", "community_centre", "school", "gp", "social_team"]),
        start_date=start,
        life_domains=rng.sample(
            [
                "financien",
                "huisvesting",
                "werk_opleiding",
                "huiselijke_relaties",
                "sociaal_netwerk",
            ],
            k=rng.randint(2, 3),
        ),
        plan_summary=PLANS[index % len(PLANS)],
    )
    for text, domain in rng.sample(GOALS, k=rng.randint(2, 4)):
        goal = services.add_family_goal(
            actor=actor, trajectory=trajectory, text=text, life_domain=domain
        )
        if rng.random() < 0.45:
            goal = FamilyGoal.objects.get(pk=goal.pk)
            services.update_family_goal(
                actor=actor,
                goal=goal,
                expected_version=goal.version,
                text=text,
                status=FamilyGoal.Status.ACHIEVED,
                life_domain=domain,
                on=min(start + dt.timedelta(days=rng.randint(60, 400)), anchor),
            )
    return trajectory


def _barrier(actor, trajectory, organisations, anchor, rng, number) -> tuple[int, int]:
    org_code, kind, description, escalated_to, how, change = rng.choice(BARRIERS)
    organisation = organisations.get(org_code) or organisations["overig"]
    since = min(trajectory.start_date + dt.timedelta(days=rng.randint(0, 240)), anchor)
    escalated_on = (
        min(since + dt.timedelta(days=rng.randint(7, 60)), anchor) if escalated_to else None
    )
    fields = {
        "organisation": organisation,
        "kind": kind,
        "description": description,
        "since": since,
        "escalated_to": escalated_to,
        "escalated_on": escalated_on,
    }
    barrier = services.add_barrier(actor=actor, trajectory=trajectory, **fields)
    if how and rng.random() < 0.55:
        services.record_breakthrough(
            actor=actor,
            barrier=barrier,
            expected_version=barrier.version,
            how=how,
            date=min(since + dt.timedelta(days=rng.randint(14, 200)), anchor),
            needs_system_change=bool(change),
            system_change=change,
        )
        return 1, 1
    if rng.random() < 0.25:
        services.update_barrier(
            actor=actor,
            barrier=barrier,
            expected_version=barrier.version,
            **fields,
            status="stuck",
        )
    return 1, 0


def _support_families(actor, team, rng) -> list[SupportFamily]:
    known = [
        t.household for t in FamilyTrajectory.objects.filter(team=team).order_by("start_date")[:1]
    ]
    families = []
    for index, (name, contact, wijk, capacity) in enumerate(SUPPORT_FAMILIES):
        families.append(
            services.add_support_family(
                actor=actor,
                team=team,
                name=name,
                contact=contact,
                wijk=wijk,
                # One support family was once a Gezinslab family itself.
                household=known[0] if index == 1 and known else None,
                max_families=capacity,
                active=index != 5,
            )
        )
    return families


def _matches(actor, families, anchor, rng) -> int:
    asking = selectors.buurtgezinnen_households(actor, log=False)
    made = 0
    for index, choice in enumerate(asking[:5]):
        family = families[index % 5]
        start = anchor - dt.timedelta(days=rng.randint(60, 400))
        match = services.start_match(
            actor=actor,
            support_family=family,
            household=choice.household,
            start_date=start,
            rhythm=rng.choice(["weekly", "fortnightly", "fortnightly", "monthly"]),
        )
        made += 1
        if index == 4:  # one match ended, with its evaluation
            services.update_match(
                actor=actor,
                match=match,
                expected_version=match.version,
                start_date=match.start_date,
                rhythm=match.rhythm,
                end_date=min(start + dt.timedelta(days=180), anchor),
                evaluation="Het gezin heeft een vast maatje in de buurt gevonden; de kinderen "
                "spelen nog steeds samen.",
                outcome="good",
            )
    return made
