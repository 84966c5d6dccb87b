"""The demo: seed_demo adds the FNO agreement for the Gezinslab with claims in every status,
the demo evaluator and team lead granted on it; a second run changes nothing."""

from __future__ import annotations

from accounts.models import User
from financing import selectors
from financing.models import Agreement, Claim


def test_seed_demo_adds_the_fno_agreement(demo_data):
    agreement = Agreement.objects.get(code="DEMO-FNO-GEZINSLAB")
    assert agreement.payer.code == "fno" and agreement.programme.code == "gezinslab"
    assert {p.organisation.code for p in agreement.providers.all()} == {
        "wijkbedrijf-bilgaard",
        "dreamfabryk",
    }
    assert agreement.definitions.count() == 3 and agreement.milestones.count() == 2
    assert agreement.amendments.count() == 1
    assert set(Claim.objects.values_list("status", flat=True)) == set(Claim.Status.values)
    for username in ("evaluator", "teamleider"):
        assert selectors.is_granted(User.objects.get(username=username), agreement)
    assert "DEMO-FNO-GEZINSLAB" in demo_data.output
    # Idempotent: a second run adds nothing to financing.
    assert not [label for label in demo_data.added_by_rerun() if label.startswith("financing.")]
    assert demo_data.rerun_counts["financing.Claim"] == Claim.objects.count() > 0
    assert demo_data.rerun_counts["financing.Payment"] == agreement.payments.count() > 0
