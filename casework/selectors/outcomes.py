"""Outcome measures and values: definitions, the latest values, and what a role may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import get_language, gettext

from accounts.models import User
from casework import permissions
from casework.models import OutcomeMeasure, OutcomeValue
from casework.money import format_euro
from casework.selectors.scope import visible_enrolments


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class OutcomeView:
    measure: OutcomeMeasure
    date: dt.date
    value: object
    display: str


def outcome_display(value: OutcomeValue, language: str) -> str:
    measure = value.measure
    raw = value.value
    if measure.kind == OutcomeMeasure.Kind.CHOICE:
        return measure.choice_label(raw, language)
    if measure.kind == OutcomeMeasure.Kind.BOOLEAN:
        return gettext("ja") if raw else gettext("nee")
    if measure.kind == OutcomeMeasure.Kind.MONEY:
        return format_euro(raw, language=language)
    return f"{raw}".replace(".", ",") + (f" {measure.unit}" if measure.unit else "")


def outcome_view(value: OutcomeValue, language: str) -> OutcomeView:
    """The value as the file shows it, with its display text in ``language``."""
    return OutcomeView(
        measure=value.measure,
        date=value.date,
        value=value.value,
        display=outcome_display(value, language),
    )


def latest_outcomes(
    participant_id, programme_ids, *, enrolment_ids=None
) -> dict[int | None, list[OutcomeView]]:
    """Per programme id, the latest value of each of its measures for the participant (one
    query), from the given enrolments only when ``enrolment_ids`` is given. The caller has
    decided that the user may see these programmes' parts (of these enrolments)."""
    language = "en" if get_language() == "en" else "nl"
    latest: dict[int, OutcomeValue] = {}
    values = OutcomeValue.objects.filter(participant_id=participant_id).filter(
        Q(measure__programme_id__in=programme_ids) | Q(measure__programme__isnull=True)
    )
    if enrolment_ids is not None:
        values = values.filter(enrolment_id__in=enrolment_ids)
    for value in values.select_related("measure").order_by("date", "recorded_at"):
        latest[value.measure_id] = value
    result: dict[int | None, list[OutcomeView]] = defaultdict(list)
    for value in sorted(latest.values(), key=lambda v: v.measure.code):
        result[value.measure.programme_id].append(outcome_view(value, language))
    return result


def measure_definitions() -> QuerySet[OutcomeMeasure]:
    """Every outcome measure (reference data, no personal data)."""
    return OutcomeMeasure.objects.select_related("programme").order_by("code")


def programmes_withheld_from(user: User) -> list[str]:
    """Codes of the programmes whose part the user may not see at all because of their role
    (``ProgrammeSpec.peer_experts_see_part``: a peer expert sees no debts)."""
    from casework.registry import programmes

    if not permissions.is_peer_expert_only(user):
        return []
    return [code for code, spec in programmes().items() if not spec.peer_experts_see_part]


def visible_outcome_values(user: User) -> QuerySet[OutcomeValue]:
    """Outcome values of the user's own teams' enrolments, in the user's caseload, without the
    measures of a programme whose part the user's role may not see (same rule as the file)."""
    values = OutcomeValue.objects.filter(enrolment__in=visible_enrolments(user))
    withheld = programmes_withheld_from(user)
    if withheld:
        values = values.exclude(measure__programme__code__in=withheld)
    return values.select_related("measure", "enrolment__programme")
