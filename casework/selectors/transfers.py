"""Transfers of an enrolment to another team: those to decide and those sent."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from accounts.models import User
from casework import permissions
from casework.models import Transfer
from casework.selectors.scope import log_reads
from privacy.crypto import Cipher
from privacy.models import AccessEvent


@dataclass(repr=False)  # no decrypted value in any repr (template debug log)
class TransferView:
    transfer: Transfer
    reason: str | None
    incoming: bool


def transfers_for(user: User) -> list[TransferView]:
    """Pending transfers the user may decide (guardian grants) and those their teams sent."""
    if not permissions.has_file_access(user):
        return []
    from guardian.shortcuts import get_objects_for_user

    incoming = get_objects_for_user(
        user, "casework.decide_transfer", Transfer, accept_global_perms=False
    )
    incoming_ids = set(incoming.filter(status=Transfer.Status.PENDING).values_list("pk", flat=True))
    transfers = list(
        Transfer.objects.filter(status=Transfer.Status.PENDING)
        .filter(pk__in=incoming_ids)
        .union(
            Transfer.objects.filter(
                status=Transfer.Status.PENDING,
                from_team_id__in=permissions.member_teams_subquery(user),
            )
        )
    )
    transfers = list(
        Transfer.objects.filter(pk__in=[t.pk for t in transfers])
        .select_related(
            "enrolment__participant__data_key",
            "enrolment__programme",
            "from_team",
            "to_team",
            "requested_by",
        )
        .order_by("-requested_at")
    )
    cipher = Cipher().load(t.enrolment.participant.data_key for t in transfers)
    log_reads(
        user,
        [t.enrolment.participant_id for t in transfers],
        "transfer_reason",
        AccessEvent.Action.LIST,
    )
    return [
        TransferView(
            transfer=t,
            reason=cipher.open(model=Transfer, column="reason", row_pk=t.pk, envelope=t.reason),
            incoming=t.pk in incoming_ids,
        )
        for t in transfers
    ]


def get_transfer_for_decision(user: User, pk) -> Transfer:
    transfer = Transfer.objects.select_related("enrolment").filter(pk=pk).first()
    if transfer is None or not user.has_perm("casework.decide_transfer", transfer):
        raise Http404
    return transfer
