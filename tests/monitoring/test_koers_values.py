import datetime as dt

import pytest

from monitoring import selectors, services
from monitoring.models import ComputedValue
from privacy.release import Audience
from tests.baangaranties.conftest import commit
from tests.factories import make_participant

pytestmark = pytest.mark.django_db


def reach(year: int, audience) -> ComputedValue:
    """Gezinslab's computed reach in Leeuwarden-Oost in ``year`` for ``audience``."""
    return ComputedValue.objects.get(
        indicator__code="gezinslab-bereik", area="leeuwarden-oost", year=year, audience=audience
    )


def test_koers_indicators_are_counted_and_released_per_audience(plan, office, caseworker_a, team_a):
    for _ in range(3):
        make_participant(caseworker_a, team_a, "gezinslab", start_date=dt.date(2025, 3, 1))
    services.refresh_koers_values(actor=office, today=dt.date(2026, 6, 1))
    exact = reach(2025, Audience.MANAGEMENT)
    assert exact.value == 3
    assert reach(2024, Audience.MANAGEMENT).value == 0
    # The office reads exact figures; the public reads the published ones (cell key method).
    assert selectors.monitor(office).courses["gezinslab-bereik"].value("leeuwarden-oost", 2025) == 3
    public = reach(2025, Audience.PUBLIC)
    assert (
        selectors.monitor(None).courses["gezinslab-bereik"].value("leeuwarden-oost", 2025)
        == public.value
    )


def test_the_public_figures_come_from_the_release_policy(plan, office, caseworker_a, team_a):
    from unittest import mock

    from privacy import release

    make_participant(actor=caseworker_a, team=team_a, start_date=dt.date(2025, 3, 1))
    with mock.patch.object(release.cellkey, "perturb", return_value=99) as perturb:
        services.refresh_koers_values(actor=office, today=dt.date(2025, 6, 1))
    assert perturb.called
    assert reach(2025, Audience.PUBLIC).value == 99


def test_placements_by_kind_are_counted_per_year(plan, office):
    from accounts.roles import CASEWORKER, TEAM_LEAD
    from baangaranties import services as bg
    from baangaranties.models import BranchChain, Employer
    from tests.baangaranties.conftest import make_enrolment, place
    from tests.factories import TeamFactory, make_user

    team = TeamFactory()
    worker, lead = make_user(CASEWORKER, teams=[team]), make_user(TEAM_LEAD, teams=[team])
    chain = BranchChain(name="Zorg", sector="zorg")
    bg.core.save(chain)
    employer = Employer(chain=chain, name="Zorggroep", wijk="bilgaard")
    bg.core.save(employer)
    commit(lead, chain, 3, 1, 1)
    for name in ("Sietske", "Klaas"):
        place(worker, make_enrolment(worker, team, given_name=name), employer)
    place(worker, make_enrolment(worker, team, given_name="Anna"), employer, kind="internship")
    services.refresh_koers_values(actor=office, today=dt.date(2026, 12, 1))
    exact = selectors.monitor(office).courses
    assert exact["baangaranties-geplaatst"].value("leeuwarden-oost", 2026) == 2
    assert exact["stages-geplaatst"].value("leeuwarden-oost", 2026) == 1
    assert exact["werkervaringsplekken-geplaatst"].value("leeuwarden-oost", 2026) == 0


def test_schuldenvrij_places_used_and_debt_free_after_a_year(
    plan, office, caseworker_a, lead_a, team_a
):
    from tests.schuldenvrij.conftest import add_debt, forgive, make_enrolment, record_follow_up

    outcomes = {"Sietske": False, "Klaas": True, "Anna": None}  # None: follow-up not done
    for name, new_debts in outcomes.items():
        enrolment = make_enrolment(caseworker_a, team_a, given_name=name)
        add_debt(caseworker_a, enrolment, current="2000.00")
        forgiveness = forgive(caseworker_a, lead_a, enrolment)
        if new_debts is not None:
            follow_up = forgiveness.follow_ups.get(months=12)
            record_follow_up(
                caseworker_a,
                follow_up,
                dt.date(2026, 6, 3),
                new_debts,
                new_debts_amount=None if not new_debts else 250,
            )
    services.refresh_koers_values(actor=office, today=dt.date(2026, 12, 1))
    exact = selectors.monitor(office).courses
    assert exact["schuldenvrij-plaatsen"].value("leeuwarden-oost", 2024) == 0
    assert exact["schuldenvrij-plaatsen"].value("leeuwarden-oost", 2025) == 3
    assert exact["schuldenvrij-na-een-jaar"].value("leeuwarden-oost", 2026) == 1
    assert exact["schuldenvrij-na-een-jaar"].value("leeuwarden-oost", 2025) == 0
