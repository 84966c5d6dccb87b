"""seed_demo loads the plan's monitor: the tree, the baseline with 2019 beside it, a course to
show, and the Koers indicators computed from the demo's case data."""

from __future__ import annotations

from accounts.models import User
from monitoring import selectors
from monitoring.course import Status
from monitoring.models import ComputedValue, Node


def test_seed_demo_loads_the_monitor(demo_data):
    assert "Monitor: doelenboom" in demo_data.output
    assert Node.objects.filter(kind="pillar").count() == 5
    monitor = selectors.monitor(None)
    bijstand = monitor.courses["bijstand"]
    assert bijstand.baseline is not None and bijstand.mirror is not None
    assert bijstand.latest.year > 2021
    statuses = {target.status for _goal, target in monitor.goals_of("bijstand")}
    assert statuses and Status.UNKNOWN not in statuses
    assert ComputedValue.objects.filter(indicator__code="baangaranties-geplaatst").exists()
    # The office's exact figures (the public ones may round a small count to 0).
    office = User.objects.get(username="programmabureau")
    placed = selectors.monitor(office).courses["baangaranties-geplaatst"]
    assert any(placed.value("leeuwarden-oost", year) for year in placed.years)
