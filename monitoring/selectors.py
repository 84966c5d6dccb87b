"""Reads of the monitor, for the viewer's audience: external values are public statistics;
values Koers computes are read as released for the viewer (exact for the programme office,
the public method for everyone else). One load of a handful of queries serves every page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from monitoring.areas import PROGRAMME_AREA
from monitoring.course import Status, combined, interim_target, status
from monitoring.models import (
    BASE_YEAR,
    MIRROR_YEAR,
    BaselineAdjustment,
    ComputedValue,
    Indicator,
    IndicatorValue,
    MonitorSettings,
    Node,
    Target,
)
from monitoring.tables import KOERS_REACH
from privacy.release import Audience, Scope, audience_for, log_view


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal
    source: str
    updated: date | datetime


@dataclass
class IndicatorCourse:
    """One indicator: its values per area and year, baseline, and course against a target."""

    indicator: Indicator
    series: dict[str, dict[int, Point]]
    adjustment: BaselineAdjustment | None
    tolerance: Decimal

    def value(self, area: str, year: int) -> Decimal | None:
        point = self.series.get(area, {}).get(year)
        return point.value if point else None

    @property
    def measured_baseline(self) -> Decimal | None:
        return self.value(PROGRAMME_AREA, BASE_YEAR)

    @property
    def baseline(self) -> Decimal | None:
        return self.adjustment.value if self.adjustment else self.measured_baseline

    @property
    def mirror(self) -> Decimal | None:
        return self.value(PROGRAMME_AREA, MIRROR_YEAR)

    @property
    def latest(self) -> Point | None:
        points = self.series.get(PROGRAMME_AREA, {})
        return points[max(points)] if points else None

    def latest_in(self, area: str) -> Point | None:
        points = self.series.get(area, {})
        return points[max(points)] if points else None

    @property
    def years(self) -> list[int]:
        return sorted({year for points in self.series.values() for year in points})

    @property
    def updated(self) -> date | datetime | None:
        dates = [p.updated for points in self.series.values() for p in points.values()]
        return max(dates, key=_as_date) if dates else None

    def interim(self, target: Target, year: int) -> Decimal | None:
        if self.baseline is None:
            return None
        return interim_target(
            baseline=self.baseline,
            target=target.value,
            target_year=target.goal.target_year,
            year=year,
        )

    def latest_until(self, year: int) -> Point | None:
        """The programme area's value of ``year``, or the latest before it."""
        points = self.series.get(PROGRAMME_AREA, {})
        years = [y for y in points if y <= year]
        return points[max(years)] if years else None

    def status(self, target: Target, year: int | None = None) -> Status:
        """The course against ``target`` of the latest value (up to ``year``, when given)."""
        latest = self.latest if year is None else self.latest_until(year)
        if latest is None or latest.year <= BASE_YEAR:
            return Status.UNKNOWN
        return status(
            value=latest.value,
            interim=self.interim(target, latest.year),
            baseline=self.baseline,
            target=target.value,
            higher_is_better=self.indicator.better == Indicator.Better.HIGHER,
            tolerance=self.tolerance,
        )


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass
class TargetCourse:
    target: Target
    course: IndicatorCourse

    @cached_property
    def status(self) -> Status:
        return self.course.status(self.target)

    @property
    def interim(self) -> Decimal | None:
        latest = self.course.latest
        return self.course.interim(self.target, latest.year) if latest else None


@dataclass
class NodeCourse:
    node: Node
    children: list[NodeCourse] = field(default_factory=list)
    targets: list[TargetCourse] = field(default_factory=list)

    @cached_property
    def status(self) -> Status:
        return combined(
            [t.status for t in self.targets] + [child.status for child in self.children]
        )


@dataclass
class Monitor:
    audience: Audience
    pillars: list[NodeCourse]
    courses: dict[str, IndicatorCourse]
    settings: MonitorSettings

    def pillar(self, code: str) -> NodeCourse | None:
        return next((p for p in self.pillars if p.node.code == code), None)

    def status_of(self, indicator_code: str) -> Status:
        """The indicator's status against the first goal that targets it."""
        goals = self.goals_of(indicator_code)
        return goals[0][1].status if goals else Status.UNKNOWN

    def goals_of(self, indicator_code: str) -> list[tuple[NodeCourse, TargetCourse]]:
        return [
            (goal, target)
            for pillar in self.pillars
            for goal in pillar.children
            for target in goal.targets
            if target.target.indicator.code == indicator_code
        ]

    @property
    def updated_per_source(self) -> list[tuple[str, date | datetime]]:
        """When each source's figures were last updated."""
        latest: dict[str, date | datetime] = {}
        for course in self.courses.values():
            label = course.indicator.get_source_display()
            updated = course.updated
            if updated and (label not in latest or _as_date(updated) > _as_date(latest[label])):
                latest[label] = updated
        return sorted(latest.items())


