"""The demo hook fills Gezinslab and Buurtgezinnen through seed_demo."""

from __future__ import annotations

from io import StringIO

from casework.models import OutcomeValue
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyGoal,
    FamilyTrajectory,
    SupportFamily,
    SupportMatch,
)
from gezinslab.selectors import households_to_start


def test_seed_demo_fills_gezinslab_and_buurtgezinnen(demo_data):
    assert "Gezinslab:" in demo_data.output
    from accounts.models import User

    hulpverlener = User.objects.get(username="hulpverlener")
    trajectories = list(FamilyTrajectory.objects.select_related("professional", "peer_expert"))
    assert len(trajectories) >= 5
    # Every Gezinslab household has a trajectory, run by the duo.
    assert households_to_start(hulpverlener, log=False) == []
    assert {(t.professional.username, t.peer_expert.username) for t in trajectories} == {
        ("hulpverlener", "ervaringsdeskundige")
    }
    for trajectory in trajectories:
        assert 3 <= trajectory.barriers.count() <= 6
        assert trajectory.goals.exists()
    barriers = Barrier.objects.count()
    breakthroughs = Breakthrough.objects.count()
    assert 0.3 * barriers <= breakthroughs <= 0.7 * barriers
    assert Barrier.objects.values("organisation").distinct().count() >= 6
    assert FamilyGoal.objects.filter(status="achieved").exists()
    assert OutcomeValue.objects.filter(measure__code="gezinslab_family_goals_achieved").exists()
    assert SupportFamily.objects.count() == 6
    assert 3 <= SupportMatch.objects.count() <= 5
    assert OutcomeValue.objects.filter(measure__code="buurtgezinnen_match_active").exists()
    # Idempotent: a second run of seed_demo adds nothing to Gezinslab, nor does the hook alone.
    assert not [label for label in demo_data.added_by_rerun() if label.startswith("gezinslab.")]
    counts = (
        FamilyTrajectory.objects.count(),
        Barrier.objects.count(),
        SupportMatch.objects.count(),
    )
    from demo.gezinslab import fill

    fill(teams={}, users={}, anchor=None, rng=None, stdout=StringIO())
    assert counts == (
        FamilyTrajectory.objects.count(),
        Barrier.objects.count(),
        SupportMatch.objects.count(),
    )
