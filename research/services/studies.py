"""Writes about studies and research groups: request, decide and close a study, register a
group and its members, add a researcher to a study."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.permissions import has_role
from accounts.roles import PRIVACY_OFFICER, RESEARCHER
from casework.models import validate_wave
from casework.registry import programmes as registered_programmes
from casework.services import lock, save
from privacy.models import AccessEvent
from research import catalogue as cat
from research import selectors
from research.models import MIN_K, SENSITIVE_K, ResearchGroup, Study
from research.services.access import log_access, require


def effective_k(variables, requested_k: int) -> int:
    """k of the study, never below 5, and at least 10 with a sensitive variable."""
    floor = SENSITIVE_K if cat.needs_sensitive_k(variables) else MIN_K
    return max(int(requested_k), floor)


def _check_study_input(*, programmes, waves, variables, k, period_start, period_end) -> dict:
    errors: dict[str, list[str]] = {}
    known = set(registered_programmes())
    if not programmes:
        errors["programmes"] = [_("Kies ten minste één programma.")]
    elif set(programmes) - known:
        errors["programmes"] = [_("Onbekend programma.")]
    for wave in waves:
        try:
            validate_wave(wave)
        except ValidationError:
            errors["waves"] = [_("Onbekend peilmoment.")]
    catalogue = cat.catalogue()
    if not variables:
        errors["variables"] = [_("Kies ten minste één variabele uit de catalogus.")]
    elif set(variables) - set(catalogue):
        errors["variables"] = [_("Deze variabele staat niet in de catalogus.")]
    if k is None or int(k) < MIN_K:
        errors["k"] = [_("k moet minstens 5 zijn; een onderzoek mag meer vragen, nooit minder.")]
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = [_("Het einde van de periode ligt voor het begin.")]
    return errors


def request_study(
    *,
    actor,
    code: str,
    title: str,
    principal_investigator: str,
    institution: str,
    ethics_reference: str,
    purpose: str,
    period_start: dt.date,
    period_end: dt.date | None,
    programmes: list[str],
    waves: list[str],
    variables: list[str],
    k: int = MIN_K,
    group: ResearchGroup | None = None,
) -> Study:
    """A researcher of a research group asks for a study for that group; they become its
    researcher (guardian grant)."""
    require(actor, RESEARCHER)
    groups = selectors.member_groups(actor)
    programmes, waves, variables = list(programmes), list(waves), list(dict.fromkeys(variables))
    errors = _check_study_input(
        programmes=programmes,
        waves=waves,
        variables=variables,
        k=k,
        period_start=period_start,
        period_end=period_end,
    )
    if "k" in errors:
        log_access(
            actor,
            f"refused:research_study_request:{code}:k_below_5"[:200],
            AccessEvent.Action.EXPORT,
        )
    if Study.objects.filter(code=code).exists():
        errors["code"] = [_("Er is al een onderzoek met deze code.")]
    if group is None and len(groups) == 1:
        group = groups[0]
    if group is None or group not in groups:
        errors["group"] = [
            _(
                "Kies de onderzoeksgroep van dit onderzoek. Hoort u bij geen groep, vraag de "
                "privacy officer u aan een groep toe te voegen."
            )
        ]
    if errors:
        raise ValidationError(errors)
    study = Study(
        code=code,
        group=group,
        title=title.strip(),
        principal_investigator=principal_investigator.strip(),
        institution=institution.strip(),
        ethics_reference=ethics_reference.strip(),
        purpose=purpose.strip(),
        period_start=period_start,
        period_end=period_end,
        programmes=programmes,
        waves=waves,
        variables=variables,
        k=effective_k(variables, k),
        requested_by=actor,
    )
    with transaction.atomic():
        save(study)
        assign_perm(selectors.ACCESS_PERM, actor, study)
    return study


def decide_study(
    *,
    actor,
    study: Study,
    expected_version: int,
    decision: str,
    approved_variables: list[str] | None = None,
    k: int | None = None,
    note: str = "",
    interval_days: bool = False,
) -> Study:
    """The privacy officer approves, narrows (a subset of the variables, a higher k) or
    refuses a requested study; intervals are in weeks unless days are approved here."""
    require(actor, PRIVACY_OFFICER)
    if decision not in {"approve", "narrow", "refuse"}:
        raise ValidationError({"decision": [_("Kies goedkeuren, beperken of afwijzen.")]})
    note = (note or "").strip()
    with transaction.atomic():
        current = lock(Study, study.pk, expected_version)
        if current.status != Study.Status.REQUESTED:
            raise ValidationError(_("Over dit onderzoek is al besloten."))
        if decision == "refuse":
            if not note:
                raise ValidationError({"note": [_("Geef een toelichting bij de afwijzing.")]})
            current.status = Study.Status.REFUSED
        else:
            variables = list(current.variables)
            if decision == "narrow":
                chosen = list(dict.fromkeys(approved_variables or []))
                if not chosen:
                    raise ValidationError(
                        {"approved_variables": [_("Kies de variabelen die u goedkeurt.")]}
                    )
                if set(chosen) - set(current.variables):
                    raise ValidationError(
                        {
                            "approved_variables": [
                                _("U kunt alleen gevraagde variabelen goedkeuren.")
                            ]
                        }
                    )
                variables = [name for name in current.variables if name in chosen]
            new_k = current.k if k is None else int(k)
            if new_k < current.k:
                raise ValidationError({"k": [_("k mag niet lager worden dan gevraagd.")]})
            current.approved_variables = variables
            current.k = effective_k(variables, new_k)
            current.interval_days = bool(interval_days)
            current.status = Study.Status.APPROVED
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.decision_note = note[:500]
        save(current)
    return current


def close_study(*, actor, study: Study, expected_version: int) -> Study:
    require(actor, PRIVACY_OFFICER)
    with transaction.atomic():
        current = lock(Study, study.pk, expected_version)
        if current.status == Study.Status.CLOSED:
            raise ValidationError(_("Dit onderzoek is al gesloten."))
        current.status = Study.Status.CLOSED
        save(current)
    return current


def create_group(*, actor, name: str, institution: str) -> ResearchGroup:
    """The privacy officer registers a research group (an institution's project team)."""
    require(actor, PRIVACY_OFFICER)
    name, institution = (name or "").strip(), (institution or "").strip()
    if ResearchGroup.objects.filter(name=name).exists():
        raise ValidationError({"name": [_("Er is al een onderzoeksgroep met deze naam.")]})
    group = ResearchGroup(name=name, institution=institution)
    with transaction.atomic():
        save(group)
    return group


def add_group_member(*, actor, group: ResearchGroup, user) -> None:
    """The privacy officer adds a researcher to a group: from now on the researcher may
    hold what the group received, so the group's releases are checked together."""
    require(actor, PRIVACY_OFFICER)
    if not has_role(user, RESEARCHER):
        raise ValidationError({"user": [_("Deze gebruiker is geen onderzoeker.")]})
    with transaction.atomic():
        group.members.add(user)


def add_researcher(*, actor, study: Study, user) -> None:
    """The privacy officer adds a researcher (role researcher) to a study."""
    require(actor, PRIVACY_OFFICER)
    if not has_role(user, RESEARCHER):
        raise ValidationError({"user": [_("Deze gebruiker is geen onderzoeker.")]})
    with transaction.atomic():
        # Whoever works on a study holds what its group holds.
        study.group.members.add(user)
        assign_perm(selectors.ACCESS_PERM, user, study)
