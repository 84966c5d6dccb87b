"""API of system barriers (knelpunten) and their breakthroughs (doorbraken)."""

from __future__ import annotations

from rest_framework.response import Response

from apibase.framework import (
    created,
    parse_pk,
)
from casework.api import CaseworkViewSet
from gezinslab import selectors, services
from gezinslab import serializers as s
from gezinslab.api.base import _open, _organisation, _parsed, _schema
from gezinslab.models import (
    Barrier,
    Breakthrough,
)
from privacy.crypto import Cipher


def _barrier_data(b: Barrier, cipher: Cipher, breakthrough_id) -> dict:
    return {
        "id": b.pk,
        "version": b.version,
        "trajectory": b.trajectory_id,
        "organisation": b.organisation.code,
        "kind": b.kind,
        "description": _open(cipher, Barrier, "description", b),
        "since": b.since,
        "escalated_to": _open(cipher, Barrier, "escalated_to", b),
        "escalated_on": b.escalated_on,
        "status": b.status,
        "breakthrough": breakthrough_id,
    }


def _breakthrough_ids(barrier_ids) -> dict:
    return dict(
        Breakthrough.objects.filter(barrier_id__in=barrier_ids).values_list("barrier_id", "id")
    )


@_schema(
    "barriers",
    s.GezinslabBarrierSerializer,
    s.GezinslabBarrierCreateSerializer,
    s.GezinslabBarrierUpdateSerializer,
)
class BarrierViewSet(CaseworkViewSet):
    queryset = Barrier.objects.none()
    serializer_class = s.GezinslabBarrierSerializer

    def get_queryset(self):
        return selectors.visible_barriers(self.request.user).select_related(
            "trajectory__household__data_key", "organisation"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(b.trajectory.household.data_key for b in page)
        ids = _breakthrough_ids([b.pk for b in page])
        data = [_barrier_data(b, cipher, ids.get(b.pk)) for b in page]
        selectors.log_households(
            request.user,
            [b.trajectory.household_id for b in page],
            "api_gezinslab_barriers",
            "list",
        )
        return self.get_paginated_response(s.GezinslabBarrierSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        b = selectors.get_barrier(self.request.user, parse_pk(pk))
        cipher = Cipher().load([b.trajectory.household.data_key])
        selectors.log_households(
            self.request.user, [b.trajectory.household_id], "api_gezinslab_barrier", "view"
        )
        return s.GezinslabBarrierSerializer(
            _barrier_data(b, cipher, _breakthrough_ids([b.pk]).get(b.pk))
        ).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.GezinslabBarrierCreateSerializer, request)
        trajectory = selectors.get_trajectory(request.user, data["trajectory"])
        barrier = services.add_barrier(
            actor=request.user,
            trajectory=trajectory,
            organisation=_organisation(data["organisation"]),
            kind=data["kind"],
            description=data["description"],
            since=data["since"],
            escalated_to=data.get("escalated_to", ""),
            escalated_on=data.get("escalated_on"),
        )
        return created(self._detail(barrier.pk))

    def partial_update(self, request, pk=None):
        b = selectors.get_barrier(request.user, parse_pk(pk))
        data = _parsed(s.GezinslabBarrierUpdateSerializer, request)
        cipher = Cipher().load([b.trajectory.household.data_key])
        services.update_barrier(
            actor=request.user,
            barrier=b,
            expected_version=data["version"],
            organisation=_organisation(data["organisation"])
            if "organisation" in data
            else b.organisation,
            kind=data.get("kind", b.kind),
            description=data["description"]
            if "description" in data
            else (_open(cipher, Barrier, "description", b) or ""),
            since=data.get("since", b.since),
            escalated_to=data["escalated_to"]
            if "escalated_to" in data
            else (_open(cipher, Barrier, "escalated_to", b) or ""),
            escalated_on=data.get("escalated_on", b.escalated_on),
            status=data.get("status", b.status),
        )
        return Response(self._detail(pk))


def _breakthrough_data(bt: Breakthrough, cipher: Cipher) -> dict:
    return {
        "id": bt.pk,
        "version": bt.version,
        "barrier": bt.barrier_id,
        "how": _open(cipher, Breakthrough, "how", bt),
        "date": bt.date,
        "needs_system_change": bt.needs_system_change,
        "system_change": _open(cipher, Breakthrough, "system_change", bt),
    }


@_schema(
    "breakthroughs",
    s.GezinslabBreakthroughSerializer,
    s.GezinslabBreakthroughCreateSerializer,
    s.GezinslabBreakthroughUpdateSerializer,
)
class BreakthroughViewSet(CaseworkViewSet):
    queryset = Breakthrough.objects.none()
    serializer_class = s.GezinslabBreakthroughSerializer

    def get_queryset(self):
        return selectors.visible_breakthroughs(self.request.user).select_related(
            "barrier__trajectory__household__data_key"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(bt.barrier.trajectory.household.data_key for bt in page)
        data = [_breakthrough_data(bt, cipher) for bt in page]
        selectors.log_households(
            request.user,
            [bt.barrier.trajectory.household_id for bt in page],
            "api_gezinslab_breakthroughs",
            "list",
        )
        return self.get_paginated_response(s.GezinslabBreakthroughSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        bt = selectors.get_breakthrough(self.request.user, parse_pk(pk))
        cipher = Cipher().load([bt.barrier.trajectory.household.data_key])
        selectors.log_households(
            self.request.user,
            [bt.barrier.trajectory.household_id],
            "api_gezinslab_breakthrough",
            "view",
        )
        return s.GezinslabBreakthroughSerializer(_breakthrough_data(bt, cipher)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.GezinslabBreakthroughCreateSerializer, request)
        breakthrough = services.record_breakthrough(
            actor=request.user,
            barrier=selectors.get_barrier(request.user, data["barrier"]),
            expected_version=data["barrier_version"],
            how=data["how"],
            date=data["date"],
            needs_system_change=data.get("needs_system_change", False),
            system_change=data.get("system_change", ""),
        )
        return created(self._detail(breakthrough.pk))

    def partial_update(self, request, pk=None):
        bt = selectors.get_breakthrough(request.user, parse_pk(pk))
        data = _parsed(s.GezinslabBreakthroughUpdateSerializer, request)
        cipher = Cipher().load([bt.barrier.trajectory.household.data_key])
        services.update_breakthrough(
            actor=request.user,
            breakthrough=bt,
            expected_version=data["version"],
            how=data["how"] if "how" in data else (_open(cipher, Breakthrough, "how", bt) or ""),
            date=data.get("date", bt.date),
            needs_system_change=data.get("needs_system_change", bt.needs_system_change),
            system_change=data["system_change"]
            if "system_change" in data
            else (_open(cipher, Breakthrough, "system_change", bt) or ""),
        )
        return Response(self._detail(pk))
