"""The three-to-five-yearly review: the whole monitor of a chosen year, per pillar the goals,
indicators, baseline, interim target, value and status, as PDF and XLSX."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from monitoring.course import Status
from monitoring.models import Node
from monitoring.selectors import Monitor


@dataclass(frozen=True)
class ReviewRow:
    pillar: str
    goal: str
    phase: str
    indicator: str
    baseline: Decimal | None
    target: Decimal
    target_year: int
    interim: Decimal | None
    value: Decimal | None
    status: Status


def rows(monitor: Monitor, year: int) -> Iterator[ReviewRow]:
    """One row per goal and indicator, with the value of ``year`` (or the latest before it)."""
    for pillar in monitor.pillars:
        for goal in pillar.children:
            if goal.node.kind != Node.Kind.GOAL:
                continue
            for target_course in goal.targets:
                yield _row(pillar, goal, target_course, year)


def _row(pillar, goal, target_course, year: int) -> ReviewRow:
    course, target = target_course.course, target_course.target
    point = course.latest_until(year)
    return ReviewRow(
        pillar=pillar.node.title_nl,
        goal=goal.node.title_nl,
        phase=goal.node.phase,
        indicator=course.indicator.name_nl,
        baseline=course.baseline,
        target=target.value,
        target_year=goal.node.target_year,
        interim=course.interim(target, year),
        value=point.value if point else None,
        status=course.status(target, year),
    )


HEADER = (
    "Pijler",
    "SMART-doel",
    "Fase",
    "Indicator",
    "Nulmeting 2021",
    "Tussendoel",
    "Waarde",
    "Status",
    "Streefwaarde",
    "Doeljaar",
)


def _values(row: ReviewRow) -> list:
    return [
        row.pillar,
        row.goal,
        row.phase,
        row.indicator,
        row.baseline,
        row.interim,
        row.value,
        row.status.label,
        row.target,
        row.target_year,
    ]


def review_xlsx(monitor: Monitor, year: int) -> bytes:
    from openpyxl import Workbook

    from privacy.spreadsheet import xlsx_row

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Evaluatie %(year)s") % {"year": year})
    sheet.append(xlsx_row(sheet, HEADER))
    for row in rows(monitor, year):
        sheet.append(xlsx_row(sheet, _values(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def review_pdf(monitor: Monitor, year: int) -> bytes:
    from privacy.report import render_pdf

    html = render_to_string(
        "monitoring/review_pdf.html",
        {"year": year, "rows": list(rows(monitor, year)), "header": HEADER},
    )
    return render_pdf(html)
