"""Writes of Gezinslab and Buurtgezinnen. Keyword-only, scope check first, free text sealed
under the household's (or support family's) data key, full_clean and save in one transaction;
editable records are saved only when the version read is still current.

Scope: the actor has a file role and is a member of the record's team, and the household is
visible to the actor (a current member in the actor's caseload). Peer experts may do
everything here: no BSN is involved.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Team, TeamMembership, User
from accounts.permissions import user_roles
from accounts.roles import CASEWORKER, PEER_EXPERT, TEAM_LEAD
from casework import permissions
from casework import services as core
from casework.instruments import LIFE_DOMAINS
from casework.models import Enrolment, Household, HouseholdMembership
from casework.selectors import visible_households
from casework.validation import check_text
from gezinslab.models import (
    Barrier,
    Breakthrough,
    FamilyGoal,
    FamilyTrajectory,
    SupportFamily,
    SupportMatch,
    SystemOrganisation,
)
from privacy.crypto import Cipher
from privacy.services import create_data_key

LIFE_DOMAIN_CODES = {code for code, _nl, _en in LIFE_DOMAINS}
GOALS_MEASURE = "gezinslab_family_goals_achieved"
MATCH_MEASURE = "buurtgezinnen_match_active"
PLAN_TARGET_PAIRS = 20


# --- scope --------------------------------------------------------------------------------


def _require_team(actor: User, team_id) -> None:
    if not permissions.has_file_access(actor):
        raise PermissionDenied
    if not TeamMembership.objects.filter(user=actor, team_id=team_id, team__active=True).exists():
        raise PermissionDenied


def _require_household(actor: User, household_id) -> None:
    if not visible_households(actor).filter(pk=household_id).exists():
        raise PermissionDenied


def _require_trajectory_scope(actor: User, trajectory: FamilyTrajectory) -> None:
    _require_team(actor, trajectory.team_id)
    _require_household(actor, trajectory.household_id)


def _household_enrolments(household_id, team_id, programme: str):
    """Active enrolments in ``programme`` of the team, of current members of the household."""
    members = HouseholdMembership.objects.filter(
        household_id=household_id, end_date__isnull=True
    ).values("participant_id")
    return Enrolment.objects.filter(
        participant_id__in=members,
        team_id=team_id,
        programme__code=programme,
        status=Enrolment.Status.ACTIVE,
        participant__erased_at__isnull=True,
    )


def programme_team(actor: User, household: Household, programme: str) -> Team:
    """The actor's team that works with the household in the programme (an active enrolment of
    a current member); refused when there is none."""
    members = HouseholdMembership.objects.filter(
        household_id=household.pk, end_date__isnull=True
    ).values("participant_id")
    team = (
        Team.objects.filter(
            active=True,
            memberships__user=actor,
            enrolments__participant_id__in=members,
            enrolments__programme__code=programme,
            enrolments__status=Enrolment.Status.ACTIVE,
        )
        .order_by("code")
        .first()
    )
    if team is None:
        raise ValidationError(
            {
                "household": [
                    _(
                        "Dit huishouden heeft geen lopende inschrijving in dit programma bij uw team."
                    )
                ]
            }
        )
    return team


def _seal(datakey, model, column: str, row_pk, text: str):
    return Cipher().seal(datakey=datakey, model=model, column=column, row_pk=row_pk, plaintext=text)


def _household_key(household_id):
    return Household.objects.select_related("data_key").get(pk=household_id).data_key


def _not_future(day: dt.date, field: str, errors: dict) -> None:
    if day and day > timezone.localdate():
        errors.setdefault(field, []).append(_("De datum ligt in de toekomst."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- trajectories -------------------------------------------------------------------------


def _check_duo(team: Team, professional: User, peer_expert: User, errors: dict) -> None:
    members = set(TeamMembership.objects.filter(team=team).values_list("user_id", flat=True))
    if (
        professional is None
        or professional.pk not in members
        or not (user_roles(professional) & {CASEWORKER, TEAM_LEAD})
    ):
        errors.setdefault("professional", []).append(
            _("Kies een hulpverlener of teamleider van het team.")
        )
    if (
        peer_expert is None
        or peer_expert.pk not in members
        or PEER_EXPERT not in user_roles(peer_expert)
    ):
        errors.setdefault("peer_expert", []).append(_("Kies een ervaringsdeskundige van het team."))
    if professional is not None and peer_expert is not None and professional.pk == peer_expert.pk:
        errors.setdefault("peer_expert", []).append(
            _("Het duo bestaat uit twee verschillende mensen.")
        )


def _check_domains(domains, errors: dict) -> list[str]:
    domains = list(dict.fromkeys(domains or []))
    if any(code not in LIFE_DOMAIN_CODES for code in domains):
        errors.setdefault("life_domains", []).append(_("Onbekend leefgebied."))
    return domains


def start_trajectory(
    *,
    actor: User,
    household: Household,
    professional: User,
    peer_expert: User,
    finding_place: str,
    start_date: dt.date,
    life_domains: list[str] | tuple[str, ...] = (),
    plan_summary: str = "",
) -> FamilyTrajectory:
    """Start a family trajectory of the actor's Gezinslab team on a household."""
    _require_household(actor, household.pk)
    team = programme_team(actor, household, "gezinslab")
    _require_team(actor, team.pk)
    errors: dict[str, list[str]] = {}
    plan_summary = check_text(plan_summary, field_name="plan_summary", required=False)
    domains = _check_domains(life_domains, errors)
    _check_duo(team, professional, peer_expert, errors)
    if start_date is None:
        errors.setdefault("start_date", []).append(_("Dit veld is verplicht."))
    else:
        _not_future(start_date, "start_date", errors)
    if finding_place not in Enrolment.FindingPlace.values:
        errors.setdefault("finding_place", []).append(_("Kies een vindplaats."))
    _raise(errors)
    with transaction.atomic():
        Household.objects.select_for_update().get(pk=household.pk)
        if FamilyTrajectory.objects.filter(
            household=household, status__in=FamilyTrajectory.OPEN_STATUSES
        ).exists():
            raise ValidationError({"household": [_("Dit gezin heeft al een lopend traject.")]})
        trajectory = FamilyTrajectory(
            household=household,
            team=team,
            professional=professional,
            peer_expert=peer_expert,
            finding_place=finding_place,
            start_date=start_date,
            life_domains=domains,
        )
        trajectory.plan_summary = _seal(
            _household_key(household.pk),
            FamilyTrajectory,
            "plan_summary",
            trajectory.pk,
            plan_summary,
        )
        core.save(trajectory)
    return trajectory


