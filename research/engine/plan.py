"""What an export is asked (the plan) and what it returns (the result), and its two stops."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from privacy import anonymity as an
from research import catalogue as cat
from research.models import L_DIVERSITY


class Cancelled(Exception):
    """The export was cancelled while it ran."""


class ReleaseRefused(Exception):
    """What would be written does not hold k; nothing is released."""


@dataclass
class Plan:
    study_code: str
    programmes: list[str]
    waves: set[str] | None
    start: dt.date | None
    end: dt.date | None
    variables: list[cat.Variable]
    k: int
    on_date: dt.date
    export_id: str = ""
    fmt: str = "csv"
    l: int = L_DIVERSITY  # noqa: E741 (the l of l-diversity)
    days: bool = False  # intervals in days (approved with the study) instead of weeks
    floor: dict[str, int] = field(default_factory=dict)  # what the group already holds
    held_sensitive: list[cat.Variable] = field(default_factory=list)
    held_programmes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # the study, for README and study.json

    @property
    def names(self) -> set[str]:
        return {v.name for v in self.variables}

    @property
    def quasi_identifiers(self) -> list[str]:
        return [name for name in an.NAMES if name in self.names]

    @property
    def sensitive(self) -> list[cat.Variable]:
        return [v for v in self.variables if v.sensitive]

    @property
    def history_programmes(self) -> list[str]:
        """The programmes whose history counts: this study's and those the group holds."""
        return sorted({*self.programmes, *self.held_programmes})

    @property
    def intervals(self) -> str:
        return "days" if self.days else "weeks"


@dataclass
class Result:
    files: list[Path]
    manifest: dict
    report: dict
    participants: int
