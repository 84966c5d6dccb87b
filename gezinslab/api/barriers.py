"""API of system barriers (knelpunten) and their breakthroughs (doorbraken)."""

from __future__ import annotations

from apibase.viewsets import CreateMixin, Creates
from gezinslab import selectors, services
from gezinslab import serializers as s
from gezinslab.api.base import ORGANISATION, GezinslabViewSet, _open, _organisation, _schema
from gezinslab.models import (
    Barrier,
    Breakthrough,
)


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
class BarrierViewSet(CreateMixin, GezinslabViewSet):
    queryset = Barrier.objects.none()
    serializer_class = s.GezinslabBarrierSerializer
    selector = staticmethod(selectors.get_barrier)
    logged_as = ("api_gezinslab_barriers", "api_gezinslab_barrier")
    subject = "trajectory.household_id"
    data_key = "trajectory.household.data_key"

    def get_queryset(self):
        return selectors.visible_barriers(self.request.user).select_related(
            "trajectory__household__data_key", "organisation"
        )

    def rows(self, barriers, action: str) -> list:
        """Each barrier with the id of its breakthrough (one query for all)."""
        barriers = list(barriers)
        ids = _breakthrough_ids([b.pk for b in barriers])
        return [
            {**row, "breakthrough": ids.get(row["id"])} for row in super().rows(barriers, action)
        ]

    def to_data(self, b, cipher=None):
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
        }

    creates = Creates(
        services.add_barrier,
        s.GezinslabBarrierCreateSerializer,
        {"trajectory": selectors.get_trajectory, **ORGANISATION},
    )

    def partial_update(self, request, pk=None):
        b = self.one(pk)
        data = self.parsed(s.GezinslabBarrierUpdateSerializer)
        services.update_barrier(
            actor=request.user,
            barrier=b,
            expected_version=data["version"],
            organisation=_organisation(data["organisation"])
            if "organisation" in data
            else b.organisation,
            **self.kept(
                b,
                data,
                plain=("kind", "since", "escalated_on", "status"),
                sealed=("description", "escalated_to"),
            ),
        )
        return self.answer(self.one(pk))


@_schema(
    "breakthroughs",
    s.GezinslabBreakthroughSerializer,
    s.GezinslabBreakthroughCreateSerializer,
    s.GezinslabBreakthroughUpdateSerializer,
)
class BreakthroughViewSet(GezinslabViewSet):
    queryset = Breakthrough.objects.none()
    serializer_class = s.GezinslabBreakthroughSerializer
    selector = staticmethod(selectors.get_breakthrough)
    logged_as = ("api_gezinslab_breakthroughs", "api_gezinslab_breakthrough")
    subject = "barrier.trajectory.household_id"
    data_key = "barrier.trajectory.household.data_key"

    def get_queryset(self):
        return selectors.visible_breakthroughs(self.request.user).select_related(
            "barrier__trajectory__household__data_key"
        )

    def to_data(self, bt, cipher=None):
        return {
            "id": bt.pk,
            "version": bt.version,
            "barrier": bt.barrier_id,
            "how": _open(cipher, Breakthrough, "how", bt),
            "date": bt.date,
            "needs_system_change": bt.needs_system_change,
            "system_change": _open(cipher, Breakthrough, "system_change", bt),
        }

    def create(self, request):
        data = self.parsed(s.GezinslabBreakthroughCreateSerializer)
        breakthrough = services.record_breakthrough(
            actor=request.user,
            barrier=selectors.get_barrier(request.user, data.pop("barrier")),
            expected_version=data.pop("barrier_version"),
            **data,
        )
        return self.answer_created(breakthrough)

    def partial_update(self, request, pk=None):
        bt = self.one(pk)
        data = self.parsed(s.GezinslabBreakthroughUpdateSerializer)
        services.update_breakthrough(
            actor=request.user,
            breakthrough=bt,
            expected_version=data["version"],
            **self.kept(
                bt, data, plain=("date", "needs_system_change"), sealed=("how", "system_change")
            ),
        )
        return self.answer(self.one(pk))
