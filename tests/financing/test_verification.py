"""Verification by an evaluator on the agreement; the verifier is never the claimant (service
and database); spot samples; volume flags; pseudonyms per agreement."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import EVALUATOR, TEAM_LEAD
from casework.services import ConcurrentEditError
from financing import selectors, services
from financing.models import Claim
from privacy.pseudonyms import pseudonym
from tests.factories import make_user
from tests.financing.conftest import decide_claim, rising_participant, submit_claim


def test_evaluator_verifies_and_rejects_with_a_reason(evaluator, claim):
    with pytest.raises(ValidationError):  # a reason that does not fit the verdict
        decide_claim(evaluator, claim, "verified", "not_sustained")
    decided = decide_claim(evaluator, claim, "verified", "evidence_consistent")
    assert decided.status == "verified" and decided.verified_by == evaluator
    with pytest.raises(ConcurrentEditError):
        decide_claim(evaluator, claim, "rejected", "doubt_measurement")


def test_evaluator_not_on_the_agreement_is_refused(other_evaluator, claim):
    with pytest.raises(PermissionDenied):
        decide_claim(other_evaluator, claim, "verified", "evidence_consistent")
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_verifier_is_never_the_claimant(
    office, agreement, definition, achiever, orgs, team_a, caplog
):
    both = make_user(TEAM_LEAD, EVALUATOR, teams=[team_a])
    services.grant(actor=office, agreement=agreement, user=both)
    made = submit_claim(both, agreement, definition, achiever, orgs)
    with (
        caplog.at_level(logging.WARNING, logger="koers.financing"),
        pytest.raises(ValidationError) as error,
    ):
        decide_claim(both, made, "verified", "evidence_consistent")
    assert "zelf ingediend" in " ".join(error.value.messages)
    assert any("verifier_is_claimant" in r.getMessage() for r in caplog.records)
    made.refresh_from_db()
    assert made.status == "submitted" and made.verified_by is None
    # The database refuses it too, whatever the code path.
    made.verified_by = both
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=made.pk).update(verified_by=both)


def test_spot_sample_marks_the_asked_percentage(
    evaluator, lead_a, agreement, definition, caseworker_a, team_a, orgs
):
    for _ in range(4):
        submit_claim(lead_a, agreement, definition, rising_participant(caseworker_a, team_a), orgs)
    marked = services.spot_sample(actor=evaluator, agreement=agreement, percentage=50)
    assert len(marked) == 2
    assert Claim.objects.filter(spot_check=True).count() == 2
    with pytest.raises(ValidationError):
        services.spot_sample(actor=evaluator, agreement=agreement, percentage=0)
    with pytest.raises(PermissionDenied):
        services.spot_sample(actor=lead_a, agreement=agreement, percentage=10)


def test_volume_far_above_the_usual_pattern_is_flagged(
    agreement, definition, lead_a, orgs, monkeypatch
):
    months = {"2025-01": 2, "2025-02": 3, "2025-03": 2, "2025-04": 12}
    monkeypatch.setattr(selectors, "volume_by_month", lambda agreement: months)
    assert selectors.volume_flags(agreement) == ["2025-04"]
    months["2025-04"] = 4
    assert selectors.volume_flags(agreement) == []


def test_volume_by_month_counts_submissions(claim):
    key = timezone.localtime(claim.submitted_at).strftime("%Y-%m")
    assert selectors.volume_by_month(claim.agreement) == {key: 1}


def test_pseudonym_differs_between_agreements_and_from_every_study(claim, achiever):
    one = pseudonym("agreement", "FNO-TEST", achiever.pk)
    two = pseudonym("agreement", "ANDERE-AFSPRAAK", achiever.pk)
    study = pseudonym("study", "FNO-TEST", achiever.pk)
    assert len({one, two, study}) == 3
    assert str(achiever.pk).replace("-", "") not in one
