"""Demo data of Leeuwarden Schuldenvrij (called by ``seed_demo`` through ``demo.core`` after
the core demo exists). Everything goes through the services, as in production.

Every Schuldenvrij enrolment of team svo gets a financial intake, two budget snapshots and two
to six debts over the creditor kinds; about 60% a place in the pilot and an approved
forgiveness (with the follow-ups at 6 and 12 months recorded when due, a few with new debts);
one proposal waits for a team lead's approval.

The demo has no team lead in team svo (``teamleider`` leads glb). Approvals need a team lead
of the enrolment's team who did not propose, so this hook adds ``teamleider-svo`` (team lead
of svo, the demo password) when svo has no team lead yet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from accounts.models import User
from accounts.roles import TEAM_LEAD
from accounts.services import upsert_user
from casework.models import Enrolment
from schuldenvrij import services
from schuldenvrij.models import Debt, FollowUp, Forgiveness

LEAD_USERNAME = "teamleider-svo"

SITUATIONS = [
    "Post bleef maanden ongeopend liggen. Nu samen een map gemaakt; de zorgen zijn groot.",
    "Na de scheiding zijn de rekeningen opgestapeld. Wil graag weer overzicht.",
    "Werk kwijtgeraakt, daarna toeslagen terug moeten betalen. Schaamt zich ervoor.",
    "Beslag op de uitkering, weinig leefgeld over. Wil zelf weer grip op geld.",
    "Zoon wordt bijna 18; moeder wil voorkomen dat hij ook schulden krijgt.",
]
CREDITORS = {
    Debt.CreditorKind.TAX_OFFICE: ["Belastingdienst/Toeslagen", "Belastingdienst"],
    Debt.CreditorKind.CJIB: ["CJIB"],
    Debt.CreditorKind.HEALTH_INSURER: ["De Friesland Zorgverzekeraar", "Zilveren Kruis"],
    Debt.CreditorKind.ENERGY: ["Vattenfall", "Eneco", "Essent"],
    Debt.CreditorKind.LANDLORD: ["Elkien", "WoonFriesland", "Accolade"],
    Debt.CreditorKind.BANK: ["Rabobank", "ING", "Kredietbank Nederland"],
    Debt.CreditorKind.OTHER: ["Wehkamp", "Incassobureau Noord", "Sportschool De Kanaalweg"],
}


def _lead(teams, users) -> User:
    team = teams["svo"]
    existing = (
        User.objects.filter(memberships__team=team, groups__name=TEAM_LEAD, is_active=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    from demo.accounts import DEMO_PASSWORD

    return upsert_user(
        username=LEAD_USERNAME,
        password=DEMO_PASSWORD,
        first_name="Hinke",
        last_name="Sijbesma",
        email=f"{LEAD_USERNAME}@koers-demo.example",
        organisation=team.organisation,
        roles=[TEAM_LEAD],
        teams=[team],
    )


def _money(rng, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _amounts(rng, *, working: bool, children: bool, better: bool) -> dict[str, Decimal]:
    amounts = {
        "income_wage": _money(rng, 1250, 1900) if working else Decimal("0"),
        "income_benefit": Decimal("0") if working else _money(rng, 1050, 1400),
        "income_allowances": _money(rng, 150, 450),
        "income_child_benefit": _money(rng, 90, 320) if children else Decimal("0"),
        "income_alimony": _money(rng, 100, 300) if rng.random() < 0.15 else Decimal("0"),
        "income_other": Decimal("0"),
        "cost_rent": _money(rng, 560, 790),
        "cost_energy": _money(rng, 120, 240),
        "cost_insurance": _money(rng, 140, 190),
        "cost_water": _money(rng, 20, 32),
        "cost_phone_internet": _money(rng, 40, 75),
        "cost_childcare": _money(rng, 0, 120) if children else Decimal("0"),
        "cost_other": _money(rng, 0, 60),
    }
    if better:  # half a year on: a budget coach, cheaper contracts, allowances in order
        amounts["income_allowances"] += _money(rng, 40, 140)
        amounts["cost_energy"] = (amounts["cost_energy"] * Decimal("0.85")).quantize(
            Decimal("0.01")
        )
        amounts["cost_other"] = Decimal("0")
    return amounts


def fill(*, teams, users, anchor: dt.date, rng, stdout) -> None:
    caseworker = users["hulpverlener"]
    lead = _lead(teams, users)
    enrolments = list(
        Enrolment.objects.filter(
            programme__code=services.PROGRAMME,
            team=teams["svo"],
            status=Enrolment.Status.ACTIVE,
        )
        .select_related("programme", "participant")
        .order_by("start_date", "participant__created_at")
    )
    forgiven = waiting = 0
    for index, enrolment in enumerate(enrolments):
        start = enrolment.start_date
        working = rng.random() < 0.35
        children = rng.random() < 0.6
        services.save_intake(
            actor=caseworker,
            enrolment=enrolment,
            date=start + dt.timedelta(days=7),
            situation=rng.choice(SITUATIONS),
        )
        for offset, better in ((10, False), (190 + rng.randint(0, 40), True)):
            services.add_snapshot(
                actor=caseworker,
                enrolment=enrolment,
                date=min(start + dt.timedelta(days=offset), anchor),
                amounts=_amounts(rng, working=working, children=children, better=better),
            )
        kinds = rng.sample(list(Debt.CreditorKind), k=rng.randint(2, 6))
        debts = []
        for kind in kinds:
            original = _money(rng, 150, 6500)
            status = rng.choices(
                [Debt.Status.OPEN, Debt.Status.ARRANGEMENT, Debt.Status.DISPUTED, Debt.Status.PAID],
                [6, 3, 1, 1],
            )[0]
            current = (original * Decimal(rng.randint(55, 100)) / 100).quantize(Decimal("0.01"))
            reason = ""
            if kind == Debt.CreditorKind.CJIB and rng.random() < 0.5:
                current = (original * Decimal("1.25")).quantize(Decimal("0.01"))
                reason = "Verhogingen van het CJIB na niet tijdig betalen."
            debts.append(
                services.add_debt(
                    actor=caseworker,
                    enrolment=enrolment,
                    creditor_kind=kind,
                    creditor_name=rng.choice(CREDITORS[kind]),
                    original_amount=original,
                    current_amount=Decimal("0") if status == Debt.Status.PAID else current,
                    status=status,
                    since=start - dt.timedelta(days=rng.randint(60, 1400)),
                    increase_reason=reason,
                    changed_on=start + dt.timedelta(days=14),
                )
            )
        residual = services.residual_total(enrolment)
        if residual <= 0:
            continue
        fate = index % 5
        if fate in (0, 1, 2) or (fate == 3 and waiting == 0):
            services.admit_to_pilot(
                actor=caseworker, enrolment=enrolment, date=start + dt.timedelta(days=30)
            )
            proposal = services.propose_forgiveness(
                actor=caseworker,
                enrolment=enrolment,
                amount=residual,
                date=min(start + dt.timedelta(days=150 + rng.randint(0, 120)), anchor),
                funding=rng.choice(
                    [
                        Forgiveness.Funding.FNO,
                        Forgiveness.Funding.FNO,
                        Forgiveness.Funding.MUNICIPALITY,
                    ]
                ),
            )
            if fate == 3:
                waiting += 1
                continue
            approved = services.decide_forgiveness(
                actor=lead, forgiveness=proposal, expected_version=proposal.version, approve=True
            )
            forgiven += 1
            _follow_ups(approved, caseworker=caseworker, anchor=anchor, rng=rng)
    stdout.write(
        f"Schuldenvrij: {len(enrolments)} trajecten met intake, budget en schulden; "
        f"{forgiven} kwijtscheldingen goedgekeurd, {waiting} voorstel wacht op een besluit."
    )
    if lead.username == LEAD_USERNAME:
        stdout.write(
            f"Schuldenvrij: teamleider van team svo is '{LEAD_USERNAME}' (demowachtwoord)."
        )


def _follow_ups(forgiveness: Forgiveness, *, caseworker, anchor: dt.date, rng) -> None:
    for follow_up in FollowUp.objects.filter(forgiveness=forgiveness).order_by("months"):
        done_on = follow_up.due_on + dt.timedelta(days=rng.randint(0, 10))
        if done_on > anchor:
            break
        new = rng.random() < 0.2
        amount = _money(rng, 80, 900) if new else Decimal("0")
        services.record_follow_up(
            actor=caseworker,
            follow_up=follow_up,
            expected_version=follow_up.version,
            done_on=done_on,
            new_debts=new,
            new_debts_amount=amount if new else None,
        )
        if new:
            services.add_debt(
                actor=caseworker,
                enrolment=forgiveness.enrolment,
                creditor_kind=Debt.CreditorKind.HEALTH_INSURER,
                creditor_name=rng.choice(CREDITORS[Debt.CreditorKind.HEALTH_INSURER]),
                original_amount=amount,
                current_amount=amount,
                status=Debt.Status.OPEN,
                since=done_on - dt.timedelta(days=30),
                changed_on=done_on,
            )
