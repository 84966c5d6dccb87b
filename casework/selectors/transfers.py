"""Transfers of an enrolment to another team: those to decide and those sent, and the teams an
enrolment can go to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Team, User
from accounts.selectors import transfer_targets_for
from casework import permissions
from casework.models import Enrolment, Transfer
from casework.selectors.paging import page_of
from casework.selectors.people import PersonView, decrypt_person
from casework.selectors.scope import log_reads
from casework.services import named_teams
from privacy.crypto import Cipher
from privacy.models import AccessEvent

NAME_FIELDS = ("given_name", "family_name", "client_ref")


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class TransferView:
    """A pending transfer with what the deciding team lead needs: who, in which programme, from
    which team and why."""

    transfer: Transfer
    reason: str | None
    incoming: bool
    person: PersonView | None = None
    decision_reason: str = ""


def transfer_targets(user: User, enrolment: Enrolment) -> list[Team]:
    """The teams ``enrolment`` can be transferred to: active, not its own, and running its
    programme (every active team while the programme's teams are not yet named)."""
    teams = transfer_targets_for(user).exclude(pk=enrolment.team_id)
    named = named_teams(enrolment.programme)
    if named is not None:
        teams = teams.filter(pk__in=named.values("pk"))
    return list(teams)


RECENT_DECISIONS = dt.timedelta(days=90)
RELATED = (
    "enrolment__participant__data_key",
    "enrolment__programme",
    "from_team",
    "to_team",
    "requested_by",
)


def transfers_to_decide(user: User):
    """Pending transfers the user may decide (guardian grants of the receiving team lead),
    undecrypted: for counting and the work list."""
    if not permissions.has_file_access(user):
        return Transfer.objects.none()
    from guardian.shortcuts import get_objects_for_user

    return get_objects_for_user(
        user, "casework.decide_transfer", Transfer, accept_global_perms=False
    ).filter(status=Transfer.Status.PENDING)


def pending_transfers(user: User) -> QuerySet[Transfer]:
    """Pending transfers the user may decide (guardian grants) and those their teams sent,
    oldest first, undecrypted: one page of them goes to ``transfer_views``."""
    if not permissions.has_file_access(user):
        return Transfer.objects.none()
    return (
        Transfer.objects.filter(status=Transfer.Status.PENDING)
        .filter(
            Q(pk__in=transfers_to_decide(user).values("pk"))
            | Q(from_team_id__in=permissions.member_teams_subquery(user))
        )
        .select_related(*RELATED)
        .order_by("requested_at", "pk")
    )


def transfer_views(user: User, transfers, *, action=AccessEvent.Action.LIST) -> list[TransferView]:
    """Some of ``pending_transfers`` decrypted and logged, each marked incoming when the user
    may decide it (one query for the lot)."""
    transfers = list(transfers)
    if not transfers:
        return []
    incoming_ids = set(
        transfers_to_decide(user)
        .filter(pk__in=[t.pk for t in transfers])
        .values_list("pk", flat=True)
    )
    return _views(user, transfers, incoming_ids, action=action)


def transfers_page(user: User, page: int | str = 1) -> Page:
    """One page of 50 of ``pending_transfers``: only its transfers decrypted and logged."""
    return page_of(pending_transfers(user), page, lambda chosen: transfer_views(user, chosen))


def refused_transfers_for(user: User) -> list[TransferView]:
    """Transfers the user's teams sent that were refused in the last 90 days, with the reason
    the receiving team lead gave."""
    if not permissions.has_file_access(user):
        return []
    since = timezone.now() - RECENT_DECISIONS
    transfers = (
        Transfer.objects.filter(
            status=Transfer.Status.REFUSED,
            decided_at__gte=since,
            from_team_id__in=permissions.member_teams_subquery(user),
        )
        .select_related(*RELATED, "decided_by")
        .order_by("-decided_at")
    )
    return _views(user, list(transfers), set())


def transfer_for_decision(user: User, pk) -> TransferView:
    """One transfer the user may decide, with who it is about (for the refusal page)."""
    transfer = get_transfer_for_decision(user, pk)
    transfer = Transfer.objects.select_related(*RELATED).get(pk=transfer.pk)
    (view,) = _views(user, [transfer], {transfer.pk}, action=AccessEvent.Action.VIEW)
    return view


def _views(user, transfers, incoming_ids, *, action=AccessEvent.Action.LIST):
    """The transfers decrypted (name, client number, reasons), each read logged with purpose
    "transfer": the receiving team lead sees a participant who is not yet theirs."""
    if not transfers:
        return []
    cipher = Cipher().load(t.enrolment.participant.data_key for t in transfers)
    log_reads(
        user,
        [t.enrolment.participant_id for t in transfers],
        "transfer_reason",
        action,
        purpose="transfer",
    )
    return [
        TransferView(
            transfer=t,
            reason=cipher.open(model=Transfer, column="reason", row_pk=t.pk, envelope=t.reason),
            incoming=t.pk in incoming_ids,
            person=decrypt_person(
                t.enrolment.participant, cipher, show_bsn=False, fields=NAME_FIELDS
            ),
            decision_reason=cipher.open(
                model=Transfer,
                column="decision_reason",
                row_pk=t.pk,
                envelope=t.decision_reason,
            )
            if t.decision_reason
            else "",
        )
        for t in transfers
    ]


def get_transfer_for_decision(user: User, pk) -> Transfer:
    transfer = Transfer.objects.select_related("enrolment").filter(pk=pk).first()
    if transfer is None or not user.has_perm("casework.decide_transfer", transfer):
        raise Http404
    return transfer
