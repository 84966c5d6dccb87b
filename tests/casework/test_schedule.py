"""The measurement schedule: which wave is due or overdue, from dates alone."""

from __future__ import annotations

import datetime as dt

import pytest

from casework.schedule import (
    WINDOW_AFTER,
    WINDOW_BEFORE,
    add_months,
    due_wave,
    due_waves,
    planned_waves,
)

START = dt.date(2025, 1, 31)


def _due(today, recorded=(), schedule=None, end=None):
    return due_wave(
        instrument="zrm", start=START, today=today, recorded=recorded, schedule=schedule, end=end
    )


def test_default_is_intake_then_every_six_months():
    waves = planned_waves(START, dt.date(2026, 2, 1))
    assert [(w.code, w.date) for w in waves] == [
        ("intake", START),
        ("m6", dt.date(2025, 7, 31)),
        ("m12", dt.date(2026, 1, 31)),
    ]


def test_month_ends_are_kept_within_the_month():
    assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)


def test_intake_is_due_from_the_start_and_overdue_after_the_window():
    assert _due(START).wave == "intake"
    assert not _due(START + WINDOW_AFTER).overdue
    assert _due(START + WINDOW_AFTER + dt.timedelta(days=1)).overdue


def test_a_recorded_wave_is_not_asked():
    assert _due(START, recorded={"intake"}) is None


def test_the_next_wave_opens_two_weeks_before_its_date():
    m6 = dt.date(2025, 7, 31)
    before = m6 - WINDOW_BEFORE - dt.timedelta(days=1)
    assert _due(before, recorded={"intake"}) is None
    due = _due(m6 - WINDOW_BEFORE, recorded={"intake"})
    assert (due.wave, due.date, due.overdue) == ("m6", m6, False)


def test_a_missed_wave_gives_way_to_the_next():
    # m6 was never measured: overdue until the window of m12 opens, then m12 is asked.
    assert _due(dt.date(2025, 12, 1), recorded={"intake"}).wave == "m6"
    assert _due(dt.date(2025, 12, 1), recorded={"intake"}).overdue
    due = _due(dt.date(2026, 1, 20), recorded={"intake"})
    assert (due.wave, due.overdue) == ("m12", False)


def test_nothing_is_due_before_the_start():
    assert _due(START - WINDOW_BEFORE - dt.timedelta(days=1)) is None


def test_an_instrument_may_have_its_own_schedule():
    schedule = {"intake": False, "every_months": 12, "until_months": 24}
    waves = planned_waves(START, dt.date(2030, 1, 1), schedule)
    assert [w.code for w in waves] == ["m12", "m24"]
    assert _due(dt.date(2025, 2, 1), schedule=schedule) is None
    assert _due(dt.date(2029, 1, 1), recorded={"m24"}, schedule=schedule) is None


def test_a_schedule_with_waves_validate_wave_does_not_know_is_refused():
    with pytest.raises(ValueError):
        planned_waves(START, dt.date(2026, 1, 1), {"every_months": 4})


def test_no_wave_after_the_enrolment_ends():
    assert _due(dt.date(2025, 7, 31), recorded={"intake"}, end=dt.date(2025, 5, 1)) is None


def test_each_instrument_is_asked_on_its_own():
    result = due_waves(
        start=START,
        today=START,
        schedules={"zrm": None, "positieve_gezondheid": None},
        recorded={("zrm", "intake")},
    )
    assert [(w.instrument, w.wave) for w in result] == [("positieve_gezondheid", "intake")]
