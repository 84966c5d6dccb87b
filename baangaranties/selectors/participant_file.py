"""The programme's part of one participant's file, and a participant's name for a form."""

from __future__ import annotations

from django.db.models import Prefetch

from accounts.models import User
from baangaranties.models import AssistanceRoute, OpenHiringSignup, Placement, RetentionCheck
from baangaranties.selectors.lists import _current
from baangaranties.selectors.scope import _log, _names, _today
from casework.models import Enrolment, Participant
from privacy.models import AccessEvent


def file_section(*, user, participant: Participant, cipher, enrolments, mode):
    """Current and past placements (employer, kind, hours, since), retention checks and the
    route out of social assistance. No free text; nothing to decrypt; the caller logs."""
    today = _today()
    placements = list(
        Placement.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .select_related("employer__chain")
        .prefetch_related(Prefetch("checks", queryset=RetentionCheck.objects.order_by("months")))
        .order_by("-start_date")
    )
    route_rows = list(
        AssistanceRoute.objects.filter(enrolment__in=[e.pk for e in enrolments]).order_by(
            "-on_assistance_since"
        )
    )
    signup = (
        OpenHiringSignup.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .exclude(status=OpenHiringSignup.Status.WITHDRAWN)
        .first()
    )
    active = [e for e in enrolments if e.status == Enrolment.Status.ACTIVE]
    return (
        "baangaranties/_file_section.html",
        {
            "mode": mode,
            "writable": mode == "own",
            "enrolment": active[0] if active else None,
            "current": _current(placements, today),
            "past": [p for p in placements if p.end_date and p.end_date < today],
            "placements": placements,
            "route": route_rows[0] if route_rows else None,
            "signup": signup,
        },
    )


def participant_name(user: User, participant: Participant, what: str) -> str:
    """The display name of one participant (``data_key`` selected) for a form's heading,
    logged as a view."""
    name = _names([participant])[participant.pk]
    _log(user, [participant.pk], what, AccessEvent.Action.VIEW)
    return name
