"""Writes of the lifecoaching app: keyword-only, scope check first, validation with Dutch
messages, then one transaction. Free text is sealed: a coach's name and contact under the
coach's own data key, session notes and school names under the young person's key."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Team, User
from accounts.permissions import has_role
from accounts.roles import CASEWORKER, TEAM_LEAD
from casework import services as core
from casework.models import Enrolment
from casework.validation import check_text
from lifecoaching.models import (
    Advice,
    Coach,
    CoachMatch,
    CoachSession,
    DropoutRisk,
    Interest,
    SchoolLevel,
    SchoolStatus,
)
from privacy.crypto import Cipher
from privacy.services import create_data_key

PROGRAMME = "lifecoaching"
COACH_MANAGERS = (CASEWORKER, TEAM_LEAD)


def _require_coach_manager(actor: User, team: Team) -> None:
    """Coaches are managed by the caseworkers and team leads of the coaching team."""
    core.require_team_member(actor, team)
    if not has_role(actor, *COACH_MANAGERS):
        raise PermissionDenied


def _require_lifecoaching(actor: User, enrolment: Enrolment) -> None:
    core.require_enrolment_scope(actor, enrolment)
    if enrolment.programme.code != PROGRAMME:
        raise ValidationError(
            {"enrolment": [_("Dit traject hoort niet bij het programma Lifecoaching.")]}
        )


def _not_future(value: dt.date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: [_("De datum ligt in de toekomst.")]})


def _interests(values) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if any(code not in Interest.values for code in values):
        raise ValidationError({"interests": [_("Kies interesses uit de lijst.")]})
    return values


# --- coaches ------------------------------------------------------------------------------


def _fill_coach(
    coach: Coach,
    *,
    name: str,
    contact: str,
    kind: str,
    vog_date: dt.date | None,
    vog_expiry: dt.date | None,
    interests,
    capacity: int,
    active: bool,
) -> None:
    name = check_text(name, field_name="name", max_length=200)
    contact = check_text(contact, field_name="contact", max_length=500, required=False)
    if kind not in Coach.Kind.values:
        raise ValidationError({"kind": [_("Kies vrijwilliger of professional.")]})
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 50:
        raise ValidationError({"capacity": [_("De capaciteit ligt tussen 1 en 50 jongeren.")]})
    coach.kind = kind
    coach.vog_date = vog_date
    coach.vog_expiry = vog_expiry
    coach.interests = _interests(interests)
    coach.capacity = capacity
    coach.active = active
    if vog_date and vog_date > timezone.localdate():
        raise ValidationError({"vog_date": [_("De datum van het VOG ligt in de toekomst.")]})
    cipher = Cipher()
    coach.name = cipher.seal(
        datakey=coach.data_key, model=Coach, column="name", row_pk=coach.pk, plaintext=name
    )
    coach.contact = cipher.seal(
        datakey=coach.data_key, model=Coach, column="contact", row_pk=coach.pk, plaintext=contact
    )


def create_coach(
    *,
    actor: User,
    team: Team,
    name: str,
    contact: str = "",
    kind: str,
    vog_date: dt.date | None,
    vog_expiry: dt.date | None,
    interests=(),
    capacity: int = 3,
    active: bool = True,
) -> Coach:
    _require_coach_manager(actor, team)
    with transaction.atomic():
        coach = Coach(team=team, data_key=create_data_key())
        _fill_coach(
            coach,
            name=name,
            contact=contact,
            kind=kind,
            vog_date=vog_date,
            vog_expiry=vog_expiry,
            interests=interests,
            capacity=capacity,
            active=active,
        )
        core.save(coach)
    return coach


def update_coach(
    *,
    actor: User,
    coach: Coach,
    expected_version: int,
    name: str,
    contact: str = "",
    kind: str,
    vog_date: dt.date | None,
    vog_expiry: dt.date | None,
    interests=(),
    capacity: int,
    active: bool,
) -> Coach:
    _require_coach_manager(actor, coach.team)
    with transaction.atomic():
        current = core.lock(Coach, coach.pk, expected_version)
        _fill_coach(
            current,
            name=name,
            contact=contact,
            kind=kind,
            vog_date=vog_date,
            vog_expiry=vog_expiry,
            interests=interests,
            capacity=capacity,
            active=active,
        )
        if capacity < current.matches.filter(end_date__isnull=True).count():
            raise ValidationError(
                {"capacity": [_("Deze coach heeft meer lopende koppelingen dan deze capaciteit.")]}
            )
        core.save(current)
    return current


# --- matches ------------------------------------------------------------------------------


def _check_coach_for_match(coach: Coach, enrolment: Enrolment, start_date: dt.date) -> None:
    if coach.team_id != enrolment.team_id:
        raise ValidationError({"coach": [_("Deze coach hoort niet bij het team van de jongere.")]})
    if not coach.active:
        raise ValidationError({"coach": [_("Deze coach is niet actief.")]})
    if not coach.vog_expiry:
        raise ValidationError(
            {"coach": [_("Deze coach heeft nog geen VOG. Koppel pas als het VOG er is.")]}
        )
    if coach.vog_expiry < start_date:
        raise ValidationError(
            {
                "coach": [
                    _(
                        "Het VOG van deze coach is verlopen op %(date)s. Vraag eerst een nieuw "
                        "VOG aan; tot dan kan deze coach geen nieuwe jongere krijgen."
                    )
                    % {"date": date_format(coach.vog_expiry, "j F Y")}
                ]
            }
        )
    if coach.vog_date and coach.vog_date > start_date:
        raise ValidationError(
            {"start_date": [_("Het VOG van deze coach gaat pas na de startdatum in.")]}
        )
    if coach.matches.filter(end_date__isnull=True).count() >= coach.capacity:
        raise ValidationError(
            {"coach": [_("Deze coach is vol: er is geen plek meer voor een nieuwe jongere.")]}
        )


def create_match(
    *,
    actor: User,
    enrolment: Enrolment,
    coach: Coach,
    start_date: dt.date,
    chosen_by_young_person: bool = True,
    interests_asked=(),
    suggested_coaches=(),
) -> CoachMatch:
    """The young person chose ``coach`` (from ``suggested_coaches``, offered for
    ``interests_asked``). Refused: an expired VOG, a full or inactive coach, a second
    running match."""
    _require_lifecoaching(actor, enrolment)
    _not_future(start_date, "start_date")
    if start_date < enrolment.start_date:
        raise ValidationError(
            {"start_date": [_("De startdatum ligt voor de start van het traject.")]}
        )
    interests_asked = _interests(interests_asked)
    with transaction.atomic():
        coach = Coach.objects.select_for_update().get(pk=coach.pk)
        if enrolment.lifecoaching_matches.filter(end_date__isnull=True).exists():
            raise ValidationError(
                {
                    "coach": [
                        _("Deze jongere heeft al een coach. Beëindig eerst de lopende koppeling.")
                    ]
                }
            )
        _check_coach_for_match(coach, enrolment, start_date)
        match = CoachMatch(
            enrolment=enrolment,
            coach=coach,
            start_date=start_date,
            chosen_by_young_person=chosen_by_young_person,
            interests_asked=interests_asked,
            suggested_coaches=[str(pk) for pk in suggested_coaches],
            created_by=actor,
        )
        core.save(match)
        core.record_outcome(
            actor=actor,
            enrolment=enrolment,
            measure_code="lifecoaching_has_coach",
            date=start_date,
            value=True,
            source=f"lifecoaching_match:{match.pk}",
            check_scope=False,
        )
    return match


def end_match(
    *, actor: User, match: CoachMatch, expected_version: int, end_date: dt.date
) -> CoachMatch:
    _require_lifecoaching(actor, match.enrolment)
    if end_date is None:
        raise ValidationError({"end_date": [_("Vul een einddatum in.")]})
    _not_future(end_date, "end_date")
    with transaction.atomic():
        current = core.lock(CoachMatch, match.pk, expected_version)
        if current.end_date is not None:
            raise ValidationError({"end_date": [_("Deze koppeling is al beëindigd.")]})
        if end_date < current.start_date:
            raise ValidationError({"end_date": [_("De einddatum ligt voor de startdatum.")]})
        if current.sessions.filter(date__gt=end_date).exists():
            raise ValidationError(
                {"end_date": [_("Er zijn gesprekken na deze einddatum vastgelegd.")]}
            )
        current.end_date = end_date
        core.save(current)
        core.record_outcome(
            actor=actor,
            enrolment=match.enrolment,
            measure_code="lifecoaching_has_coach",
            date=end_date,
            value=False,
            source=f"lifecoaching_match:{current.pk}",
            check_scope=False,
        )
    return current


# --- sessions -----------------------------------------------------------------------------


def _check_session(
    match: CoachMatch, *, date: dt.date, duration_minutes: int, kind: str, note: str
) -> str:
    """The checks of a session against its match (create and correction alike); returns the
    checked note."""
    note = check_text(note, field_name="note", required=False)
    if date is None:
        raise ValidationError({"date": [_("Vul een datum in.")]})
    _not_future(date, "date")
    if date < match.start_date:
        raise ValidationError(
            {"date": [_("De datum ligt voor de start van de koppeling met deze coach.")]}
        )
    if match.end_date and date > match.end_date:
        raise ValidationError(
            {"date": [_("De datum ligt na het einde van de koppeling met deze coach.")]}
        )
    if kind not in CoachSession.Kind.values:
        raise ValidationError({"kind": [_("Kies een soort gesprek uit de lijst.")]})
    if not isinstance(duration_minutes, int) or not 5 <= duration_minutes <= 720:
        raise ValidationError({"duration_minutes": [_("De duur ligt tussen 5 en 720 minuten.")]})
    return note


def log_session(
    *,
    actor: User,
    match: CoachMatch,
    date: dt.date,
    duration_minutes: int,
    kind: str,
    note: str = "",
) -> CoachSession:
    _require_lifecoaching(actor, match.enrolment)
    note = _check_session(match, date=date, duration_minutes=duration_minutes, kind=kind, note=note)
    session = CoachSession(
        match=match, date=date, duration_minutes=duration_minutes, kind=kind, recorded_by=actor
    )
    session.note = core.seal_for_participant(match.enrolment, session, "note", note)
    with transaction.atomic():
        core.save(session)
    return session


def update_session(
    *,
    actor: User,
    session: CoachSession,
    expected_version: int,
    date: dt.date,
    duration_minutes: int,
    kind: str,
    note: str = "",
) -> CoachSession:
    """Correct a logged session (date, duration, kind, note). The session stays with its
    match, so the date must lie within that match; ``recorded_by`` stays who logged it (the
    history holds the correction)."""
    enrolment = session.match.enrolment
    _require_lifecoaching(actor, enrolment)
    with transaction.atomic():
        # The match first: its end date as it is now (ending it checks the sessions' dates).
        match = CoachMatch.objects.select_for_update().get(pk=session.match_id)
        current = core.lock(CoachSession, session.pk, expected_version)
        note = _check_session(
            match, date=date, duration_minutes=duration_minutes, kind=kind, note=note
        )
        current.date = date
        current.duration_minutes = duration_minutes
        current.kind = kind
        current.note = core.seal_for_participant(enrolment, current, "note", note)
        core.save(current)
    return current


# --- school status ------------------------------------------------------------------------


def _check_school_status(
    *, date: dt.date, school_name: str, level: str, advice: str, dropout_risk: str
) -> str:
    """The checks of a school status (create and correction alike); returns the checked
    school name."""
    school_name = check_text(school_name, field_name="school_name", max_length=200, required=False)
    errors: dict[str, list[str]] = {}
    if date is None:
        errors["date"] = [_("Vul een datum in.")]
    elif date > timezone.localdate():
        errors["date"] = [_("De datum ligt in de toekomst.")]
    if level not in SchoolLevel.values:
        errors["level"] = [_("Kies een schoolniveau uit de lijst.")]
    if advice and advice not in Advice.values:
        errors["advice"] = [_("Kies een schooladvies uit de lijst.")]
    if dropout_risk not in DropoutRisk.values:
        errors["dropout_risk"] = [_("Kies geen, enig of hoog risico.")]
    if level == SchoolLevel.NONE and school_name:
        errors["school_name"] = [_("Zonder school hoort er geen schoolnaam bij.")]
    if errors:
        raise ValidationError(errors)
    return school_name


def _school_outcomes(status: SchoolStatus) -> dict[str, object]:
    """The outcome values a school status tells about (at-advice only where it applies)."""
    values: dict[str, object] = {
        "lifecoaching_school_level": status.level,
        "lifecoaching_in_education_or_qualified": status.in_education_or_qualified,
        "lifecoaching_attendance_concern": status.attendance_concern,
    }
    at_advice = status.at_advised_level
    if at_advice is not None:
        values["lifecoaching_at_advised_level"] = at_advice
    return values


def _record_school_outcomes(actor: User, status: SchoolStatus, *, on: dt.date) -> None:
    for code, value in _school_outcomes(status).items():
        core.record_outcome(
            actor=actor,
            enrolment=status.enrolment,
            measure_code=code,
            date=on,
            value=value,
            source=f"lifecoaching_school_status:{status.pk}",
            check_scope=False,
        )


def record_school_status(
    *,
    actor: User,
    enrolment: Enrolment,
    date: dt.date,
    school_name: str = "",
    level: str,
    advice: str = "",
    attendance_concern: bool = False,
    dropout_risk: str = DropoutRisk.NONE,
    start_qualification: bool = False,
) -> SchoolStatus:
    """A new dated school status, and the outcome measures it tells about."""
    _require_lifecoaching(actor, enrolment)
    school_name = _check_school_status(
        date=date, school_name=school_name, level=level, advice=advice, dropout_risk=dropout_risk
    )
    status = SchoolStatus(
        enrolment=enrolment,
        date=date,
        level=level,
        advice=advice,
        attendance_concern=bool(attendance_concern),
        dropout_risk=dropout_risk,
        start_qualification=bool(start_qualification),
        recorded_by=actor,
    )
    status.school_name = core.seal_for_participant(enrolment, status, "school_name", school_name)
    with transaction.atomic():
        core.save(status)
        _record_school_outcomes(actor, status, on=date)
    return status


def update_school_status(
    *,
    actor: User,
    status: SchoolStatus,
    expected_version: int,
    date: dt.date,
    school_name: str = "",
    level: str,
    advice: str = "",
    attendance_concern: bool = False,
    dropout_risk: str = DropoutRisk.NONE,
    start_qualification: bool = False,
) -> SchoolStatus:
    """Correct a recorded school status (a real change is a new status, not a correction).

    Outcome values are history and stay; a correction records new values so that the latest
    value on each date concerned (the old date and the new one) is that of the status in
    force on that date (the latest status dated on or before it): the corrected status, or,
    when its date moved later, the status before it. Nothing is recorded when only the school
    name or the drop-out risk changed (they are no outcome)."""
    enrolment = status.enrolment
    _require_lifecoaching(actor, enrolment)
    school_name = _check_school_status(
        date=date, school_name=school_name, level=level, advice=advice, dropout_risk=dropout_risk
    )
    with transaction.atomic():
        current = core.lock(SchoolStatus, status.pk, expected_version)
        current.enrolment = enrolment
        before = (current.date, _school_outcomes(current))
        current.date = date
        current.level = level
        current.advice = advice
        current.attendance_concern = bool(attendance_concern)
        current.dropout_risk = dropout_risk
        current.start_qualification = bool(start_qualification)
        current.school_name = core.seal_for_participant(
            enrolment, current, "school_name", school_name
        )
        core.save(current)
        if before != (current.date, _school_outcomes(current)):
            for day in sorted({before[0], current.date}):
                in_force = (
                    enrolment.lifecoaching_school.filter(date__lte=day)
                    .order_by("-date", "-created_at")
                    .first()
                )
                if in_force is not None:
                    in_force.enrolment = enrolment
                    _record_school_outcomes(actor, in_force, on=day)
    return current
