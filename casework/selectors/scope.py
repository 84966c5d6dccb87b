"""Who may read what: the scoped querysets and getters, break-the-glass lookups and the read log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from casework import permissions
from casework.models import Enrolment, Household, HouseholdMembership, Participant
from privacy import services as privacy_services
from privacy.bsn import is_valid_bsn, normalise_bsn
from privacy.crypto import blind_index
from privacy.models import AccessEvent


def visible_participants(user: User) -> QuerySet[Participant]:
    """Participants with an active enrolment in one of the user's teams. Read from those
    enrolments (``pk IN``), not as a test per participant: SQLite would otherwise scan every
    participant of the database for any list (11 ms among 2,000, growing with the database)."""
    if not permissions.has_file_access(user):
        return Participant.objects.none()
    return Participant.objects.filter(
        erased_at__isnull=True, pk__in=permissions.active_enrolments_in_scope(user)
    )


def visible_households(user: User) -> QuerySet[Household]:
    """Households with a current member in the user's caseload."""
    if not permissions.has_file_access(user):
        return Household.objects.none()
    members = HouseholdMembership.objects.filter(
        end_date__isnull=True, participant__in=visible_participants(user)
    ).values("household_id")
    return Household.objects.filter(pk__in=members)


def visible_enrolments(user: User) -> QuerySet[Enrolment]:
    """Enrolments of the user's own teams (their notes, plans and goals are theirs to read),
    of participants in the user's caseload: an ended enrolment gives no access by itself."""
    if not permissions.has_file_access(user):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        permissions.enrolment_in_scope_q(user), participant__erased_at__isnull=True
    ).filter(permissions.active_enrolment_in_scope(user, "participant_id"))


def get_participant(user: User, pk) -> Participant:
    participant = visible_participants(user).select_related("data_key").filter(pk=pk).first()
    if participant is None:
        if not permissions.has_file_access(user):
            raise PermissionDenied
        raise Http404
    return participant


def get_enrolment(user: User, pk) -> Enrolment:
    enrolment = (
        visible_enrolments(user)
        .select_related("participant__data_key", "programme", "team")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def get_household(user: User, pk) -> Household:
    household = visible_households(user).select_related("data_key").filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


def break_glass_participants(user: User) -> QuerySet[Participant]:
    """Participants outside the caseload whose file the user opened with break-the-glass."""
    if not permissions.may_break_glass(user):
        return Participant.objects.none()
    return Participant.objects.filter(erased_at__isnull=True).filter(
        permissions.active_break_glass(user)
    )


def file_is_open(user: User, pk) -> bool:
    """Whether the user may open this file now: in the caseload, or an unexpired grant."""
    if not permissions.has_file_access(user):
        return False
    return (
        Participant.objects.filter(pk=pk, erased_at__isnull=True)
        .filter(permissions.active_enrolment_in_scope(user) | permissions.active_break_glass(user))
        .exists()
    )


def break_glass_candidate(user: User, pk) -> Participant | None:
    """The participant that ``find_outside_caseload`` found for the user (its id kept in the
    session between search and reason), undecrypted; None when gone or not allowed."""
    if not pk or not permissions.may_break_glass(user):
        return None
    try:
        return Participant.objects.filter(pk=pk, erased_at__isnull=True).first()
    except ValidationError:  # not a UUID
        return None


def find_outside_caseload(user: User, query: str) -> Participant | None:
    """Exact match on BSN or client reference (blind index) outside the user's caseload,
    for break-the-glass. Returns no identifying data; the lookup itself is logged."""
    if not permissions.may_break_glass(user):
        raise PermissionDenied
    query = (query or "").strip()
    if not query:
        return None
    indexes = {blind_index("client_ref", query)}
    candidate = normalise_bsn(query)
    if is_valid_bsn(candidate):
        indexes.add(blind_index("bsn", candidate))
    found = (
        Participant.objects.filter(erased_at__isnull=True)
        .filter(Q(bsn_index__in=indexes) | Q(client_ref_index__in=indexes))
        .first()
    )
    if found is not None:
        log_reads(user, [found.pk], "search_outside_caseload", AccessEvent.Action.SEARCH)
    return found


def log_reads(
    user,
    subject_ids,
    what: str,
    action: str,
    *,
    break_glass: bool = False,
    subject_type="participant",
    purpose: str | None = None,
):
    privacy_services.log_access(
        user=user,
        purpose=purpose,
        looks=[
            privacy_services.Look(
                subject_id=subject_id,
                what=what,
                action=action,
                break_glass=break_glass,
                subject_type=subject_type,
            )
            for subject_id in subject_ids
        ],
    )
