"""The programme's part of one participant's file."""

from __future__ import annotations

from django.db.models import Count, Max

from casework.models import Participant
from lifecoaching.models import CoachMatch, CoachSession, SchoolStatus
from lifecoaching.selectors.coaches import coach_views
from lifecoaching.selectors.scope import lifecoaching_enrolments
from privacy.crypto import Cipher


def file_section(*, user, participant: Participant, cipher: Cipher, enrolments, mode: str):
    """Coach (by name only in the team's own file), sessions and the latest school status
    (with the school's name except in a shared view). Does not log: the file page does."""
    ids = [e.pk for e in enrolments]
    own = mode == "own"
    matches = list(
        CoachMatch.objects.filter(enrolment_id__in=ids)
        .select_related("coach__data_key")
        .order_by("-start_date", "-created_at")
    )
    match = next((m for m in matches if m.end_date is None), matches[0] if matches else None)
    coach_name = None
    if match is not None and own:
        coach_name = coach_views([match.coach], contact=False)[0].name
    stats = CoachSession.objects.filter(match__enrolment_id__in=ids).aggregate(
        n=Count("id"), last=Max("date")
    )
    status = (
        SchoolStatus.objects.filter(enrolment_id__in=ids).order_by("-date", "-created_at").first()
    )
    school_name = None
    if status is not None and mode != "shared":
        school_name = cipher.open(
            model=SchoolStatus, column="school_name", row_pk=status.pk, envelope=status.school_name
        )
    own_enrolment = None
    if own:
        own_enrolment = (
            lifecoaching_enrolments(user).filter(pk__in=ids).order_by("-start_date").first()
        )
    return (
        "lifecoaching/_file_section.html",
        {
            "mode": mode,
            "own": own,
            "match": match,
            "coach_name": coach_name,
            "session_count": stats["n"] or 0,
            "last_session": stats["last"],
            "status": status,
            "school_name": school_name,
            "enrolment": own_enrolment,
        },
    )
