"""Agreements (amendments, grants, immutable definition codes) and the payments ledger (caps,
verified claims only, corrections by counter-entry, never edited or deleted)."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from financing import services
from financing.models import Agreement, Amendment, Claim, Payment
from tests.factories import make_user
from tests.financing.conftest import add_definition, decide_claim, submit_claim

TODAY = dt.date(2025, 10, 1)


@pytest.fixture
def verified(lead_a, evaluator, agreement, definition, achiever, orgs):
    made = submit_claim(lead_a, agreement, definition, achiever, orgs)
    return decide_claim(evaluator, made, "verified", "evidence_consistent")


def pay(office, agreement, orgs, amount, kind="actual", claim=None, provider="wb"):
    return services.record_payment(
        actor=office,
        agreement=agreement,
        provider=orgs[provider],
        kind=kind,
        amount=Decimal(amount),
        date=TODAY,
        claim=claim,
    )


def amend(actor, agreement, reason, **changes):
    """An amendment of ``agreement`` today, against its current version."""
    return services.amend_agreement(
        actor=actor,
        agreement=agreement,
        expected_version=agreement.version,
        date=TODAY,
        reason=reason,
        **changes,
    )


def test_amendment_records_date_and_reason(office, agreement):
    amendment = amend(
        office, agreement, "Uitbreiding", new_cap="20000", new_end_date=dt.date(2027, 6, 30)
    )
    agreement.refresh_from_db()
    assert (amendment.old_cap, amendment.new_cap) == (Decimal("10000.00"), Decimal("20000.00"))
    assert agreement.cap == Decimal("20000.00") and agreement.end_date == dt.date(2027, 6, 30)
    assert agreement.history.count() == 2


def test_amendment_may_not_lower_the_cap_below_what_is_paid(office, agreement, orgs, caplog):
    pay(office, agreement, orgs, "6000")
    agreement.refresh_from_db()
    with (
        caplog.at_level(logging.WARNING, logger="koers.financing"),
        pytest.raises(ValidationError) as error,
    ):
        amend(office, agreement, "Bezuiniging", new_cap="5000")
    assert "lager dan wat al is betaald" in " ".join(error.value.messages)
    assert any("cap_below_paid" in r.getMessage() for r in caplog.records)
    agreement.refresh_from_db()
    assert agreement.cap == Decimal("10000.00") and Amendment.objects.count() == 0
    amend(office, agreement, "Bezuiniging", new_cap="6000")


def test_only_the_programme_office_manages_agreements(evaluator, lead_a, agreement, orgs):
    for user in (evaluator, lead_a):
        with pytest.raises(PermissionDenied):
            amend(user, agreement, "x", new_cap="1")
        with pytest.raises(PermissionDenied):
            pay(user, agreement, orgs, "1")


def test_grants_go_to_evaluators_and_team_leads_only(office, agreement):
    with pytest.raises(ValidationError):
        services.grant(actor=office, agreement=agreement, user=make_user("caseworker"))


def test_definition_code_is_unique_per_agreement_and_rule_must_exist(office, agreement, definition):
    with pytest.raises(ValidationError):
        add_definition(office, agreement, code=definition.code)
    with pytest.raises(ValidationError):
        add_definition(office, agreement, code="x", rule="bestaat-niet")
    with pytest.raises(ValidationError):  # a rule of another programme
        add_definition(office, agreement, code="y", rule="schuldenvrij_no_new_debt_12m")


def test_payments_never_exceed_the_cap(office, agreement, orgs, caplog):
    pay(office, agreement, orgs, "9000")
    with (
        caplog.at_level(logging.WARNING, logger="koers.financing"),
        pytest.raises(ValidationError),
    ):
        pay(office, agreement, orgs, "1000.01", provider="df")
    assert Payment.objects.count() == 1
    pay(office, agreement, orgs, "1000.00", provider="df")
    pay(office, agreement, orgs, "10000.00", kind="planned")  # planned has its own total
    with pytest.raises(ValidationError):
        pay(office, agreement, orgs, "0")


def test_claim_payments_need_a_verified_claim_and_stay_within_its_amount(
    office, agreement, orgs, verified, lead_a, definition, caseworker_a, team_a
):
    with pytest.raises(ValidationError):
        pay(office, agreement, orgs, "1000", claim=verified, provider="df")  # other provider
    with pytest.raises(ValidationError):
        pay(office, agreement, orgs, "1000.01", claim=verified)
    pay(office, agreement, orgs, "1000", claim=verified)
    verified.refresh_from_db()
    assert verified.status == Claim.Status.PAID
    from tests.financing.conftest import rising_participant

    open_claim = submit_claim(
        lead_a, agreement, definition, rising_participant(caseworker_a, team_a), orgs
    )
    with pytest.raises(ValidationError):
        pay(office, agreement, orgs, "10", claim=open_claim)


def test_correction_only_by_counter_entry(office, agreement, orgs, verified):
    line = pay(office, agreement, orgs, "1000", claim=verified)
    with pytest.raises(ValueError):
        line.amount = Decimal("1")
        line.save()
    with pytest.raises(ValueError):
        line.delete()
    counter = services.correct_payment(actor=office, payment=line, date=TODAY)
    assert counter.amount == Decimal("-1000.00") and counter.corrects == line
    verified.refresh_from_db()
    assert verified.status == Claim.Status.VERIFIED
    with pytest.raises(ValidationError):
        services.correct_payment(actor=office, payment=line, date=TODAY)
    with pytest.raises(ValidationError):
        services.correct_payment(actor=office, payment=counter, date=TODAY)
    assert Payment.objects.get(pk=line.pk).amount == Decimal("1000.00")
    assert Agreement.objects.get().cap == Decimal("10000.00")


# --- access and status managed by the programme office -------------------------------------


def test_revoking_access_takes_the_agreement_away_at_once(office, evaluator, agreement):
    from financing import selectors

    assert selectors.visible_agreements(evaluator).filter(pk=agreement.pk).exists()
    assert evaluator in selectors.granted_users(office, agreement)

    services.revoke(actor=office, agreement=agreement, user=evaluator)

    assert not selectors.visible_agreements(evaluator).filter(pk=agreement.pk).exists()
    assert evaluator not in selectors.granted_users(office, agreement)
    with pytest.raises(ValidationError):
        services.revoke(actor=office, agreement=agreement, user=evaluator)


def test_only_the_office_sees_and_changes_who_has_access(evaluator, lead_a, agreement):
    from financing import selectors

    assert selectors.granted_users(evaluator, agreement) == []
    with pytest.raises(PermissionDenied):
        services.revoke(actor=evaluator, agreement=agreement, user=lead_a)


def test_status_goes_from_draft_to_running_to_closed_and_never_back(office, orgs):
    from tests.financing.conftest import make_agreement

    agreement = make_agreement(office, orgs, code="FNO-STATUS", status="draft")
    agreement = services.set_agreement_status(
        actor=office, agreement=agreement, expected_version=agreement.version, status="active"
    )
    assert agreement.status == "active"
    agreement = services.set_agreement_status(
        actor=office, agreement=agreement, expected_version=agreement.version, status="closed"
    )
    assert agreement.status == "closed"
    with pytest.raises(ValidationError) as refused:
        services.set_agreement_status(
            actor=office, agreement=agreement, expected_version=agreement.version, status="active"
        )
    assert "kan niet naar status" in refused.value.messages[0]
    agreement.refresh_from_db()
    assert agreement.status == "closed"
    assert agreement.history.count() == 3


def test_a_stale_status_change_is_refused(office, agreement):
    from casework.services import ConcurrentEditError

    with pytest.raises(ConcurrentEditError):
        services.set_agreement_status(
            actor=office,
            agreement=agreement,
            expected_version=agreement.version - 1,
            status="closed",
        )
    agreement.refresh_from_db()
    assert agreement.status == "active"


def test_office_revokes_and_closes_through_the_agreement_page(client, office, evaluator, agreement):
    from django.urls import reverse

    client.force_login(office)
    page = client.get(reverse("financing:agreement", kwargs={"code": agreement.code}))
    html = page.content.decode()
    assert f"Toegang intrekken voor {evaluator.username}" in html
    assert "Status wijzigen naar: Afgesloten" in html

    client.post(
        reverse("financing:revoke", kwargs={"code": agreement.code}), {"user": evaluator.pk}
    )
    client.post(
        reverse("financing:set_status", kwargs={"code": agreement.code}),
        {"version": agreement.version, "status": "closed"},
    )

    agreement.refresh_from_db()
    assert agreement.status == "closed"
    client.force_login(evaluator)
    refused = client.get(reverse("financing:agreement", kwargs={"code": agreement.code}))
    assert refused.status_code == 404
