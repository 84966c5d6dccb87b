"""seed_demo fills the baangaranties programme through its demo hook."""

from __future__ import annotations

from django.db.models import Sum

from accounts.models import User
from baangaranties import selectors
from baangaranties.models import (
    AssistanceRoute,
    BranchChain,
    Commitment,
    OfferedPlace,
    OpenHiringSignup,
    Placement,
    RetentionCheck,
)
from casework.models import Enrolment, OutcomeValue


def test_seed_demo_fills_baangaranties(demo_data):
    assert "Baangaranties:" in demo_data.output
    assert BranchChain.objects.count() == 6
    for chain in BranchChain.objects.all():
        assert 2 <= chain.employers.count() <= 4
    for year in (2025, 2026):
        totals = Commitment.objects.filter(year=year).aggregate(
            j=Sum("job_guarantees"), w=Sum("work_experience_places"), i=Sum("internships")
        )
        assert totals == {"j": 250, "w": 60, "i": 100}
    assert OfferedPlace.objects.exists()
    active = Enrolment.objects.filter(programme__code="baangarantie", status="active")
    assert active.exists()
    placed = set(Placement.objects.values_list("enrolment_id", flat=True))
    assert set(active.values_list("pk", flat=True)) <= placed
    # The household in three programmes: its parent has a placement too.
    three = [
        e.participant_id
        for e in active
        if set(e.participant.enrolments.values_list("programme__code", flat=True))
        >= {"gezinslab", "schuldenvrij", "baangarantie"}
    ]
    assert three and Placement.objects.filter(participant_id__in=three).exists()
    assert OpenHiringSignup.objects.count() == 7
    assert OpenHiringSignup.objects.filter(status__in=["offered", "placed"]).count() == 5
    assert OpenHiringSignup.objects.filter(status="placed").count() == 2
    assert Placement.objects.filter(route="basic_job").count() >= 1
    assert Placement.objects.filter(kind="job_guarantee").exists()
    assert RetentionCheck.objects.filter(checked_on__isnull=False).exists()
    assert AssistanceRoute.objects.exists()
    assert OutcomeValue.objects.filter(measure__code="baangarantie_employment_status").exists()
    # The team's week: due checks and someone young on assistance without a route.
    worker = User.objects.get(username="hulpverlener2")
    assert selectors.overview_page(worker)
    assert selectors.young_without_route(worker)
    # Idempotent: a second run adds nothing to baangaranties.
    assert not [label for label in demo_data.added_by_rerun() if label.startswith("baangaranties.")]
    assert demo_data.rerun_counts["baangaranties.Placement"] == Placement.objects.count()