def update_trajectory(
    *,
    actor: User,
    trajectory: FamilyTrajectory,
    expected_version: int,
    professional: User,
    peer_expert: User,
    finding_place: str,
    start_date: dt.date,
    end_date: dt.date | None,
    status: str,
    life_domains: list[str] | tuple[str, ...],
    plan_summary: str,
) -> FamilyTrajectory:
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    plan_summary = check_text(plan_summary, field_name="plan_summary", required=False)
    domains = _check_domains(life_domains, errors)
    _check_duo(trajectory.team, professional, peer_expert, errors)
    if status not in FamilyTrajectory.Status.values:
        errors.setdefault("status", []).append(_("Onbekende status."))
    if end_date and start_date and end_date < start_date:
        errors.setdefault("end_date", []).append(_("De einddatum ligt voor de startdatum."))
    if status in (FamilyTrajectory.Status.COMPLETED, FamilyTrajectory.Status.STOPPED) and (
        not end_date
    ):
        errors.setdefault("end_date", []).append(
            _("Een afgerond of gestopt traject heeft een einddatum.")
        )
    _raise(errors)
    with transaction.atomic():
        current = core.lock(FamilyTrajectory, trajectory.pk, expected_version)
        current.professional = professional
        current.peer_expert = peer_expert
        current.finding_place = finding_place
        current.start_date = start_date
        current.end_date = end_date
        current.status = status
        current.life_domains = domains
        current.plan_summary = _seal(
            _household_key(current.household_id),
            FamilyTrajectory,
            "plan_summary",
            current.pk,
            plan_summary,
        )
        core.save(current)
    return current


