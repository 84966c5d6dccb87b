"""API of Buurtgezinnen: support families and their matches with households."""

from __future__ import annotations

from django.db.models import Count

from apibase.viewsets import CreateMixin, Creates
from casework.api.common import own_team
from gezinslab import selectors, services
from gezinslab import serializers as s
from gezinslab.api.base import GezinslabViewSet, _open, _schema
from gezinslab.models import (
    SupportFamily,
    SupportMatch,
)


@_schema(
    "support families",
    s.BuurtgezinnenSupportFamilySerializer,
    s.BuurtgezinnenSupportFamilyCreateSerializer,
    s.BuurtgezinnenSupportFamilyUpdateSerializer,
)
class SupportFamilyViewSet(CreateMixin, GezinslabViewSet):
    queryset = SupportFamily.objects.none()
    serializer_class = s.BuurtgezinnenSupportFamilySerializer
    logged_as = ("api_buurtgezinnen_families", "api_buurtgezinnen_family")
    subject = "pk"
    subject_type = "support_family"
    data_key = "data_key"

    def get_queryset(self):
        return (
            selectors.visible_support_families(self.request.user)
            .select_related("data_key", "team")
            .annotate(
                n_running=Count("matches", filter=selectors._active_q("matches__"), distinct=True)
            )
        )

    def to_data(self, f, cipher=None):
        return {
            "id": f.pk,
            "version": f.version,
            "team": f.team.code,
            "name": _open(cipher, SupportFamily, "name", f),
            "contact": _open(cipher, SupportFamily, "contact", f),
            "wijk": f.wijk,
            "household": f.household_id,
            "active": f.active,
            "max_families": f.max_families,
            "running": f.n_running,
        }

    creates = Creates(
        services.add_support_family,
        s.BuurtgezinnenSupportFamilyCreateSerializer,
        {
            "team": own_team,
            "household": lambda user, pk: selectors.get_household(user, pk) if pk else None,
        },
    )

    def partial_update(self, request, pk=None):
        f = self.one(pk)
        data = self.parsed(s.BuurtgezinnenSupportFamilyUpdateSerializer)
        if "household" in data:
            household = (
                f.household
                if data["household"] == f.household_id
                else (
                    selectors.get_household(request.user, data["household"])
                    if data["household"]
                    else None
                )
            )
        else:
            household = f.household
        services.update_support_family(
            actor=request.user,
            family=f,
            expected_version=data["version"],
            household=household,
            **self.kept(
                f, data, plain=("wijk", "max_families", "active"), sealed=("name", "contact")
            ),
        )
        return self.answer(self.one(pk))


@_schema(
    "support matches",
    s.BuurtgezinnenMatchSerializer,
    s.BuurtgezinnenMatchCreateSerializer,
    s.BuurtgezinnenMatchUpdateSerializer,
)
class MatchViewSet(CreateMixin, GezinslabViewSet):
    queryset = SupportMatch.objects.none()
    serializer_class = s.BuurtgezinnenMatchSerializer
    selector = staticmethod(selectors.get_match)
    logged_as = ("api_buurtgezinnen_matches", "api_buurtgezinnen_match")
    subject = "household_id"
    data_key = "household.data_key"

    def get_queryset(self):
        return selectors.visible_matches(self.request.user).select_related(
            "household__data_key", "team"
        )

    def to_data(self, m, cipher=None):
        from django.utils import timezone

        return {
            "id": m.pk,
            "version": m.version,
            "support_family": m.support_family_id,
            "household": m.household_id,
            "team": m.team.code,
            "start_date": m.start_date,
            "end_date": m.end_date,
            "rhythm": m.rhythm,
            "outcome": m.outcome,
            "evaluation": _open(cipher, SupportMatch, "evaluation", m),
            "active": m.end_date is None or m.end_date >= timezone.localdate(),
        }

    creates = Creates(
        services.start_match,
        s.BuurtgezinnenMatchCreateSerializer,
        {
            "support_family": selectors.get_support_family,
            "household": selectors.get_household,
        },
    )

    def partial_update(self, request, pk=None):
        m = self.one(pk)
        data = self.parsed(s.BuurtgezinnenMatchUpdateSerializer)
        services.update_match(
            actor=request.user,
            match=m,
            expected_version=data["version"],
            **self.kept(
                m,
                data,
                plain=("start_date", "rhythm", "end_date", "outcome"),
                sealed=("evaluation",),
            ),
        )
        return self.answer(self.one(pk))
