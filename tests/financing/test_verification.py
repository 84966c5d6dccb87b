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
from tests.financing.conftest import rising_participant


@pytest.fixture
def submitted(lead_a, agreement, definition, achiever, orgs):
    return services.submit_claim(
        actor=lead_a,
        agreement=agreement,
        definition=definition,
        provider=orgs["wb"],
        participant=achiever,
    )


def test_evaluator_verifies_and_rejects_with_a_reason(evaluator, submitted):
    with pytest.raises(ValidationError):  # a reason that does not fit the verdict
        services.decide_claim(
            actor=evaluator,
            claim=submitted,
            expected_version=submitted.version,
            verdict="verified",
            reason="not_sustained",
        )
    decided = services.decide_claim(
        actor=evaluator,
        claim=submitted,
        expected_version=submitted.version,
        verdict="verified",
        reason="evidence_consistent",
    )
    assert decided.status == "verified" and decided.verified_by == evaluator
    with pytest.raises(ConcurrentEditError):
        services.decide_claim(
            actor=evaluator,
            claim=submitted,
            expected_version=submitted.version,
            verdict="rejected",
            reason="doubt_measurement",
        )


def test_evaluator_not_on_the_agreement_is_refused(other_evaluator, submitted):
    with pytest.raises(PermissionDenied):
        services.decide_claim(
            actor=other_evaluator,
            claim=submitted,
            expected_version=submitted.version,
            verdict="verified",
            reason="evidence_consistent",
        )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_verifier_is_never_the_claimant(
    office, agreement, definition, achiever, orgs, team_a, caplog
):
    both = make_user(TEAM_LEAD, EVALUATOR, teams=[team_a])
    services.grant(actor=office, agreement=agreement, user=both)
    made = services.submit_claim(
        actor=both,
        agreement=agreement,
        definition=definition,
        provider=orgs["wb"],
        participant=achiever,
    )
    with (
        caplog.at_level(logging.WARNING, logger="koers.financing"),
        pytest.raises(ValidationError) as error,
    ):
        services.decide_claim(
            actor=both,
            claim=made,
            expected_version=made.version,
            verdict="verified",
            reason="evidence_consistent",
        )
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
        services.submit_claim(
            actor=lead_a,
            agreement=agreement,
            definition=definition,
            provider=orgs["wb"],
            participant=rising_participant(caseworker_a, team_a),
        )
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


def test_volume_by_month_counts_submissions(submitted):
    key = timezone.localtime(submitted.submitted_at).strftime("%Y-%m")
    assert selectors.volume_by_month(submitted.agreement) == {key: 1}


def test_pseudonym_differs_between_agreements_and_from_every_study(submitted, achiever):
    one = pseudonym("agreement", "FNO-TEST", achiever.pk)
    two = pseudonym("agreement", "ANDERE-AFSPRAAK", achiever.pk)
    study = pseudonym("study", "FNO-TEST", achiever.pk)
    assert len({one, two, study}) == 3
    assert str(achiever.pk).replace("-", "") not in one