# --- family goals -------------------------------------------------------------------------


def _check_goal(text: str, life_domain: str, errors: dict) -> str:
    try:
        text = check_text(text, field_name="text", max_length=1000)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if life_domain and life_domain not in LIFE_DOMAIN_CODES:
        errors.setdefault("life_domain", []).append(_("Onbekend leefgebied."))
    return text


def add_family_goal(
    *, actor: User, trajectory: FamilyTrajectory, text: str, life_domain: str = ""
) -> FamilyGoal:
    """Add a goal of the family, in its own words, to the family plan."""
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    text = _check_goal(text, life_domain, errors)
    _raise(errors)
    with transaction.atomic():
        locked = FamilyTrajectory.objects.select_for_update().get(pk=trajectory.pk)
        position = (
            locked.goals.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        goal = FamilyGoal(trajectory=locked, position=position, life_domain=life_domain)
        goal.text = _seal(_household_key(locked.household_id), FamilyGoal, "text", goal.pk, text)
        core.save(goal)
    return goal


def update_family_goal(
    *,
    actor: User,
    goal: FamilyGoal,
    expected_version: int,
    text: str,
    status: str,
    life_domain: str = "",
    on: dt.date | None = None,
) -> FamilyGoal:
    """Change a family goal. When its status changes, the number of achieved goals is recorded
    (outcome measure) for each member with an active Gezinslab enrolment of the team."""
    trajectory = goal.trajectory
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    text = _check_goal(text, life_domain, errors)
    if status not in FamilyGoal.Status.values:
        errors.setdefault("status", []).append(_("Onbekende status."))
    _raise(errors)
    with transaction.atomic():
        current = core.lock(FamilyGoal, goal.pk, expected_version)
        status_changed = current.status != status
        current.text = _seal(
            _household_key(trajectory.household_id), FamilyGoal, "text", current.pk, text
        )
        current.status = status
        current.life_domain = life_domain
        core.save(current)
        if status_changed:
            _record_goals_achieved(actor=actor, trajectory=trajectory, on=on)
    return current


def _record_goals_achieved(*, actor: User, trajectory: FamilyTrajectory, on=None) -> None:
    achieved = trajectory.goals.filter(status=FamilyGoal.Status.ACHIEVED).count()
    for enrolment in _household_enrolments(
        trajectory.household_id, trajectory.team_id, "gezinslab"
    ):
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code=GOALS_MEASURE,
            date=on or timezone.localdate(),
            value=achieved,
            source=f"gezinslab.FamilyTrajectory:{trajectory.pk}",
            check_scope=False,  # the actor's scope on the trajectory was checked above
        )


# --- barriers and breakthroughs -----------------------------------------------------------


def _check_barrier(
    *, organisation, kind, description, since, escalated_to, escalated_on, errors
) -> tuple[str, str]:
    if (
        organisation is None
        or not SystemOrganisation.objects.filter(pk=organisation.pk, active=True).exists()
    ):
        errors.setdefault("organisation", []).append(_("Kies een organisatie uit de lijst."))
    if kind not in Barrier.Kind.values:
        errors.setdefault("kind", []).append(_("Kies een soort knelpunt."))
    texts = []
    for field, value, required in (
        ("description", description, True),
        ("escalated_to", escalated_to, False),
    ):
        try:
            texts.append(check_text(value, field_name=field, max_length=2000, required=required))
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.message_dict[field])
            texts.append("")
    if since is None:
        errors.setdefault("since", []).append(_("Dit veld is verplicht."))
    else:
        _not_future(since, "since", errors)
    if escalated_on is not None:
        _not_future(escalated_on, "escalated_on", errors)
        if since is not None and escalated_on < since:
            errors.setdefault("escalated_on", []).append(
                _("De escalatiedatum ligt voor de datum waarop het speelt.")
            )
        if not texts[1]:
            errors.setdefault("escalated_to", []).append(
                _("Vul in naar wie is geëscaleerd, bij een escalatiedatum.")
            )
    return texts[0], texts[1]


