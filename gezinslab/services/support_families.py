"""Writes of Buurtgezinnen support families (volunteer families with their own data key)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Team, User
from casework import services as core
from casework.models import Household
from casework.selectors import visible_households
from casework.validation import check_text
from gezinslab.models import (
    SupportFamily,
    SupportMatch,
)
from gezinslab.services.base import _raise, _require_team, _seal
from privacy.services import create_data_key


def _check_support_family(*, name, contact, wijk, max_families, household, actor, errors):
    texts = []
    for field, value, required in (("name", name, True), ("contact", contact, False)):
        try:
            texts.append(check_text(value, field_name=field, max_length=300, required=required))
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.message_dict[field])
            texts.append("")
    from casework.models import Wijk

    if wijk and wijk not in Wijk.values:
        errors.setdefault("wijk", []).append(_("Onbekende wijk."))
    if max_families is None or not 1 <= int(max_families) <= 5:
        errors.setdefault("max_families", []).append(
            _("Een steungezin steunt 1 tot en met 5 gezinnen.")
        )
    if household is not None and not visible_households(actor).filter(pk=household.pk).exists():
        errors.setdefault("household", []).append(_("Dit huishouden is niet in uw caseload."))
    return texts


def add_support_family(
    *,
    actor: User,
    team: Team,
    name: str,
    contact: str = "",
    wijk: str = "",
    household: Household | None = None,
    max_families: int = 1,
    active: bool = True,
) -> SupportFamily:
    """Register a volunteer support family (its own data key, name and contact sealed)."""
    _require_team(actor, team.pk)
    errors: dict[str, list[str]] = {}
    name, contact = _check_support_family(
        name=name,
        contact=contact,
        wijk=wijk,
        max_families=max_families,
        household=household,
        actor=actor,
        errors=errors,
    )
    _raise(errors)
    with transaction.atomic():
        family = SupportFamily(
            data_key=create_data_key(),
            team=team,
            wijk=wijk,
            household=household,
            max_families=max_families,
            active=active,
        )
        family.name = _seal(family.data_key, SupportFamily, "name", family.pk, name)
        family.contact = _seal(family.data_key, SupportFamily, "contact", family.pk, contact)
        core.save(family)
    return family


def update_support_family(
    *,
    actor: User,
    family: SupportFamily,
    expected_version: int,
    name: str,
    contact: str = "",
    wijk: str = "",
    household: Household | None = None,
    max_families: int = 1,
    active: bool = True,
) -> SupportFamily:
    _require_team(actor, family.team_id)
    errors: dict[str, list[str]] = {}
    if household is not None and household.pk == family.household_id:
        household_to_check = None  # unchanged: it may have left the caseload since
    else:
        household_to_check = household
    name, contact = _check_support_family(
        name=name,
        contact=contact,
        wijk=wijk,
        max_families=max_families,
        household=household_to_check,
        actor=actor,
        errors=errors,
    )
    if max_families is not None and not errors.get("max_families"):
        running = _active_matches(family.pk).count()
        if running > int(max_families):
            errors.setdefault("max_families", []).append(
                _("Dit steungezin heeft al meer lopende koppelingen dan dit aantal.")
            )
    _raise(errors)
    with transaction.atomic():
        current = core.lock(SupportFamily, family.pk, expected_version)
        key = SupportFamily.objects.select_related("data_key").get(pk=current.pk).data_key
        current.name = _seal(key, SupportFamily, "name", current.pk, name)
        current.contact = _seal(key, SupportFamily, "contact", current.pk, contact)
        current.wijk = wijk
        current.household = household
        current.max_families = max_families
        current.active = active
        core.save(current)
    return current


def _active_matches(support_family_id, *, on: dt.date | None = None):
    on = on or timezone.localdate()
    from django.db.models import Q

    return SupportMatch.objects.filter(support_family_id=support_family_id).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
