"""Demo data of the lifecoaching programme (``seed_demo`` calls ``fill`` after the core demo).

Eight fictitious coaches of team lcd (one with an expired VOG, one expiring soon), a coach for
most young people, 3-12 sessions each and 2-4 school statuses with believable trajectories:
most stay at their advised level, a few slide below it or are at risk of dropping out.
Everything goes through the services, as the caseworker hulpverlener2."""

from __future__ import annotations

import datetime as dt

from casework.models import Enrolment
from lifecoaching import services
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus

COACHES = [
    # name, contact, kind, interests, capacity, VOG expiry offset (days from the anchor)
    ("Sytske de Boer", "06 1234 5601", "volunteer", ["sport", "music"], 3, 700),
    ("Hessel Kuipers", "06 1234 5602", "volunteer", ["technology", "games"], 3, 500),
    ("Aukje Visser", "06 1234 5603", "professional", ["art", "reading", "other"], 4, 900),
    ("Wybren Hoekstra", "06 1234 5604", "volunteer", ["sport", "nature"], 2, 40),  # soon
    ("Ytsje Meijer", "06 1234 5605", "volunteer", ["cooking", "music"], 3, 650),
    ("Douwe Smit", "06 1234 5606", "professional", ["technology", "sport"], 4, 800),
    ("Lysbeth Postma", "06 1234 5607", "volunteer", ["reading", "art"], 2, 600),
    ("Gerrit Zwart", "06 1234 5608", "volunteer", ["games", "sport"], 2, -30),  # expired
]
SCHOOLS_PRIMARY = ["OBS De Tuorrebou", "CBS De Vuurvlinder", "OBS Bilgaard"]
SCHOOLS_SECONDARY = ["Piter Jelles", "Comenius College", "Stedelijk Gymnasium", "Het Vlieland"]
SCHOOLS_MBO = ["Friesland College", "ROC Friese Poort"]
ADVICES = ["vmbo-b", "vmbo-b/k", "vmbo-k", "vmbo-k/gt", "vmbo-gt", "vmbo-gt/havo", "havo", "vwo"]
SECONDARY_FOR = {
    "vmbo-b": "vmbo-b",
    "vmbo-b/k": "vmbo-k",
    "vmbo-k": "vmbo-k",
    "vmbo-k/gt": "vmbo-gt",
    "vmbo-gt": "vmbo-gt",
    "vmbo-gt/havo": "havo",
    "havo": "havo",
    "vwo": "vwo",
}
ONE_DOWN = {"vmbo-k": "vmbo-b", "vmbo-gt": "vmbo-k", "havo": "vmbo-gt", "vwo": "havo"}
MBO_FOR = {"vmbo-b": "mbo-2", "vmbo-k": "mbo-3", "vmbo-gt": "mbo-4", "havo": "mbo-4"}
NOTES = [
    "Samen gevoetbald; ging over de overstap naar de nieuwe school.",
    "Huiswerkplanning gemaakt voor de toetsweek.",
    "Met moeder gesproken over de afspraken thuis.",
    "Op school met de mentor gepraat over het verzuim.",
    "Gekookt in het buurthuis; gaat goed met zelfvertrouwen.",
    "Stage-ideeën besproken; wil iets met techniek.",
    "",
]


