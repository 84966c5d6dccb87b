"""Load the plan's monitor (``monitoring.plan``): indicators, their baseline figures of 2021,
the goal tree and its proposed targets. Idempotent: what exists is left as the office has
edited it; only what is missing is added."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from monitoring import plan
from monitoring.models import BASE_YEAR, Indicator, IndicatorValue, Node, Target
from monitoring.services.base import require_office, save
from monitoring.services.tree import create_indicator, create_node, set_target

PLAN_PUBLISHED = dt.date(2022, 6, 1)


@transaction.atomic
def load_plan(*, actor) -> None:
    require_office(actor)
    _indicators(actor)
    _tree(actor)


def _indicators(actor) -> None:
    existing = set(Indicator.objects.values_list("code", flat=True))
    position = 0
    for code, name_nl, name_en, unit, better, source, baseline in plan.INDICATORS:
        position += 1
        if code not in existing:
            indicator = create_indicator(
                actor=actor,
                code=code,
                name_nl=name_nl,
                name_en=name_en,
                unit=unit,
                better=better,
                source=source,
                areas=list(plan.COMPARED),
                position=position,
            )
            for area, value in baseline.items():
                save(
                    IndicatorValue(
                        indicator=indicator,
                        area=area,
                        year=BASE_YEAR,
                        value=Decimal(value),
                        source=plan.SOURCE_OF_PLAN,
                        published=PLAN_PUBLISHED,
                    )
                )
    for code, name_nl, name_en, measure in plan.KOERS_INDICATORS:
        position += 1
        if code not in existing:
            create_indicator(
                actor=actor,
                code=code,
                name_nl=name_nl,
                name_en=name_en,
                unit=Indicator.Unit.COUNT,
                better=Indicator.Better.HIGHER,
                source=Indicator.Source.KOERS,
                areas=list(plan.LOCAL),
                koers_measure=measure,
                position=position,
            )


def _tree(actor) -> None:
    nodes = {node.code: node for node in Node.objects.all()}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}

    def node(code, **fields):
        if code not in nodes:
            nodes[code] = create_node(actor=actor, code=code, **fields)
        return nodes[code]

    for position, (code, title, tasks, subgoals, goals) in enumerate(plan.TREE, start=1):
        pillar = node(code, kind=Node.Kind.PILLAR, parent=None, title_nl=title, position=position)
        for index, (task, task_title) in enumerate(tasks, start=1):
            node(
                f"{code}-{task}",
                kind=Node.Kind.TASK,
                parent=pillar,
                title_nl=task_title,
                position=index,
            )
        for index, subgoal in enumerate(subgoals, start=1):
            node(
                f"{code}-{subgoal}",
                kind=Node.Kind.SUBGOAL,
                parent=pillar,
                title_nl=plan.SUBGOALS[subgoal],
                position=10 + index,
            )
        for index, (goal, goal_title, phase, targets) in enumerate(goals, start=1):
            smart = node(
                f"{code}-{goal}",
                kind=Node.Kind.GOAL,
                parent=pillar,
                title_nl=goal_title,
                phase=phase,
                position=20 + index,
            )
            for indicator, value in targets:
                if not Target.objects.filter(goal=smart, indicator=indicators[indicator]).exists():
                    set_target(
                        actor=actor,
                        goal=smart,
                        indicator=indicators[indicator],
                        value=Decimal(value),
                    )
