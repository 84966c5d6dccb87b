"""The demo hook fills Schuldenvrij on a small core demo: intakes, two snapshots, two to six
debts, about 60% approved forgivenesses with follow-ups when due, one proposal waiting, and a
team lead of svo for the four eyes."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO

import pytest

from accounts.models import Organisation, User
from accounts.roles import CASEWORKER, TEAM_LEAD
from accounts.services import upsert_organisation, upsert_team, upsert_user
from casework.models import OutcomeValue
from demo import schuldenvrij as demo
from demo.core import DEMO_ANCHOR, DEMO_PASSWORD
from schuldenvrij.models import (
    BudgetSnapshot,
    Debt,
    FinancialIntake,
    FollowUp,
    Forgiveness,
    PilotPlace,
)
from tests.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def core_demo():
    organisation = upsert_organisation(
        code="gemeente-leeuwarden", name="Gemeente Leeuwarden", kind=Organisation.Kind.MUNICIPALITY
    )
    svo = upsert_team(organisation=organisation, code="svo", name="Schuldenvrij Oost")
    caseworker = upsert_user(
        username="hulpverlener", password=DEMO_PASSWORD, roles=[CASEWORKER], teams=[svo]
    )
    for index in range(10):
        make_participant(
            caseworker,
            svo,
            "schuldenvrij",
            given_name=f"Demo{index}",
            start_date=DEMO_ANCHOR - dt.timedelta(days=700 + index * 10),
        )
    return {"svo": svo}, {"hulpverlener": caseworker}


def test_demo_hook_fills_the_programme(core_demo):
    teams, users = core_demo
    out = StringIO()
    demo.fill(teams=teams, users=users, anchor=DEMO_ANCHOR, rng=random.Random(1), stdout=out)
    assert FinancialIntake.objects.count() == 10
    assert BudgetSnapshot.objects.count() == 20
    per_enrolment = {}
    for enrolment_id in Debt.objects.values_list("enrolment_id", flat=True):
        per_enrolment[enrolment_id] = per_enrolment.get(enrolment_id, 0) + 1
    assert len(per_enrolment) == 10 and all(n >= 2 for n in per_enrolment.values())
    assert len(set(Debt.objects.values_list("creditor_kind", flat=True))) >= 5
    approved = Forgiveness.objects.filter(status="approved").count()
    assert 4 <= approved <= 7
    assert Forgiveness.objects.filter(status="proposed").count() == 1
    assert PilotPlace.objects.count() == approved + 1
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    lead = User.objects.get(username=demo.LEAD_USERNAME)
    assert lead.check_password(DEMO_PASSWORD)
    assert set(lead.groups.values_list("name", flat=True)) == {TEAM_LEAD}
    assert set(lead.teams.values_list("code", flat=True)) == {"svo"}
    assert Forgiveness.objects.filter(status="approved", decided_by=lead).count() == approved
    codes = set(OutcomeValue.objects.values_list("measure__code", flat=True))
    assert {"schuldenvrij_debts_outstanding", "schuldenvrij_monthly_room"} <= codes
    assert "teamleider-svo" in out.getvalue()