def audience_of(user) -> Audience:
    return audience_for(user, Scope.PROGRAMME)


# Monitors built in this process, by audience and watermark: read-only once built, and never
# stale, since the watermark is read from the database on every call (any process may write).
_BUILT: dict[tuple, Monitor] = {}


def forget() -> None:
    """Drop the monitors built in this process (tests: a rolled-back database reuses ids)."""
    _BUILT.clear()


def monitor(user, *, where: str = "monitor") -> Monitor:
    """The whole monitor as ``user`` may see it: built in seven queries whatever its size, and
    reused in this process until one of its sources changes (one query tells). A view of exact
    Koers figures is logged."""
    audience = audience_of(user)
    key = (audience, watermark())
    built = _BUILT.get(key)
    if built is None:
        built = _build(audience)
        if len(_BUILT) >= 8:
            _BUILT.clear()
        _BUILT[key] = built
    if audience is Audience.MANAGEMENT and user is not None and user.is_authenticated:
        log_view(user, [KOERS_REACH], audience=audience, where=where)
    return built


def watermark() -> str:
    """What changes whenever anything the monitor shows changes, read in one query: the newest
    history row of each tracked table (every create, change and delete adds one) and the
    newest computed Koers value (a refresh replaces them all)."""
    from django.db import connection

    # Table names come from the models' own metadata, quoted; nothing from a request.
    quote = connection.ops.quote_name
    tracked = (Node, Indicator, Target, IndicatorValue, BaselineAdjustment, MonitorSettings)
    parts = [
        f"(SELECT MAX(history_id) FROM {quote(model.history.model._meta.db_table)})"  # noqa: S608
        for model in tracked
    ]
    parts.append(f"(SELECT MAX(id) FROM {quote(ComputedValue._meta.db_table)})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return "-".join(str(value) for value in cursor.fetchone())


def _build(audience: Audience) -> Monitor:
    settings = MonitorSettings.objects.first() or MonitorSettings()
    indicators = {i.pk: i for i in Indicator.objects.all()}
    series: dict[int, dict[str, dict[int, Point]]] = defaultdict(lambda: defaultdict(dict))
    for value in IndicatorValue.objects.all():
        series[value.indicator_id][value.area][value.year] = Point(
            value.year, value.value, value.source, value.published
        )
    for value in ComputedValue.objects.filter(audience=audience):
        series[value.indicator_id][value.area][value.year] = Point(
            value.year, value.value, "Koers", value.computed_at
        )
    adjustments = {
        a.indicator_id: a for a in BaselineAdjustment.objects.filter(area=PROGRAMME_AREA)
    }
    courses = {
        indicator.code: IndicatorCourse(
            indicator=indicator,
            series={area: dict(points) for area, points in series[pk].items()},
            adjustment=adjustments.get(pk),
            tolerance=settings.tolerance,
        )
        for pk, indicator in indicators.items()
    }
    pillars = _tree(courses, indicators)
    return Monitor(audience=audience, pillars=pillars, courses=courses, settings=settings)


def _tree(courses: dict[str, IndicatorCourse], indicators: dict) -> list[NodeCourse]:
    nodes = {node.pk: NodeCourse(node) for node in Node.objects.all()}
    for target in Target.objects.all():
        goal = nodes.get(target.goal_id)
        target.goal = goal.node
        target.indicator = indicators[target.indicator_id]
        goal.targets.append(TargetCourse(target, courses[target.indicator.code]))
    roots = []
    for course in nodes.values():
        parent = nodes.get(course.node.parent_id)
        (parent.children if parent else roots).append(course)
    return roots


def open_data(monitor: Monitor) -> list[dict]:
    """Every figure of the monitor as the viewer sees it, with source and update date: the
    open-data download (public figures for the public)."""
    rows = []
    for course in monitor.courses.values():
        for area, points in sorted(course.series.items()):
            for year, point in sorted(points.items()):
                rows.append(
                    {
                        "indicator": course.indicator.code,
                        "name": course.indicator.name_nl,
                        "unit": course.indicator.unit,
                        "area": area,
                        "year": year,
                        "value": point.value,
                        "source": point.source,
                        "updated": _as_date(point.updated).isoformat(),
                    }
                )
    return rows
