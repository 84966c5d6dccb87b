"""Baangaranties' work in the work list: retention checks due within two weeks or overdue,
for the caseworkers of the placement's team."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework import worklist

pytestmark = pytest.mark.django_db


def _checks(user) -> list:
    return [item for item in worklist.work_items(user) if item.kind == "retention_check"]


def test_a_due_check_waits_for_the_teams_caseworker(worker, other_worker, placement):
    check = placement.checks.get(months=3)  # due 2 June 2026: overdue by now
    items = _checks(worker)
    assert items[0].url == reverse("baangaranties:check_record", kwargs={"pk": check.pk})
    assert items[0].overdue and "3 maanden" in items[0].label
    assert worklist.work_count(worker) >= len(items)
    assert _checks(other_worker) == []
    assert worklist.work_count(other_worker) == 0
