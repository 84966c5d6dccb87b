"""The fixed clock of the tests that depend on the date.

A test that uses the ``fixed_clock`` fixture (tests/conftest.py; modules that compare dates
with today use it for all their tests) runs twice: with the clock set to ``NOW``, and with it
set a quarter of a minute before midnight of the same day. The product's today
(``timezone.localdate()``) is ``TODAY`` in both, whenever the run started and however long it
took, so a run that crosses midnight no longer fails; and a test or a service that slips into
tomorrow near midnight (an hour added to now, UTC taken for local) fails every time. The clock
ticks from there: two saves in one test are still a moment apart, as they are for a user.

``NOW`` is ``KOERS_TEST_NOW`` (ISO 8601 with an offset, to reproduce a failure seen on another
day) or the default: noon on the Saturday before summer time starts in 2026.

Other tests take the date per test (``timezone.localdate()`` inside the test), never when their
module is imported.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Amsterdam")  # settings.TIME_ZONE, without importing the settings here
DEFAULT_NOW = "2026-03-28T12:00:00+01:00"
NOW = dt.datetime.fromisoformat(os.environ.get("KOERS_TEST_NOW") or DEFAULT_NOW)
if NOW.tzinfo is None:
    raise ValueError("KOERS_TEST_NOW needs an offset, for example 2026-03-28T12:00:00+01:00")
TODAY = NOW.astimezone(ZONE).date()
BEFORE_MIDNIGHT = dt.datetime.combine(TODAY, dt.time(23, 59, 45), tzinfo=ZONE)
STARTS = {"now": NOW, "before-midnight": BEFORE_MIDNIGHT}
