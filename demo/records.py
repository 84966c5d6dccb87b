"""Two years of casework per demo enrolment: plan, goals, progress notes and measurements."""

from __future__ import annotations

import datetime as dt
import random

from casework import services
from casework.instruments import LIFE_DOMAINS, PG_DIMENSIONS
from casework.models import Enrolment, Goal, Instrument, ProgressEntry
from demo.accounts import PROGRAMME_TEAM, Staff
from demo.content import GOALS, NOTES, PLAN_SUMMARIES, WAVES
from demo.people import Person


class CaseRecords:
    """Writes each enrolment's casework, drawing from the shared random stream."""

    def __init__(
        self,
        *,
        staff: Staff,
        rng: random.Random,
        anchor: dt.date,
        instruments: dict[str, Instrument],
    ) -> None:
        self.staff = staff
        self.rng = rng
        self.anchor = anchor
        self.instruments = instruments

    def write(self, person: Person) -> None:
        """Every enrolment of ``person``: plan, goals, progress and measurements (ZRM and
        Positieve Gezondheid for the first enrolment only)."""
        for number, enrolment in enumerate(person.enrolments):
            team_code = PROGRAMME_TEAM[enrolment.programme.code]
            goals = self._plan_and_goals(enrolment, self.staff.actor_for(team_code))
            self._progress(enrolment, team_code)
            self._measurements(person, enrolment, goals, full=number == 0)

    def _plan_and_goals(self, enrolment: Enrolment, actor) -> list[tuple[Goal, str]]:
        programme = enrolment.programme.code
        plan = enrolment.plan
        services.save_plan_summary(
            actor=actor,
            plan=plan,
            expected_version=plan.version,
            summary=PLAN_SUMMARIES[programme],
        )
        goal_pool = GOALS[programme]
        return [
            (
                services.add_goal(
                    actor=actor,
                    enrolment=enrolment,
                    text=text,
                    life_domain=domain,
                    created_on=enrolment.start_date + dt.timedelta(days=14),
                ),
                text,
            )
            for text, domain in self.rng.sample(
                goal_pool, k=self.rng.randint(1, min(3, len(goal_pool)))
            )
        ]

    def _progress(self, enrolment: Enrolment, team_code: str) -> None:
        """Notes every four to nine weeks, some by the peer expert or the team lead."""
        rng = self.rng
        notes = NOTES[enrolment.programme.code]
        end = min(enrolment.start_date + dt.timedelta(days=730), self.anchor)
        day = enrolment.start_date + dt.timedelta(days=rng.randint(2, 10))
        position = 0
        while day <= end:
            kind, note = notes[position % len(notes)]
            author = self.staff.actor_for(team_code)
            if team_code == "glb" and kind in {"home_visit", "contact"} and rng.random() < 0.5:
                author = self.staff.users["ervaringsdeskundige"]
            elif team_code == "glb" and kind == "meeting" and rng.random() < 0.3:
                author = self.staff.users["teamleider"]
            services.log_progress(
                actor=author,
                enrolment=enrolment,
                date=day,
                kind=ProgressEntry.Kind(kind),
                note=note,
            )
            position += 1
            day += dt.timedelta(days=rng.randint(28, 63))

    def _first_scores(self, goals: list[tuple[Goal, str]]) -> tuple[dict, dict, dict]:
        """ZRM, Positieve Gezondheid and goal attainment scores at intake."""
        rng = self.rng
        zrm = {code: rng.choices([1, 2, 3, 4, 5], [2, 4, 4, 3, 1])[0] for code, *_ in LIFE_DOMAINS}
        zrm["justitie"] = rng.choice([4, 5, 5, 5])
        zrm["middelengebruik"] = rng.choice([3, 4, 5, 5])
        health = {code: rng.randint(3, 6) for code, *_ in PG_DIMENSIONS}
        attainment = {str(goal.pk): rng.randint(1, 3) for goal, _text in goals}
        return zrm, health, attainment

    def _measurements(
        self, person: Person, enrolment: Enrolment, goals: list[tuple[Goal, str]], *, full: bool
    ) -> None:
        """ZRM (16+) and Positieve Gezondheid for the first enrolment, goal attainment for
        every enrolment, at intake and every six months; scores improve over time."""
        rng = self.rng
        actor = self.staff.actor_for_programme(enrolment.programme.code)
        zrm, health, attainment = self._first_scores(goals)
        for wave, offset in WAVES:
            date = enrolment.start_date + dt.timedelta(days=offset)
            if date > self.anchor:
                break
            measured = [
                ("zrm", zrm if full and person.age >= 16 else None),
                ("positieve_gezondheid", health if full else None),
                ("goal_attainment", attainment or None),
            ]
            for instrument, values in measured:
                if values is not None:
                    services.record_measurement(
                        actor=actor,
                        enrolment=enrolment,
                        instrument=self.instruments[instrument],
                        wave=wave,
                        date=date,
                        values=values,
                    )
            zrm = {k: _step(rng, v, 1, 5, up=0.35, down=0.05) for k, v in zrm.items()}
            health = {k: _step(rng, v, 0, 10, up=0.5, down=0.1, most=2) for k, v in health.items()}
            attainment = {
                k: _step(rng, v, 0, 10, up=0.65, down=0.05, most=2) for k, v in attainment.items()
            }
        _mark_reached_goals(actor, goals, attainment)


def _mark_reached_goals(actor, goals: list[tuple[Goal, str]], attainment: dict) -> None:
    """Goals the participant now feels they have reached are marked achieved."""
    for goal, text in goals:
        if attainment[str(goal.pk)] >= 9:
            services.update_goal(
                actor=actor,
                goal=goal,
                expected_version=goal.version,
                text=text,
                status=Goal.Status.ACHIEVED,
                life_domain=goal.life_domain,
            )


def _step(
    rng: random.Random, value: int, low: int, high: int, *, up: float, down: float, most: int = 1
) -> int:
    roll = rng.random()
    if roll < up:
        value += rng.randint(1, most)
    elif roll > 1 - down:
        value -= 1
    return max(low, min(high, value))