def add_barrier(
    *,
    actor: User,
    trajectory: FamilyTrajectory,
    organisation: SystemOrganisation,
    kind: str,
    description: str,
    since: dt.date,
    escalated_to: str = "",
    escalated_on: dt.date | None = None,
) -> Barrier:
    """Record what in the system blocks the family (a knelpunt)."""
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    description, escalated_to = _check_barrier(
        organisation=organisation,
        kind=kind,
        description=description,
        since=since,
        escalated_to=escalated_to,
        escalated_on=escalated_on,
        errors=errors,
    )
    _raise(errors)
    key = _household_key(trajectory.household_id)
    with transaction.atomic():
        barrier = Barrier(
            trajectory=trajectory,
            organisation=organisation,
            kind=kind,
            since=since,
            escalated_on=escalated_on,
        )
        barrier.description = _seal(key, Barrier, "description", barrier.pk, description)
        barrier.escalated_to = _seal(key, Barrier, "escalated_to", barrier.pk, escalated_to)
        core.save(barrier)
    return barrier


def update_barrier(
    *,
    actor: User,
    barrier: Barrier,
    expected_version: int,
    organisation: SystemOrganisation,
    kind: str,
    description: str,
    since: dt.date,
    escalated_to: str = "",
    escalated_on: dt.date | None = None,
    status: str,
) -> Barrier:
    trajectory = barrier.trajectory
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    description, escalated_to = _check_barrier(
        organisation=organisation,
        kind=kind,
        description=description,
        since=since,
        escalated_to=escalated_to,
        escalated_on=escalated_on,
        errors=errors,
    )
    if status not in Barrier.Status.values:
        errors.setdefault("status", []).append(_("Onbekende status."))
    has_breakthrough = Breakthrough.objects.filter(barrier_id=barrier.pk).exists()
    if status == Barrier.Status.UNBLOCKED and not has_breakthrough:
        errors.setdefault("status", []).append(
            _("Een knelpunt is doorbroken zodra er een doorbraak is vastgelegd.")
        )
    if has_breakthrough and since is not None:
        breakthrough_date = Breakthrough.objects.get(barrier_id=barrier.pk).date
        if breakthrough_date < since:
            errors.setdefault("since", []).append(
                _("De doorbraak ligt voor deze datum; kies een eerdere datum.")
            )
    _raise(errors)
    key = _household_key(trajectory.household_id)
    with transaction.atomic():
        current = core.lock(Barrier, barrier.pk, expected_version)
        current.organisation = organisation
        current.kind = kind
        current.since = since
        current.escalated_on = escalated_on
        current.status = status
        current.description = _seal(key, Barrier, "description", current.pk, description)
        current.escalated_to = _seal(key, Barrier, "escalated_to", current.pk, escalated_to)
        core.save(current)
    return current


