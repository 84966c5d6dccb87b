"""Financing's work in the work list: claims to verify for the evaluators granted the
agreement, verified claims to pay for the programme office."""

from __future__ import annotations

import pytest

from casework import worklist
from tests.financing.conftest import decide_claim

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:
    return [item.kind for item in worklist.work_items(user)]


def test_the_granted_evaluator_verifies_a_submitted_claim(claim, evaluator, other_evaluator):
    (item,) = worklist.work_items(evaluator)
    assert item.kind == "claim"
    assert "FNO-TEST" in item.label and "Wijkbedrijf Bilgaard" in item.label
    assert item.url == f"/financiering/claim/{claim.pk}/"
    assert worklist.work_count(evaluator) == 1
    # An evaluator without a grant on the agreement gets nothing.
    assert _kinds(other_evaluator) == []
    assert worklist.work_count(other_evaluator) == 0


def test_a_verified_claim_waits_for_the_programme_office(claim, evaluator, office):
    assert _kinds(office) == []
    decide_claim(evaluator, claim, "verified", "evidence_consistent")
    assert _kinds(evaluator) == []
    (item,) = worklist.work_items(office)
    assert item.kind == "payment"
    assert item.url == "/financiering/afspraak/FNO-TEST/betalingen/"
    assert worklist.work_count(office) == 1


def test_no_identifier_in_a_claims_item(claim, evaluator, achiever):
    from casework.selectors import decrypt_person
    from privacy.crypto import Cipher

    person = decrypt_person(achiever, Cipher().load([achiever.data_key]), show_bsn=True)
    (item,) = worklist.work_items(evaluator)
    for value in (person.given_name, person.family_name, person.bsn):
        assert value and value not in item.label
