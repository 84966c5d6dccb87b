"""Services of Leeuwarden Schuldenvrij: happy paths, every bad input refused in Dutch with
nothing changed, four eyes, the pilot's cap and optimistic locking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import PEER_EXPERT
from casework.models import OutcomeValue
from privacy.crypto import Cipher, is_envelope
from schuldenvrij import services
from schuldenvrij.models import (
    BudgetSnapshot,
    Debt,
    FinancialIntake,
    FollowUp,
    Forgiveness,
    PilotPlace,
    PreventiveContact,
)
from tests.factories import make_participant, make_user
from tests.schuldenvrij.conftest import (
    add_debt,
    decide,
    forgive,
    make_enrolment,
    propose,
    record_follow_up,
    update_debt,
)

pytestmark = pytest.mark.django_db

AMOUNTS = {"income_benefit": "1250,00", "income_allowances": "300", "cost_rent": "650.50"}


def outcomes(code: str) -> list[Decimal]:
    return list(
        OutcomeValue.objects.filter(measure__code=code)
        .order_by("date", "recorded_at")
        .values_list("value_number", flat=True)
    )


def messages_of(error: ValidationError) -> str:
    return " ".join(m for ms in error.message_dict.values() for m in ms)


# --- intake and budget --------------------------------------------------------------------


def test_intake_is_encrypted_and_corrected_with_the_version(caseworker_a, enrolment):
    intake = services.save_intake(
        actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 1, 10), situation="Post ligt"
    )
    assert is_envelope(intake.situation)
    assert "Post" not in intake.situation
    with pytest.raises(ValidationError) as error:
        services.save_intake(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 1, 11))
    assert "al een intake" in messages_of(error.value)
    services.save_intake(
        actor=caseworker_a,
        enrolment=enrolment,
        date=dt.date(2025, 1, 11),
        situation="Beter",
        expected_version=intake.version,
    )
    with pytest.raises(services.ConcurrentEditError):
        services.save_intake(
            actor=caseworker_a,
            enrolment=enrolment,
            date=dt.date(2025, 1, 12),
            expected_version=intake.version,
        )
    assert FinancialIntake.objects.get().date == dt.date(2025, 1, 11)


def test_snapshot_computes_the_room_and_records_it(caseworker_a, enrolment):
    snapshot = services.add_snapshot(
        actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1), amounts=AMOUNTS
    )
    assert snapshot.income == Decimal("1550.00")
    assert snapshot.costs == Decimal("650.50")
    assert snapshot.room == Decimal("899.50")
    services.add_snapshot(
        actor=caseworker_a,
        enrolment=enrolment,
        date=dt.date(2025, 8, 1),
        amounts={"income_benefit": "1000", "cost_rent": "1100"},
    )
    assert outcomes(services.MEASURE_ROOM) == [Decimal("899.50"), Decimal("-100.00")]


@pytest.mark.parametrize(
    "amounts, field, message",
    [
        ({"cost_rent": "-5"}, "cost_rent", "niet negatief"),
        ({"income_wage": "veel"}, "income_wage", "euro"),
        ({"income_wage": "1,005"}, "income_wage", "twee decimalen"),
        ({"salary": "5"}, "salary", "Onbekende post"),
    ],
)
def test_bad_snapshot_amounts_are_refused(caseworker_a, enrolment, amounts, field, message):
    with pytest.raises(ValidationError) as error:
        services.add_snapshot(
            actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1), amounts=amounts
        )
    assert message in " ".join(error.value.message_dict[field])
    assert BudgetSnapshot.objects.count() == 0
    assert OutcomeValue.objects.count() == 0


def test_snapshot_dates_are_checked(caseworker_a, enrolment):
    for day, message in (
        (dt.date.today() + dt.timedelta(days=2), "toekomst"),
        (dt.date(2024, 1, 1), "voor de start"),
    ):
        with pytest.raises(ValidationError) as error:
            services.add_snapshot(actor=caseworker_a, enrolment=enrolment, date=day, amounts={})
        assert message in messages_of(error.value)
    services.add_snapshot(
        actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1), amounts={}
    )
    with pytest.raises(ValidationError, match="al een budgetoverzicht"):
        services.add_snapshot(
            actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1), amounts={}
        )
    assert BudgetSnapshot.objects.count() == 1


# --- debts --------------------------------------------------------------------------------


def test_debt_is_encrypted_and_outstanding_recorded(caseworker_a, enrolment):
    debt = add_debt(
        caseworker_a, enrolment, current="750.00", original="900.00", name="Jan de Vries"
    )
    assert is_envelope(debt.creditor_name)
    cipher = Cipher()
    assert (
        cipher.open(model=Debt, column="creditor_name", row_pk=debt.pk, envelope=debt.creditor_name)
        == "Jan de Vries"
    )
    add_debt(caseworker_a, enrolment, current="250.00", kind="cjib")
    assert outcomes(services.MEASURE_OUTSTANDING) == [Decimal("750.00"), Decimal("1000.00")]
    update_debt(caseworker_a, debt, current="0", original="900", name="Jan de Vries", status="paid")
    assert outcomes(services.MEASURE_OUTSTANDING)[-1] == Decimal("250.00")
    # The change of the current amount is kept in the history.
    assert list(
        Debt.history.filter(id=debt.pk)
        .order_by("history_date")
        .values_list("current_amount", flat=True)
    ) == [Decimal("750.00"), Decimal("0.00")]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"current_amount": "-10"}, "current_amount", "niet negatief"),
        ({"original_amount": "-1"}, "original_amount", "niet negatief"),
        ({"current_amount": "1500"}, "current_amount", "Geef de reden"),
        ({"creditor_kind": "friend"}, "creditor_kind", "Kies een soort"),
        ({"creditor_name": "  "}, "creditor_name", "verplicht"),
        ({"status": "forgiven"}, "status", "goedgekeurde kwijtschelding"),
        ({"status": "gone"}, "status", "Kies een status"),
        ({"since": None}, "since", "Vul een datum in"),
        ({"since": dt.date(2099, 1, 1)}, "since", "toekomst"),
    ],
)
def test_bad_debts_are_refused_in_dutch(caseworker_a, enrolment, changes, field, message):
    data = {
        "creditor_kind": "energy",
        "creditor_name": "Eneco",
        "original_amount": "1000",
        "current_amount": "900",
        "status": "open",
        "since": dt.date(2024, 5, 1),
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.add_debt(actor=caseworker_a, enrolment=enrolment, **data)
    assert message in " ".join(error.value.message_dict[field])
    assert Debt.objects.count() == 0 and OutcomeValue.objects.count() == 0


def test_a_higher_current_amount_with_a_reason_is_accepted(caseworker_a, enrolment):
    debt = add_debt(
        caseworker_a,
        enrolment,
        current="1250",
        original="1000",
        kind="cjib",
        increase_reason="Verhoging CJIB",
    )
    assert debt.current_amount == Decimal("1250.00") and is_envelope(debt.increase_reason)


def test_debt_update_with_a_stale_version_changes_nothing(caseworker_a, enrolment):
    debt = add_debt(caseworker_a, enrolment, current="500")
    kwargs = dict(
        creditor_kind="energy",
        creditor_name="Vattenfall",
        original_amount="500",
        status="arrangement",
        since=debt.since,
    )
    services.update_debt(
        actor=caseworker_a, debt=debt, expected_version=1, current_amount="400", **kwargs
    )
    with pytest.raises(services.ConcurrentEditError) as error:
        services.update_debt(
            actor=caseworker_a, debt=debt, expected_version=1, current_amount="300", **kwargs
        )
    assert "huidig bedrag" in error.value.changed_fields
    assert Debt.objects.get().current_amount == Decimal("400.00")


def test_scope_is_checked_first(caseworker_b, enrolment, team_a):
    with pytest.raises(PermissionDenied):
        add_debt(caseworker_b, enrolment)
    peer = make_user(PEER_EXPERT, teams=[team_a])
    with pytest.raises(PermissionDenied):
        add_debt(peer, enrolment)
    with pytest.raises(PermissionDenied):
        services.add_snapshot(actor=peer, enrolment=enrolment, date=dt.date(2025, 2, 1), amounts={})
    assert Debt.objects.count() == 0


def test_enrolment_of_another_programme_is_refused(caseworker_a, team_a):
    other = make_participant(actor=caseworker_a, team=team_a).enrolments.get()
    with pytest.raises(ValidationError, match="Schuldenvrij"):
        add_debt(caseworker_a, other)


# --- pilot places -------------------------------------------------------------------------


def test_the_pilot_refuses_a_place_beyond_the_cap(settings, caseworker_a, team_a):
    settings.KOERS_SCHULDENVRIJ_PLACES = 2
    enrolments = [make_enrolment(caseworker_a, team_a, given_name=f"P{i}") for i in range(3)]
    for e in enrolments[:2]:
        services.admit_to_pilot(actor=caseworker_a, enrolment=e, date=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.admit_to_pilot(
            actor=caseworker_a, enrolment=enrolments[2], date=dt.date(2025, 2, 1)
        )
    assert "Alle 2 plaatsen" in messages_of(error.value)
    assert PilotPlace.objects.count() == 2
    settings.KOERS_SCHULDENVRIJ_PLACES = 3  # the cap raised in settings: admitted
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolments[2], date=dt.date(2025, 2, 1))
    assert PilotPlace.objects.count() == 3
    with pytest.raises(ValidationError, match="al een plaats"):
        services.admit_to_pilot(
            actor=caseworker_a, enrolment=enrolments[2], date=dt.date(2025, 2, 1)
        )


def test_the_default_cap_is_a_hundred():
    assert services.places_cap() == 100


# --- forgiveness --------------------------------------------------------------------------


def test_forgiveness_four_eyes_and_its_effects(caseworker_a, lead_a, enrolment, debts):
    approved = forgive(caseworker_a, lead_a, enrolment, amount="2000.00")
    assert approved.status == Forgiveness.Status.APPROVED and approved.decided_by == lead_a
    assert set(Debt.objects.values_list("status", flat=True)) == {"forgiven"}
    assert outcomes(services.MEASURE_OUTSTANDING)[-1] == Decimal("0.00")
    follow_ups = list(FollowUp.objects.order_by("months"))
    assert [(f.months, f.due_on) for f in follow_ups] == [
        (6, dt.date(2025, 12, 1)),
        (12, dt.date(2026, 6, 1)),
        (24, dt.date(2027, 6, 1)),
    ]
    with pytest.raises(ValidationError, match="al een voorstel"):
        propose(caseworker_a, enrolment, "1", date=dt.date(2025, 7, 1))


def test_forgiveness_above_the_recorded_debt_is_refused(caseworker_a, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError) as error:
        propose(caseworker_a, enrolment, "2000.01")
    assert "hoger dan de vastgelegde restschuld" in messages_of(error.value)
    assert "2.000,00" in messages_of(error.value)
    assert Forgiveness.objects.count() == 0


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"amount": "-5"}, "amount", "niet negatief"),
        ({"amount": "0"}, "amount", "groter zijn dan nul"),
        ({"funding": "lottery"}, "funding", "financiering"),
        ({"date": dt.date(2024, 1, 1)}, "date", "voor de start"),
        ({"date": None}, "date", "Vul een datum in"),
    ],
)
def test_bad_forgiveness_input(caseworker_a, enrolment, debts, kwargs, field, message):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    data = {"amount": "100", "date": dt.date(2025, 6, 1), "funding": "fno", **kwargs}
    with pytest.raises(ValidationError) as error:
        services.propose_forgiveness(actor=caseworker_a, enrolment=enrolment, **data)
    assert message in " ".join(error.value.message_dict[field])
    assert Forgiveness.objects.count() == 0


def test_forgiveness_needs_a_pilot_place_and_a_residual_debt(caseworker_a, enrolment):
    with pytest.raises(ValidationError, match="plaats in de pilot"):
        propose(caseworker_a, enrolment, "10")
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    add_debt(caseworker_a, enrolment, current="300", status="disputed")
    with pytest.raises(ValidationError, match="geen openstaande restschuld"):
        propose(caseworker_a, enrolment, "10")
    assert Forgiveness.objects.count() == 0


def test_forgiveness_of_chosen_debts_only(caseworker_a, lead_a, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    with pytest.raises(ValidationError, match="hoger dan de vastgelegde restschuld"):
        propose(caseworker_a, enrolment, "1000", funding="gemeente", debts=[debts[1]])
    proposal = propose(caseworker_a, enrolment, "800", funding="gemeente", debts=[debts[1]])
    decide(lead_a, proposal)
    assert dict(Debt.objects.values_list("creditor_kind", "status")) == {
        "energy": "open",
        "health_insurer": "forgiven",
    }


def test_the_proposer_may_not_approve(lead_a, lead2_a, caseworker_a, enrolment, debts):
    services.admit_to_pilot(actor=lead_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = propose(lead_a, enrolment, "500")
    with pytest.raises(ValidationError) as error:
        decide(lead_a, proposal)
    assert "vier ogen" in messages_of(error.value)
    with pytest.raises(PermissionDenied):  # a caseworker does not decide
        decide(caseworker_a, proposal)
    assert Forgiveness.objects.get().status == "proposed"
    assert set(Debt.objects.values_list("status", flat=True)) == {"open"}
    decide(lead2_a, proposal)
    assert Forgiveness.objects.get().status == "approved"


def test_a_lead_of_another_team_may_not_decide(caseworker_a, lead_b, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = propose(caseworker_a, enrolment, "500")
    with pytest.raises(PermissionDenied):
        decide(lead_b, proposal)
    assert Forgiveness.objects.get().status == "proposed"


def test_rejection_and_stale_decisions(caseworker_a, lead_a, lead2_a, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = propose(caseworker_a, enrolment, "500")
    decide(lead_a, proposal, approve=False, reason="Te hoog")
    with pytest.raises(services.ConcurrentEditError):
        decide(lead2_a, proposal)
    assert Forgiveness.objects.get().status == "rejected"
    assert FollowUp.objects.count() == 0
    assert set(Debt.objects.values_list("status", flat=True)) == {"open"}
    # After a rejection a new proposal may be made.
    propose(caseworker_a, enrolment, "400")


def test_approval_is_refused_when_the_debts_changed(caseworker_a, lead_a, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    proposal = propose(caseworker_a, enrolment, "2000")
    debt = debts[0]
    update_debt(caseworker_a, debt, current="1000", original="1200")
    with pytest.raises(ValidationError, match="veranderd"):
        decide(lead_a, proposal)
    assert Forgiveness.objects.get().status == "proposed"
    assert set(Debt.objects.values_list("status", flat=True)) == {"open"}


def test_a_forgiven_debt_cannot_be_reopened(caseworker_a, lead_a, enrolment, debts):
    forgive(caseworker_a, lead_a, enrolment)
    debt = Debt.objects.get(pk=debts[0].pk)
    with pytest.raises(ValidationError, match="heropend"):
        update_debt(caseworker_a, debt, current="1200")


# --- follow-up ----------------------------------------------------------------------------


def test_follow_up_records_new_debts(caseworker_a, lead_a, enrolment, debts):
    forgive(caseworker_a, lead_a, enrolment)
    six = FollowUp.objects.get(months=6)
    record_follow_up(caseworker_a, six, dt.date(2025, 12, 3), True, new_debts_amount="245,50")
    six.refresh_from_db()
    assert (six.new_debts, six.new_debts_amount, six.done_on) == (
        True,
        Decimal("245.50"),
        dt.date(2025, 12, 3),
    )
    assert outcomes(services.MEASURE_NEW_DEBTS) == [Decimal("245.50")]
    twelve = FollowUp.objects.get(months=12)
    record_follow_up(caseworker_a, twelve, dt.date(2026, 6, 2), False)
    assert outcomes(services.MEASURE_NEW_DEBTS) == [Decimal("245.50"), Decimal("0.00")]


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"new_debts": None}, "new_debts", "ja of nee"),
        ({"new_debts": True, "new_debts_amount": None}, "new_debts_amount", "Vul een bedrag"),
        ({"new_debts": True, "new_debts_amount": "-3"}, "new_debts_amount", "niet negatief"),
        ({"new_debts": False, "new_debts_amount": "50"}, "new_debts_amount", "geen bedrag"),
        ({"done_on": dt.date(2025, 5, 1)}, "done_on", "voor de kwijtschelding"),
        ({"done_on": dt.date(2099, 5, 1)}, "done_on", "toekomst"),
    ],
)
def test_bad_follow_up_input(caseworker_a, lead_a, enrolment, debts, kwargs, field, message):
    forgive(caseworker_a, lead_a, enrolment)
    six = FollowUp.objects.get(months=6)
    data = {"done_on": dt.date(2025, 12, 3), "new_debts": False, **kwargs}
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(actor=caseworker_a, follow_up=six, expected_version=1, **data)
    assert message in " ".join(error.value.message_dict[field])
    six.refresh_from_db()
    assert (
        six.done_on is None
        and OutcomeValue.objects.filter(measure__code=services.MEASURE_NEW_DEBTS).count() == 0
    )


def test_follow_up_stale_version(caseworker_a, lead_a, enrolment, debts):
    forgive(caseworker_a, lead_a, enrolment)
    six = FollowUp.objects.get(months=6)
    record_follow_up(caseworker_a, six, dt.date(2025, 12, 3), False, expected_version=1)
    with pytest.raises(services.ConcurrentEditError):
        record_follow_up(
            caseworker_a, six, dt.date(2025, 12, 4), True, expected_version=1, new_debts_amount="10"
        )
    six.refresh_from_db()
    assert six.new_debts is False


# --- 18-/18+ ------------------------------------------------------------------------------


def test_preventive_contact_for_a_young_person_of_any_programme(caseworker_a, caseworker_b, team_a):
    young = make_participant(actor=caseworker_a, team=team_a, programme="lifecoaching")
    contact = services.record_preventive_contact(
        actor=caseworker_a, participant=young, date=dt.date(2025, 3, 1)
    )
    assert contact.done and contact.enrolment.participant_id == young.pk
    with pytest.raises(PermissionDenied):
        services.record_preventive_contact(
            actor=caseworker_b, participant=young, date=dt.date(2025, 3, 1)
        )
    with pytest.raises(ValidationError, match="toekomst"):
        services.record_preventive_contact(
            actor=caseworker_a, participant=young, date=dt.date(2099, 3, 1)
        )
    planned = services.record_preventive_contact(
        actor=caseworker_a,
        participant=young,
        date=dt.date.today() + dt.timedelta(days=10),
        done=False,
    )
    assert not planned.done
    assert PreventiveContact.objects.count() == 2


def test_add_months_clamps_to_the_end_of_the_month():
    assert services.add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert services.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert services.add_months(dt.date(2025, 11, 15), 2) == dt.date(2026, 1, 15)