def record_breakthrough(
    *,
    actor: User,
    barrier: Barrier,
    expected_version: int,
    how: str,
    date: dt.date,
    needs_system_change: bool = False,
    system_change: str = "",
) -> Breakthrough:
    """Record how a barrier was unblocked (a doorbraak); the barrier becomes unblocked.
    ``expected_version`` is the barrier's version as read."""
    trajectory = barrier.trajectory
    _require_trajectory_scope(actor, trajectory)
    errors: dict[str, list[str]] = {}
    try:
        how = check_text(how, field_name="how", max_length=2000)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        system_change = check_text(
            system_change, field_name="system_change", max_length=2000, required=False
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if needs_system_change and not system_change:
        errors.setdefault("system_change", []).append(
            _("Beschrijf welke systeemverandering nodig is.")
        )
    if not needs_system_change:
        system_change = ""
    if date is None:
        errors.setdefault("date", []).append(_("Dit veld is verplicht."))
    else:
        _not_future(date, "date", errors)
        if date < barrier.since:
            errors.setdefault("date", []).append(
                _("De doorbraak ligt voor de datum waarop het knelpunt speelt.")
            )
    _raise(errors)
    key = _household_key(trajectory.household_id)
    with transaction.atomic():
        current = core.lock(Barrier, barrier.pk, expected_version)
        if Breakthrough.objects.filter(barrier=current).exists():
            raise ValidationError({"barrier": [_("Dit knelpunt heeft al een doorbraak.")]})
        if date < current.since:
            raise ValidationError(
                {"date": [_("De doorbraak ligt voor de datum waarop het knelpunt speelt.")]}
            )
        breakthrough = Breakthrough(
            barrier=current, date=date, needs_system_change=needs_system_change
        )
        breakthrough.how = _seal(key, Breakthrough, "how", breakthrough.pk, how)
        breakthrough.system_change = _seal(
            key, Breakthrough, "system_change", breakthrough.pk, system_change
        )
        core.save(breakthrough)
        current.status = Barrier.Status.UNBLOCKED
        core.save(current)
    return breakthrough


def update_breakthrough(
    *,
    actor: User,
    breakthrough: Breakthrough,
    expected_version: int,
    how: str,
    date: dt.date,
    needs_system_change: bool = False,
    system_change: str = "",
) -> Breakthrough:
    barrier = breakthrough.barrier
    _require_trajectory_scope(actor, barrier.trajectory)
    errors: dict[str, list[str]] = {}
    try:
        how = check_text(how, field_name="how", max_length=2000)
    except ValidationError as error:
        errors.update(error.message_dict)
    system_change = (system_change or "").strip() if needs_system_change else ""
    if needs_system_change and not system_change:
        errors.setdefault("system_change", []).append(
            _("Beschrijf welke systeemverandering nodig is.")
        )
    if date is None:
        errors.setdefault("date", []).append(_("Dit veld is verplicht."))
    else:
        _not_future(date, "date", errors)
        if date < barrier.since:
            errors.setdefault("date", []).append(
                _("De doorbraak ligt voor de datum waarop het knelpunt speelt.")
            )
    _raise(errors)
    key = _household_key(barrier.trajectory.household_id)
    with transaction.atomic():
        current = core.lock(Breakthrough, breakthrough.pk, expected_version)
        current.date = date
        current.needs_system_change = needs_system_change
        current.how = _seal(key, Breakthrough, "how", current.pk, how)
        current.system_change = _seal(key, Breakthrough, "system_change", current.pk, system_change)
        core.save(current)
    return current


# --- Buurtgezinnen ------------------------------------------------------------------------


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
    if start_date is None:
        errors.setdefault("start_date", []).append(_("Dit veld is verplicht."))
    elif end_date is not None and end_date < start_date:
        errors.setdefault("end_date", []).append(_("De einddatum ligt voor de startdatum."))
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
    if start_date is None:
        errors.setdefault("start_date", []).append(_("Dit veld is verplicht."))
    elif end_date is not None and end_date < start_date:
        errors.setdefault("end_date", []).append(_("De einddatum ligt voor de startdatum."))
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


# --- reference data -----------------------------------------------------------------------


def save_organisation(*, instance: SystemOrganisation) -> SystemOrganisation:
    """Save an organisation of the reference list (functional admin, through the admin)."""
    with transaction.atomic():
        instance.full_clean()
        instance.save()
    return instance