def fill(*, teams, users, anchor: dt.date, rng, stdout) -> None:
    team = teams.get("lcd")
    actor = users.get("hulpverlener2")
    if team is None or actor is None:
        return
    if Coach.objects.filter(team=team).exists():
        stdout.write("Lifecoaching: demo bestaat al.")
        return
    coaches = []
    for name, contact, kind, interests, capacity, expiry_days in COACHES:
        expiry = anchor + dt.timedelta(days=expiry_days)
        coaches.append(
            services.create_coach(
                actor=actor,
                team=team,
                name=name,
                contact=contact,
                kind=kind,
                vog_date=anchor - dt.timedelta(days=1100),
                vog_expiry=expiry,
                interests=interests,
                capacity=capacity,
            )
        )
    enrolments = list(
        Enrolment.objects.filter(
            programme__code="lifecoaching", team=team, status=Enrolment.Status.ACTIVE
        )
        .select_related("programme", "participant")
        .order_by("start_date", "id")
    )
    matched = 0
    for index, enrolment in enumerate(enrolments):
        _school(enrolment, actor=actor, anchor=anchor, rng=rng, index=index)
        if index % 6 == 5:
            continue  # a few young people are still choosing
        if _match(enrolment, coaches, actor=actor, anchor=anchor, rng=rng):
            matched += 1
    stdout.write(
        f"Lifecoaching: {len(coaches)} coaches, {matched} koppelingen, "
        f"{CoachSession.objects.filter(match__enrolment__team=team).count()} gesprekken, "
        f"{SchoolStatus.objects.filter(enrolment__team=team).count()} schoolsituaties."
    )


def _match(enrolment, coaches, *, actor, anchor, rng) -> CoachMatch | None:
    start = enrolment.start_date + dt.timedelta(days=rng.randint(7, 40))
    start = min(start, anchor - dt.timedelta(days=60))
    start = max(start, enrolment.start_date)
    candidates = [
        c
        for c in coaches
        if c.vog_expiry >= start
        and c.vog_date <= start
        and c.matches.filter(end_date__isnull=True).count() < c.capacity
    ]
    if not candidates:
        return None
    coach = rng.choice(candidates)
    match = services.create_match(
        actor=actor,
        enrolment=enrolment,
        coach=coach,
        start_date=start,
        chosen_by_young_person=rng.random() < 0.9,
        interests_asked=list(coach.interests[:1]),
        suggested_coaches=[c.pk for c in candidates[:4]],
    )
    span = (anchor - start).days
    for _ in range(rng.randint(3, 12)):
        services.log_session(
            actor=actor,
            match=match,
            date=start + dt.timedelta(days=rng.randint(0, span)),
            duration_minutes=rng.choice([45, 60, 60, 90, 120]),
            kind=rng.choices(["one_on_one", "activity", "parents", "school"], weights=[5, 3, 1, 1])[
                0
            ],
            note=rng.choice(NOTES),
        )
    return match


def _school(enrolment, *, actor, anchor, rng, index: int) -> None:
    """2-4 statuses from the start of the enrolment to the anchor. Most young people stay at
    their advice; one in five slides one level down, one in seven is at risk of dropping out."""
    birth_year = enrolment.participant.year_of_birth or (anchor.year - 14)
    advice = rng.choice(ADVICES)
    slides = index % 5 == 2
    at_risk = index % 7 == 3
    count = rng.randint(2, 4)
    start = enrolment.start_date
    step = max((anchor - start).days // count, 30)
    for n in range(count):
        date = start + dt.timedelta(days=n * step + rng.randint(0, 10))
        if date > anchor:
            break
        age = date.year - birth_year
        last = n == count - 1
        risk, concern, qualified = "none", False, False
        if age <= 12:
            level, school = "basisschool", rng.choice(SCHOOLS_PRIMARY)
        elif age <= 16:
            level = SECONDARY_FOR[advice]
            if slides and n > 0:
                level = ONE_DOWN.get(level, level)
            school = rng.choice(SCHOOLS_SECONDARY)
        else:
            secondary = SECONDARY_FOR[advice]
            if secondary in {"havo", "vwo"} and not slides:
                level, school, qualified = secondary, rng.choice(SCHOOLS_SECONDARY), age >= 18
            else:
                level, school = MBO_FOR.get(secondary, "mbo-2"), rng.choice(SCHOOLS_MBO)
                qualified = age >= 19
        if at_risk and n > 0:
            risk, concern = ("high" if last else "some"), True
            if last and age >= 16:
                level, school, qualified = "geen", "", False
        services.record_school_status(
            actor=actor,
            enrolment=enrolment,
            date=date,
            school_name=school,
            level=level,
            advice="" if level == "basisschool" and age < 12 else advice,
            attendance_concern=concern,
            dropout_risk=risk,
            start_qualification=qualified,
        )
