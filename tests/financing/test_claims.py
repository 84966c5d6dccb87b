"""Claims: eligibility from the data, price snapshot, evidence, and every refusal of the
issue (no consent, duplicate, not sustained, evidence outside the period or after
submission, caps), refused with a Dutch message, nothing changed, logged."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from financing import services
from financing.models import Claim, Evidence
from tests.factories import make_household, make_user
from tests.financing.conftest import (
    START,
    add_definition,
    consent,
    decide_claim,
    rising_participant,
    submit_claim,
)


def test_claim_computes_eligibility_snapshots_price_and_attaches_evidence(
    lead_a, agreement, definition, achiever, orgs
):
    made = submit_claim(lead_a, agreement, definition, achiever, orgs)
    assert made.status == Claim.Status.SUBMITTED
    assert made.amount == Decimal("1000.00")
    assert made.achieved_on == START + dt.timedelta(days=190)
    rows = list(made.evidence.order_by("date"))
    assert [r.role for r in rows] == ["baseline", "achieved"]
    assert [r.value for r in rows] == ["3", "6"]
    assert all(r.code == "goal_attainment" and r.item == "1" for r in rows)
    # The price is a snapshot: a later price change does not touch the claim.
    definition.price = Decimal("5.00")
    definition.save()
    made.refresh_from_db()
    assert made.amount == Decimal("1000.00")


def _refused(code, call, caplog):
    claims, evidence = Claim.objects.count(), Evidence.objects.count()
    with (
        caplog.at_level(logging.WARNING, logger="koers.financing"),
        pytest.raises(ValidationError) as error,
    ):
        call()
    assert Claim.objects.count() == claims and Evidence.objects.count() == evidence
    assert any(code in record.getMessage() for record in caplog.records)
    return " ".join(error.value.messages)


def test_claim_without_consent_is_refused(
    lead_a, agreement, definition, caseworker_a, team_a, orgs, caplog
):
    participant = rising_participant(caseworker_a, team_a, with_consent=False)
    message = _refused(
        "no_consent", lambda: submit_claim(lead_a, agreement, definition, participant, orgs), caplog
    )
    assert "toestemming" in message


def test_withdrawn_consent_refuses_the_claim(
    lead_a, agreement, definition, achiever, caseworker_a, orgs, caplog
):
    consent(caseworker_a, achiever, status="withdrawn", on=dt.date(2025, 9, 1))
    _refused(
        "no_consent", lambda: submit_claim(lead_a, agreement, definition, achiever, orgs), caplog
    )


def test_duplicate_claim_is_refused_and_allowed_again_after_rejection(
    lead_a, agreement, definition, achiever, orgs, evaluator, caplog
):
    first = submit_claim(lead_a, agreement, definition, achiever, orgs)
    message = _refused(
        "duplicate", lambda: submit_claim(lead_a, agreement, definition, achiever, orgs), caplog
    )
    assert "al een claim" in message
    decide_claim(evaluator, first, "rejected", "doubt_measurement")
    assert submit_claim(lead_a, agreement, definition, achiever, orgs).status == "submitted"


def test_not_achieved_is_refused(lead_a, agreement, definition, caseworker_a, team_a, orgs, caplog):
    flat = rising_participant(caseworker_a, team_a, scores=(3, 4))
    _refused(
        "not_achieved", lambda: submit_claim(lead_a, agreement, definition, flat, orgs), caplog
    )


def test_not_sustained_is_refused(
    lead_a, office, agreement, achiever, caseworker_a, team_a, orgs, caplog
):
    sustained = add_definition(office, agreement, code="doel-2-90", sustain_days=90)
    message = _refused(
        "not_sustained", lambda: submit_claim(lead_a, agreement, sustained, achiever, orgs), caplog
    )
    assert "90 dagen" in message
    # Held at a later measurement at least 90 days on: accepted, with the sustaining row.
    holder = rising_participant(caseworker_a, team_a, scores=(3, 6, 6))
    made = submit_claim(lead_a, agreement, sustained, holder, orgs)
    assert [e.role for e in made.evidence.order_by("date")] == ["baseline", "achieved", "sustained"]
    # Dropped in between: not sustained.
    dropped = rising_participant(caseworker_a, team_a, scores=(3, 6, 4, 6))
    _refused(
        "not_sustained", lambda: submit_claim(lead_a, agreement, sustained, dropped, orgs), caplog
    )


def test_evidence_outside_the_agreement_period_is_refused(
    office, orgs, evaluator, lead_a, achiever, caplog
):
    from tests.financing.conftest import make_agreement

    late = make_agreement(office, orgs, code="LATE", start_date=dt.date(2025, 3, 1))
    services.grant(actor=office, agreement=late, user=lead_a)
    definition = add_definition(office, late)
    message = _refused(
        "evidence_outside_period",
        lambda: submit_claim(lead_a, late, definition, achiever, orgs),
        caplog,
    )
    assert "looptijd" in message


def test_evidence_after_submission_is_not_used(
    lead_a, agreement, definition, achiever, orgs, caplog
):
    # Submitted (on) before the rise was measured: the later record does not count.
    _refused(
        "not_achieved",
        lambda: submit_claim(lead_a, agreement, definition, achiever, orgs, on=dt.date(2025, 3, 1)),
        caplog,
    )


def test_claims_beyond_a_cap_are_refused(
    office, lead_a, agreement, caseworker_a, team_a, orgs, caplog
):
    small = add_definition(office, agreement, code="klein", max_count=1)
    a = rising_participant(caseworker_a, team_a)
    b = rising_participant(caseworker_a, team_a)
    submit_claim(lead_a, agreement, small, a, orgs)
    assert "maximum aantal" in _refused(
        "max_count", lambda: submit_claim(lead_a, agreement, small, b, orgs), caplog
    )
    amount = add_definition(office, agreement, code="bedrag", max_amount=Decimal("1500"))
    submit_claim(lead_a, agreement, amount, a, orgs)
    _refused("max_amount", lambda: submit_claim(lead_a, agreement, amount, b, orgs), caplog)
    # The agreement's cap (10,000): 2,000 live; a 9,000 claim goes over it.
    big = add_definition(office, agreement, code="groot", price=Decimal("9000"))
    message = _refused("cap", lambda: submit_claim(lead_a, agreement, big, b, orgs), caplog)
    assert "plafond" in message


def test_only_a_granted_team_lead_of_the_team_may_claim(
    office, agreement, definition, achiever, orgs, team_b, evaluator, caplog
):
    stranger = make_user("team_lead", teams=[team_b])
    with pytest.raises(PermissionDenied):
        submit_claim(stranger, agreement, definition, achiever, orgs)
    services.grant(actor=office, agreement=agreement, user=stranger)
    with pytest.raises(PermissionDenied):  # granted, but not the participant's team
        submit_claim(stranger, agreement, definition, achiever, orgs)
    with pytest.raises(PermissionDenied):  # an evaluator never claims
        submit_claim(evaluator, agreement, definition, achiever, orgs)
    assert Claim.objects.count() == 0


def test_household_claim(office, lead_a, agreement, achiever, caseworker_a, orgs):

    household = make_household(caseworker_a, achiever, start_date=START)
    definition = add_definition(office, agreement, code="gezin", unit="household")
    made = services.submit_claim(
        actor=lead_a,
        agreement=agreement,
        definition=definition,
        provider=orgs["df"],
        household=household,
    )
    assert made.unit_id == household.pk and made.participant_id is None
    with pytest.raises(ValidationError):  # a household outcome is not claimed per person
        submit_claim(lead_a, agreement, definition, achiever, orgs)
