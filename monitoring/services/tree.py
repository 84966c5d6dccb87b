"""Writes of the goal tree, the indicators, the targets, the baselines and the tolerance:
each checks the actor, validates, refuses a stale edit and saves with its history."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.measures import MEASURES
from monitoring.models import (
    PHASE_YEARS,
    BaselineAdjustment,
    Indicator,
    MonitorSettings,
    Node,
    Phase,
    Target,
)
from monitoring.services.base import lock, require_office, save

PARENT_KIND = {
    Node.Kind.PILLAR: None,
    Node.Kind.TASK: Node.Kind.PILLAR,
    Node.Kind.SUBGOAL: Node.Kind.PILLAR,
    Node.Kind.GOAL: Node.Kind.PILLAR,
}
NODE_FIELDS = ("title_nl", "title_en", "description", "phase", "target_year", "position")
INDICATOR_FIELDS = (
    "name_nl",
    "name_en",
    "definition",
    "unit",
    "better",
    "source",
    "frequency",
    "areas",
    "koers_measure",
    "position",
)


def _check_node(node: Node) -> None:
    wanted = PARENT_KIND[Node.Kind(node.kind)]
    parent_kind = node.parent.kind if node.parent_id else None
    if parent_kind != wanted:
        raise ValidationError(
            {"parent": [_("Een pijler staat bovenaan; de rest valt onder een pijler.")]}
        )
    if node.kind == Node.Kind.GOAL:
        if not node.phase:
            raise ValidationError({"phase": [_("Een SMART-doel heeft een fase.")]})
        if node.target_year is None:
            node.target_year = PHASE_YEARS[Phase(node.phase)]
    elif node.phase or node.target_year:
        raise ValidationError({"phase": [_("Alleen een SMART-doel heeft een fase en doeljaar.")]})


@transaction.atomic
def create_node(
    *,
    actor,
    code: str,
    kind: str,
    parent: Node | None,
    title_nl: str,
    title_en: str = "",
    description: str = "",
    phase: str = "",
    target_year: int | None = None,
    position: int = 0,
) -> Node:
    require_office(actor)
    node = Node(
        code=code,
        kind=kind,
        parent=parent,
        title_nl=title_nl,
        title_en=title_en,
        description=description,
        phase=phase,
        target_year=target_year,
        position=position,
    )
    _check_node(node)
    save(node)
    return node


@transaction.atomic
def update_node(*, actor, node: Node, version: int, **changes) -> Node:
    """Change a node's texts, phase, year or order; refused when someone saved it meanwhile."""
    require_office(actor)
    return _write(lock(Node, node.pk, version), changes, NODE_FIELDS, check=_check_node)


def _apply(instance, changes: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(instance, name, value)


def _write(instance, changes: dict, allowed: tuple[str, ...], *, check):
    """Set the ``changes`` (editable fields only), run the kind's own ``check`` and save."""
    _apply(instance, changes, allowed)
    check(instance)
    save(instance)
    return instance


def _check_indicator(indicator: Indicator) -> None:
    from monitoring.areas import AREAS

    if not indicator.areas or set(indicator.areas) - set(AREAS):
        raise ValidationError({"areas": [_("Kies een of meer bekende gebieden.")]})
    if indicator.koers_measure and indicator.koers_measure not in MEASURES:
        raise ValidationError({"koers_measure": [_("Onbekende Koers-maat.")]})
    if (indicator.source == Indicator.Source.KOERS) != bool(indicator.koers_measure):
        raise ValidationError(
            {
                "koers_measure": [
                    _("Een indicator met bron Koers heeft een Koers-maat, en andersom.")
                ]
            }
        )


@transaction.atomic
def create_indicator(*, actor, code: str, **fields) -> Indicator:
    require_office(actor)
    return _write(Indicator(code=code), fields, INDICATOR_FIELDS, check=_check_indicator)


@transaction.atomic
def update_indicator(*, actor, indicator: Indicator, version: int, **changes) -> Indicator:
    require_office(actor)
    current = lock(Indicator, indicator.pk, version)
    return _write(current, changes, INDICATOR_FIELDS, check=_check_indicator)


def _current_or_new(model, version: int | None, **lookup):
    """The row matching ``lookup``, locked and refused when stale (``version`` None: whatever
    version it has now), or a new unsaved one when there is none yet."""
    existing = model.objects.filter(**lookup).first()
    if existing is None:
        return model(**lookup)
    return lock(model, existing.pk, existing.version if version is None else version)


@transaction.atomic
def set_target(
    *, actor, goal: Node, indicator: Indicator, value: Decimal, version: int | None = None
) -> Target:
    """The goal's target for an indicator: created, or changed when ``version`` is current."""
    require_office(actor)
    if goal.kind != Node.Kind.GOAL:
        raise ValidationError({"goal": [_("Alleen een SMART-doel heeft streefwaarden.")]})
    target = _current_or_new(Target, version, goal=goal, indicator=indicator)
    target.value = value
    save(target)
    return target


@transaction.atomic
def adjust_baseline(
    *, actor, indicator: Indicator, area: str, value: Decimal, reason: str, version: int | None
) -> BaselineAdjustment:
    """Set the 2021 baseline of an indicator in an area to ``value``, with the reason; the
    history keeps every earlier adjustment."""
    require_office(actor)
    if not reason.strip():
        raise ValidationError({"reason": [_("Geef de reden van de bijstelling.")]})
    adjustment = _current_or_new(BaselineAdjustment, version, indicator=indicator, area=area)
    adjustment.value, adjustment.reason = value, reason.strip()
    save(adjustment)
    return adjustment


def current_settings() -> MonitorSettings:
    return MonitorSettings.objects.first() or MonitorSettings()


@transaction.atomic
def set_tolerance(*, actor, tolerance: Decimal, version: int) -> MonitorSettings:
    require_office(actor)
    settings = _current_or_new(MonitorSettings, version)
    settings.tolerance = tolerance
    save(settings)
    return settings
