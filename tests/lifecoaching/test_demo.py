"""seed_demo fills lifecoaching: eight coaches (one VOG expired, one expiring soon), a coach
for most young people, 3-12 sessions each and 2-4 school statuses each."""

from __future__ import annotations

from django.db.models import Count

from accounts.models import User
from casework.models import Enrolment, OutcomeValue
from lifecoaching import selectors
from lifecoaching.models import Coach, CoachMatch, CoachSession, SchoolStatus


def test_seed_demo_fills_lifecoaching(demo_data):
    assert "Lifecoaching: 8 coaches" in demo_data.output
    assert Coach.objects.count() == 8
    enrolments = Enrolment.objects.filter(programme__code="lifecoaching", status="active")
    assert enrolments.count() >= 5
    matched = CoachMatch.objects.filter(end_date__isnull=True).count()
    assert matched >= enrolments.count() * 0.6
    per_match = CoachMatch.objects.annotate(n=Count("sessions")).values_list("n", flat=True)
    assert all(3 <= n <= 12 for n in per_match)
    per_young = SchoolStatus.objects.values("enrolment").annotate(n=Count("id"))
    assert all(2 <= row["n"] <= 4 for row in per_young)
    assert OutcomeValue.objects.filter(measure__code="lifecoaching_school_level").exists()
    assert CoachSession.objects.exists()

    # The caseworker of the demo sees the expired and the expiring VOG on the coaches page.
    worker = User.objects.get(username="hulpverlener2")
    states = {v.vog_state for v in selectors.vog_expiring(worker, log=False)}
    assert "expired" in states
    assert selectors.coaches_page(worker)[0].paginator.count == 8
    # Most stay at their advice; a few are below it.
    rows = selectors.young_people(worker, log=False)
    at = [r.school.at_advised_level for r in rows if r.school]
    assert at.count(True) > at.count(False)

    # Idempotent: a second run adds nothing to lifecoaching.
    assert not [label for label in demo_data.added_by_rerun() if label.startswith("lifecoaching.")]
    assert demo_data.rerun_counts["lifecoaching.Coach"] == 8
