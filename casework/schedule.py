"""The measurement schedule: which wave (peilmoment) of an instrument is due or overdue.

Pure functions of dates, without the database: the caseload filter and the work list read
the enrolments and measurements and ask these.

An instrument's definition may carry a ``schedule``::

    {"intake": true, "every_months": 6, "until_months": 24}

``intake``: a measurement at the enrolment's start (default true); ``every_months``: then every
so many months (default 6; a multiple of 6, the waves ``validate_wave`` knows: m6, m12, ...);
``until_months``: the last wave (default: none, as long as the enrolment is active). A wave is
due from ``WINDOW_BEFORE`` before its date to ``WINDOW_AFTER`` after it, and overdue after
that, until the window of the next wave opens: then that one is asked instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from privacy.periods import add_months

WINDOW_BEFORE = dt.timedelta(days=14)
WINDOW_AFTER = dt.timedelta(days=30)
DEFAULT_EVERY_MONTHS = 6
# An enrolment is never measured more often than this many waves (a guard for odd dates).
MAX_WAVES = 200


@dataclass(frozen=True)
class Wave:
    code: str  # "intake", "m6", "m12", ...
    date: dt.date


@dataclass(frozen=True)
class DueWave:
    instrument: str
    wave: str
    date: dt.date
    overdue: bool


def _settings(schedule: Mapping | None) -> tuple[bool, int, int | None]:
    schedule = schedule or {}
    intake = bool(schedule.get("intake", True))
    every = int(schedule.get("every_months", DEFAULT_EVERY_MONTHS))
    if every <= 0 or every % 6:
        raise ValueError(f"every_months must be a positive multiple of 6, not {every}.")
    until = schedule.get("until_months")
    return intake, every, None if until is None else int(until)


def planned_waves(start: dt.date, until: dt.date, schedule: Mapping | None = None) -> list[Wave]:
    """The waves of an enrolment that started on ``start``, dated up to ``until``."""
    intake, every, last = _settings(schedule)
    waves = [Wave("intake", start)] if intake and start <= until else []
    months = every
    while (last is None or months <= last) and len(waves) < MAX_WAVES:
        day = add_months(start, months)
        if day > until:
            break
        waves.append(Wave(f"m{months}", day))
        months += every
    return waves


def due_wave(
    *,
    instrument: str,
    start: dt.date,
    today: dt.date,
    recorded: Iterable[str],
    schedule: Mapping | None = None,
    end: dt.date | None = None,
) -> DueWave | None:
    """The wave of ``instrument`` asked now: the latest whose window has opened (and that lies
    before the enrolment's ``end``, if any), unless it is among the ``recorded`` wave codes."""
    until = today + WINDOW_BEFORE
    if end is not None:
        until = min(until, end)
    opened = planned_waves(start, until, schedule)
    if not opened:
        return None
    latest = opened[-1]
    if latest.code in set(recorded):
        return None
    return DueWave(
        instrument=instrument,
        wave=latest.code,
        date=latest.date,
        overdue=today > latest.date + WINDOW_AFTER,
    )


def due_waves(
    *,
    start: dt.date,
    today: dt.date,
    schedules: Mapping[str, Mapping | None],
    recorded: Iterable[tuple[str, str]],
    end: dt.date | None = None,
) -> list[DueWave]:
    """For each instrument (code: its schedule or None) the wave asked now, if any; ``recorded``
    holds the (instrument, wave) pairs already measured in this enrolment."""
    done: dict[str, set[str]] = {}
    for instrument, wave in recorded:
        done.setdefault(instrument, set()).add(wave)
    result = []
    for code, schedule in schedules.items():
        wave = due_wave(
            instrument=code,
            start=start,
            today=today,
            recorded=done.get(code, ()),
            schedule=schedule,
            end=end,
        )
        if wave is not None:
            result.append(wave)
    return result


def wave_label(code: str) -> str:
    """The wave's name in the page's language: Intake, 6 maanden, ..."""
    from django.utils.translation import gettext as _

    if code == "intake":
        return _("Intake")
    if code == "exit":
        return _("Uitstroom")
    if code == "follow_up":
        return _("Nameting")
    return _("%(m)s maanden") % {"m": code[1:]}
