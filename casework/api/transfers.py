"""The transfers endpoint: pending transfers, requesting, deciding and cancelling."""

from __future__ import annotations

from django.http import Http404
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Team
from apibase.framework import CursorPagination, created, parse_pk
from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin
from casework import permissions, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet
from casework.models import Transfer
from privacy.crypto import Cipher
from privacy.models import AccessEvent


@endpoints(
    s.TransferSerializer,
    list="List pending transfers you may decide or that your teams sent",
    create=Op(
        "Refer or transfer an enrolment to another team (team leads)", s.TransferCreateSerializer
    ),
    decide=Op(
        "Accept or refuse a transfer to your team (its team leads)",
        s.TransferDecisionSerializer,
        description="Send `version` as read. Accepting moves the enrolment, with its access, "
        "to your team. A stale version gets 409; a decided transfer gets 400.",
    ),
    cancel=Op(
        "Cancel a pending transfer your team sent",
        s.TransferCancelSerializer,
        description="Team leads of the sending team, or the one who requested it. A stale "
        "version gets 409; a decided transfer gets 400.",
    ),
)
class TransferViewSet(ListMixin, CaseworkViewSet):
    queryset = Transfer.objects.none()
    serializer_class = s.TransferSerializer
    http_method_names = ["get", "post", "head", "options"]

    class Pagination(CursorPagination):
        ordering = "requested_at"

    pagination_class = Pagination

    def get_queryset(self):
        return selectors.pending_transfers(self.request.user)

    def list(self, request):
        # Only the page's transfers are decrypted and logged (with purpose "transfer").
        views = selectors.transfer_views(request.user, self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(self.output([self.to_data(v) for v in views], many=True))

    def to_data(self, view, cipher=None):
        t = view.transfer
        return {
            "id": t.pk,
            "version": t.version,
            "enrolment_id": t.enrolment_id,
            "participant": t.enrolment.participant_id,
            "from_team": t.from_team,
            "to_team": t.to_team,
            "reason": view.reason,
            "status": t.status,
            "incoming": view.incoming,
            "requested_at": t.requested_at,
        }

    def _decided(self, transfer: Transfer, *, incoming: bool) -> Response:
        """The transfer after a decision (no longer pending, so not in ``pending_transfers``)."""
        transfer = Transfer.objects.select_related(
            "enrolment__participant__data_key", "from_team", "to_team"
        ).get(pk=transfer.pk)
        participant = transfer.enrolment.participant
        cipher = Cipher().load([participant.data_key])
        reason = cipher.open(
            model=Transfer, column="reason", row_pk=transfer.pk, envelope=transfer.reason
        )
        self.log([participant.pk], "transfer_reason", "view")
        view = selectors.TransferView(transfer=transfer, reason=reason, incoming=incoming)
        return Response(self.output(self.to_data(view)))

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        transfer = selectors.get_transfer_for_decision(request.user, parse_pk(pk))
        data = self.parsed(s.TransferDecisionSerializer)
        transfer = services.decide_transfer(
            actor=request.user,
            transfer=transfer,
            expected_version=data["version"],
            accept=data["decision"] == "accept",
            reason=data["reason"],
        )
        return self._decided(transfer, incoming=True)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        transfer = (
            Transfer.objects.select_related("enrolment")
            .filter(
                pk=parse_pk(pk), from_team_id__in=permissions.member_teams_subquery(request.user)
            )
            .first()
        )
        if transfer is None:
            raise Http404
        transfer = self.write(
            services.cancel_transfer, s.TransferCancelSerializer, transfer=transfer
        )
        return self._decided(transfer, incoming=False)

    def create(self, request):
        data = self.parsed(s.TransferCreateSerializer)
        to_team = Team.objects.filter(code=data["to_team"], active=True).first()
        if to_team is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"to_team": ["Onbekend team."]})
        transfer = services.request_transfer(
            actor=request.user,
            enrolment=selectors.get_enrolment(request.user, data["enrolment"]),
            to_team=to_team,
            reason=data["reason"],
        )
        (view,) = selectors.transfer_views(
            request.user,
            self.get_queryset().filter(pk=transfer.pk),
            action=AccessEvent.Action.VIEW,
        )
        return created(self.output(self.to_data(view)))
