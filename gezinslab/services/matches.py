"""Writes of Buurtgezinnen matches between a support family and a household asking for support."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casework import services as core
from casework.models import Household
from casework.validation import check_text
from gezinslab.models import (
    SupportFamily,
    SupportMatch,
)
from gezinslab.services.base import (
    MATCH_MEASURE,
    _household_enrolments,
    _household_key,
    _raise,
    _require_household,
    _require_team,
    _seal,
)
from gezinslab.services.support_families import _active_matches


def _check_period(start_date: dt.date | None, end_date: dt.date | None, errors: dict) -> None:
    """A match starts on a date and, when it has an end, does not end before it starts."""
    if start_date is None:
        errors.setdefault("start_date", []).append(_("Dit veld is verplicht."))
    elif end_date is not None and end_date < start_date:
        errors.setdefault("end_date", []).append(_("De einddatum ligt voor de startdatum."))


def start_match(
    *,
    actor: User,
    support_family: SupportFamily,
    household: Household,
    start_date: dt.date,
    rhythm: str,
    end_date: dt.date | None = None,
) -> SupportMatch:
    """Match a support family with a household that asks for support (a household with an
    active Buurtgezinnen enrolment of the team). Refuses a family matched with itself, an end
    before the start, an inactive or full support family."""
    _require_team(actor, support_family.team_id)
    _require_household(actor, household.pk)
    errors: dict[str, list[str]] = {}
    if not _household_enrolments(household.pk, support_family.team_id, "buurtgezinnen").exists():
        errors.setdefault("household", []).append(
            _("Dit gezin heeft geen lopende inschrijving bij Buurtgezinnen van dit team.")
        )
    if support_family.household_id and support_family.household_id == household.pk:
        errors.setdefault("household", []).append(
            _("Een gezin kan niet aan zichzelf worden gekoppeld.")
        )
    if rhythm not in SupportMatch.Rhythm.values:
        errors.setdefault("rhythm", []).append(_("Kies een contactritme."))
    _check_period(start_date, end_date, errors)
    _raise(errors)
    with transaction.atomic():
        family = SupportFamily.objects.select_for_update().get(pk=support_family.pk)
        if not family.active:
            raise ValidationError({"support_family": [_("Dit steungezin is niet actief.")]})
        if _active_matches(family.pk, on=start_date).count() >= family.max_families:
            raise ValidationError(
                {
                    "support_family": [
                        _("Dit steungezin steunt al het afgesproken aantal gezinnen (vol).")
                    ]
                }
            )
        if (
            SupportMatch.objects.filter(support_family=family, household=household)
            .filter(end_date__isnull=True)
            .exists()
        ):
            raise ValidationError(
                {"household": [_("Dit steungezin en dit gezin zijn al aan elkaar gekoppeld.")]}
            )
        match = SupportMatch(
            support_family=family,
            household=household,
            team_id=family.team_id,
            start_date=start_date,
            end_date=end_date,
            rhythm=rhythm,
        )
        core.save(match)
        _record_match_active(actor=actor, match=match, value=True, on=start_date)
    return match


def update_match(
    *,
    actor: User,
    match: SupportMatch,
    expected_version: int,
    start_date: dt.date,
    rhythm: str,
    end_date: dt.date | None = None,
    evaluation: str = "",
    outcome: str = "",
) -> SupportMatch:
    """Change rhythm or dates, end the match, and record its evaluation."""
    _require_team(actor, match.team_id)
    _require_household(actor, match.household_id)
    errors: dict[str, list[str]] = {}
    try:
        evaluation = check_text(evaluation, field_name="evaluation", required=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if rhythm not in SupportMatch.Rhythm.values:
        errors.setdefault("rhythm", []).append(_("Kies een contactritme."))
    if outcome not in SupportMatch.Outcome.values:
        errors.setdefault("outcome", []).append(_("Onbekende uitkomst."))
    _check_period(start_date, end_date, errors)
    if outcome and end_date is None and not evaluation:
        errors.setdefault("evaluation", []).append(_("Schrijf de evaluatie bij de uitkomst."))
    _raise(errors)
    with transaction.atomic():
        current = core.lock(SupportMatch, match.pk, expected_version)
        was_ended = current.end_date is not None
        if was_ended and end_date is None:
            family = SupportFamily.objects.select_for_update().get(pk=current.support_family_id)
            running = _active_matches(family.pk).exclude(pk=current.pk).count()
            if not family.active or running >= family.max_families:
                raise ValidationError(
                    {
                        "end_date": [
                            _(
                                "Het steungezin is niet actief of vol; de koppeling blijft beëindigd."
                            )
                        ]
                    }
                )
        current.start_date = start_date
        current.end_date = end_date
        current.rhythm = rhythm
        current.outcome = outcome
        current.evaluation = _seal(
            _household_key(current.household_id), SupportMatch, "evaluation", current.pk, evaluation
        )
        core.save(current)
        if end_date is not None and not was_ended:
            _record_match_active(
                actor=actor, match=current, value=False, on=min(end_date, timezone.localdate())
            )
        elif end_date is None and was_ended:
            _record_match_active(actor=actor, match=current, value=True)
    return current


def _record_match_active(*, actor: User, match: SupportMatch, value: bool, on=None) -> None:
    day = min(on or timezone.localdate(), timezone.localdate())
    for enrolment in _household_enrolments(match.household_id, match.team_id, "buurtgezinnen"):
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=MATCH_MEASURE,
            date=day,
            value=value,
            source=f"gezinslab.SupportMatch:{match.pk}",
            check_scope=False,  # the actor's scope on the match was checked above
        )
