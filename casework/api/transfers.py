"""The transfers endpoint: pending transfers, requesting, deciding and cancelling."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Team
from apibase.framework import LIST_ERRORS, UPDATE_ERRORS, WRITE_ERRORS, created, parse_pk
from casework import permissions, selectors, services
from casework import serializers as s
from casework.api.common import CaseworkViewSet, log_returned
from casework.models import Transfer
from privacy.crypto import Cipher
from privacy.models import AccessEvent


@extend_schema_view(
    list=extend_schema(
        summary="List pending transfers you may decide or that your teams sent",
        responses={200: s.TransferSerializer(many=True), **LIST_ERRORS},
    ),
    create=extend_schema(
        summary="Refer or transfer an enrolment to another team (team leads)",
        request=s.TransferCreateSerializer,
        responses={201: s.TransferSerializer, **WRITE_ERRORS},
    ),
    decide=extend_schema(
        summary="Accept or refuse a transfer to your team (its team leads)",
        description="Send `version` as read. Accepting moves the enrolment, with its access, "
        "to your team. A stale version gets 409; a decided transfer gets 400.",
        request=s.TransferDecisionSerializer,
        responses={200: s.TransferSerializer, **UPDATE_ERRORS},
    ),
    cancel=extend_schema(
        summary="Cancel a pending transfer your team sent",
        description="Team leads of the sending team, or the one who requested it. A stale "
        "version gets 409; a decided transfer gets 400.",
        request=s.TransferCancelSerializer,
        responses={200: s.TransferSerializer, **UPDATE_ERRORS},
    ),
)
class TransferViewSet(CaseworkViewSet):
    queryset = Transfer.objects.none()
    serializer_class = s.TransferSerializer
    pagination_class = None
    http_method_names = ["get", "post", "head", "options"]

    @staticmethod
    def _data(view) -> dict:
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
        """The transfer after a decision (no longer pending, so not in ``transfers_for``)."""
        transfer = Transfer.objects.select_related(
            "enrolment__participant__data_key", "from_team", "to_team"
        ).get(pk=transfer.pk)
        participant = transfer.enrolment.participant
        cipher = Cipher().load([participant.data_key])
        reason = cipher.open(
            model=Transfer, column="reason", row_pk=transfer.pk, envelope=transfer.reason
        )
        log_returned(
            self.request.user, [participant.pk], "transfer_reason", AccessEvent.Action.VIEW
        )
        view = selectors.TransferView(transfer=transfer, reason=reason, incoming=incoming)
        return Response(s.TransferSerializer(self._data(view)).data)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        transfer = selectors.get_transfer_for_decision(request.user, parse_pk(pk))
        serializer = s.TransferDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
        serializer = s.TransferCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        transfer = services.cancel_transfer(
            actor=request.user,
            transfer=transfer,
            expected_version=serializer.validated_data["version"],
        )
        return self._decided(transfer, incoming=False)

    def list(self, request):
        views = selectors.transfers_for(request.user)
        return Response(s.TransferSerializer([self._data(v) for v in views], many=True).data)

    def create(self, request):
        serializer = s.TransferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
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
        view = next(
            v for v in selectors.transfers_for(request.user) if v.transfer.pk == transfer.pk
        )
        return created(s.TransferSerializer(self._data(view)).data)
