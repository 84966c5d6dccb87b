"""Lifecoaching's work in the work list: a coach's VOG that expires within 60 days (or has
expired), for the caseworkers and team leads of the coach's team."""

from __future__ import annotations

import datetime as dt

import pytest

from casework import worklist
from privacy.models import AccessEvent
from tests.clock import TODAY
from tests.lifecoaching.conftest import coach

pytestmark = pytest.mark.django_db


def _vog(user) -> list:
    return [item for item in worklist.work_items(user) if item.kind == "vog"]


def test_an_expiring_vog_waits_for_the_coachs_team(
    fixed_clock, worker, lead, peer, other_worker, lc_team
):
    soon = coach(worker, lc_team, name="Bauke Meester", vog_expiry=TODAY + dt.timedelta(days=30))
    coach(worker, lc_team, name="Later Geldig", vog_expiry=TODAY + dt.timedelta(days=90))
    expired = coach(worker, lc_team, name="Al Verlopen", vog_expiry=TODAY - dt.timedelta(days=1))
    items = _vog(worker)
    assert [item.url for item in items] == [
        f"/lifecoaching/coaches/{expired.pk}/wijzigen/",
        f"/lifecoaching/coaches/{soon.pk}/wijzigen/",
    ]
    assert items[0].overdue and "VOG verlopen: Al Verlopen" in items[0].label
    assert not items[1].overdue and "Bauke Meester" in items[1].label
    assert worklist.work_count(worker) >= 2
    assert len(_vog(lead)) == 2
    # Peer experts do not manage coaches; another team sees nothing of them.
    assert _vog(peer) == []
    assert _vog(other_worker) == []
    logged = AccessEvent.objects.filter(user=worker, subject_type="coach")
    assert {event.subject_id for event in logged} >= {soon.pk, expired.pk}
