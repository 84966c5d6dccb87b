"""A line chart of an indicator over the years, drawn server-side as SVG (no script, no
inline style): the programme area's values, the city and the G40, the baseline and the line
of interim targets. The page shows the table of the same figures beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from monitoring.areas import CITY, G40, PROGRAMME_AREA, label
from monitoring.models import BASE_YEAR

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 40


@dataclass(frozen=True)
class Line:
    css: str
    label: str
    points: str  # "x,y x,y ..."
    dots: list[tuple[int, int, str]]


def _scale(values: list[Decimal]) -> tuple[Decimal, Decimal]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) / 10
    return max(low - pad, Decimal(0)) if low >= 0 else low - pad, high + pad


def _years(course, interim_years: list[int]) -> list[int]:
    years = set(course.years) | set(interim_years)
    return list(range(min(years), max(years) + 1)) if years else []


def _axes(years, low, high):
    span_x = max(len(years) - 1, 1)

    def x(year: int) -> int:
        return LEFT + round((year - years[0]) / span_x * (WIDTH - LEFT - RIGHT))

    def y(value: Decimal) -> int:
        return TOP + round(float((high - value) / (high - low)) * (HEIGHT - TOP - BOTTOM))

    return x, y


def _ticks(low: Decimal, high: Decimal, y) -> list[tuple[int, str]]:
    step = (high - low) / 4
    return [(y(low + step * i), f"{low + step * i:.1f}") for i in range(5)]


def line_chart(course, target=None) -> dict | None:
    """The chart's parts for ``monitoring/_line_chart.html``, or None without any value."""
    interim = _interim_points(course, target)
    years = _years(course, [year for year, _v in interim])
    values = [p.value for pts in course.series.values() for p in pts.values()]
    values += [v for _y, v in interim]
    if not years or not values:
        return None
    low, high = _scale(values)
    x, y = _axes(years, low, high)
    lines = [
        _line(course, area, css, x, y)
        for area, css in ((PROGRAMME_AREA, "main"), (CITY, "city"), (G40, "g40"))
    ]
    lines = [line for line in lines if line is not None]
    if interim:
        lines.append(
            Line(
                "interim",
                "tussendoel",
                " ".join(f"{x(year)},{y(value)}" for year, value in interim),
                [],
            )
        )
    baseline = course.baseline
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "lines": lines,
        "baseline_y": y(baseline) if baseline is not None else None,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "x_labels": [(x(year), year) for year in years],
        "y_ticks": _ticks(low, high, y),
        "label_y": HEIGHT - BOTTOM + 20,
    }


def _line(course, area: str, css: str, x, y) -> Line | None:
    points = sorted(course.series.get(area, {}).values(), key=lambda p: p.year)
    if not points:
        return None
    coordinates = [(x(p.year), y(p.value), f"{label(area)} {p.year}: {p.value}") for p in points]
    return Line(css, label(area), " ".join(f"{cx},{cy}" for cx, cy, _t in coordinates), coordinates)


def _interim_points(course, target) -> list[tuple[int, Decimal]]:
    if target is None or course.baseline is None:
        return []
    last = max([*course.years, BASE_YEAR + 1])
    end = min(target.goal.target_year, max(last, BASE_YEAR + 1))
    return [(year, course.interim(target, year)) for year in range(BASE_YEAR, end + 1)]
