"""The fixed clock of the date-sensitive tests (tests/clock.py): each runs at a fixed moment and
again just before midnight of the same day. A run that crossed midnight once failed six
lifecoaching tests, because they had fixed today's date when their module was imported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests import clock


def test_the_clock_starts_on_today_and_ticks(fixed_clock, request):
    started = timezone.now()
    assert timezone.localdate() == clock.TODAY
    assert (
        dt.timedelta(0)
        <= started - clock.STARTS[request.node.callspec.id]
        < dt.timedelta(seconds=10)
    )
    # It ticks: a later save is later, as it is for a user.
    fixed_clock.shift(dt.timedelta(microseconds=1))
    assert timezone.now() > started


def test_the_second_start_is_a_quarter_of_a_minute_before_midnight():
    before = clock.BEFORE_MIDNIGHT
    assert before.date() == clock.TODAY and before.tzinfo == clock.ZONE
    assert (before + dt.timedelta(seconds=15)).date() == clock.TODAY + dt.timedelta(days=1)


@pytest.mark.parametrize("module", ["tests.casework.test_services", "tests.lifecoaching.test_api"])
def test_the_date_sensitive_modules_run_on_it(module):
    """Their TODAY is the clock's (a module that took the wall clock's would fail on the
    fixed clock every day but the fixed one)."""
    imported = __import__(module, fromlist=["TODAY", "pytestmark"])
    assert imported.TODAY == clock.TODAY
    marks = imported.pytestmark if isinstance(imported.pytestmark, list) else [imported.pytestmark]
    assert any("fixed_clock" in mark.args for mark in marks if mark.name == "usefixtures")
