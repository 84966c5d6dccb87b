"""API of Buurtgezinnen: support families and their matches with households."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from rest_framework.response import Response

from accounts.models import Team
from apibase.framework import (
    created,
    parse_pk,
)
from casework.api import CaseworkViewSet
from gezinslab import selectors, services
from gezinslab import serializers as s
from gezinslab.api.base import _open, _parsed, _schema
from gezinslab.models import (
    SupportFamily,
    SupportMatch,
)
from privacy.crypto import Cipher


def _family_data(f: SupportFamily, cipher: Cipher, running: int) -> dict:
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
        "running": running,
    }


@_schema(
    "support families",
    s.BuurtgezinnenSupportFamilySerializer,
    s.BuurtgezinnenSupportFamilyCreateSerializer,
    s.BuurtgezinnenSupportFamilyUpdateSerializer,
)
class SupportFamilyViewSet(CaseworkViewSet):
    queryset = SupportFamily.objects.none()
    serializer_class = s.BuurtgezinnenSupportFamilySerializer

    def get_queryset(self):
        return (
            selectors.visible_support_families(self.request.user)
            .select_related("data_key", "team")
            .annotate(
                n_running=Count("matches", filter=selectors._active_q("matches__"), distinct=True)
            )
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(f.data_key for f in page)
        data = [_family_data(f, cipher, f.n_running) for f in page]
        selectors.log_support_families(
            request.user, [f.pk for f in page], "api_buurtgezinnen_families", "list"
        )
        return self.get_paginated_response(
            s.BuurtgezinnenSupportFamilySerializer(data, many=True).data
        )

    def _family(self, pk) -> SupportFamily:
        family = self.get_queryset().filter(pk=parse_pk(pk)).first()
        if family is None:
            raise Http404
        return family

    def _detail(self, pk) -> dict:
        f = self._family(pk)
        cipher = Cipher().load([f.data_key])
        selectors.log_support_families(
            self.request.user, [f.pk], "api_buurtgezinnen_family", "view"
        )
        return s.BuurtgezinnenSupportFamilySerializer(_family_data(f, cipher, f.n_running)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.BuurtgezinnenSupportFamilyCreateSerializer, request)
        team = Team.objects.filter(
            code=data["team"], active=True, memberships__user=request.user
        ).first()
        if team is None:
            raise ValidationError({"team": ["Geen actief team van u met deze code."]})
        household = (
            selectors.get_household(request.user, data["household"])
            if data.get("household")
            else None
        )
        family = services.add_support_family(
            actor=request.user,
            team=team,
            name=data["name"],
            contact=data.get("contact", ""),
            wijk=data.get("wijk", ""),
            household=household,
            max_families=data.get("max_families", 1),
            active=data.get("active", True),
        )
        return created(self._detail(family.pk))

    def partial_update(self, request, pk=None):
        f = self._family(pk)
        data = _parsed(s.BuurtgezinnenSupportFamilyUpdateSerializer, request)
        cipher = Cipher().load([f.data_key])
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
            name=data["name"]
            if "name" in data
            else (_open(cipher, SupportFamily, "name", f) or ""),
            contact=data["contact"]
            if "contact" in data
            else (_open(cipher, SupportFamily, "contact", f) or ""),
            wijk=data.get("wijk", f.wijk),
            household=household,
            max_families=data.get("max_families", f.max_families),
            active=data.get("active", f.active),
        )
        return Response(self._detail(pk))


def _match_data(m: SupportMatch, cipher: Cipher) -> dict:
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


@_schema(
    "support matches",
    s.BuurtgezinnenMatchSerializer,
    s.BuurtgezinnenMatchCreateSerializer,
    s.BuurtgezinnenMatchUpdateSerializer,
)
class MatchViewSet(CaseworkViewSet):
    queryset = SupportMatch.objects.none()
    serializer_class = s.BuurtgezinnenMatchSerializer

    def get_queryset(self):
        return selectors.visible_matches(self.request.user).select_related(
            "household__data_key", "team"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cipher = Cipher().load(m.household.data_key for m in page)
        data = [_match_data(m, cipher) for m in page]
        selectors.log_households(
            request.user, [m.household_id for m in page], "api_buurtgezinnen_matches", "list"
        )
        return self.get_paginated_response(s.BuurtgezinnenMatchSerializer(data, many=True).data)

    def _detail(self, pk) -> dict:
        m = selectors.get_match(self.request.user, parse_pk(pk))
        cipher = Cipher().load([m.household.data_key])
        selectors.log_households(
            self.request.user, [m.household_id], "api_buurtgezinnen_match", "view"
        )
        return s.BuurtgezinnenMatchSerializer(_match_data(m, cipher)).data

    def retrieve(self, request, pk=None):
        return Response(self._detail(pk))

    def create(self, request):
        data = _parsed(s.BuurtgezinnenMatchCreateSerializer, request)
        match = services.start_match(
            actor=request.user,
            support_family=selectors.get_support_family(request.user, data["support_family"]),
            household=selectors.get_household(request.user, data["household"]),
            start_date=data["start_date"],
            rhythm=data["rhythm"],
            end_date=data.get("end_date"),
        )
        return created(self._detail(match.pk))

    def partial_update(self, request, pk=None):
        m = selectors.get_match(request.user, parse_pk(pk))
        data = _parsed(s.BuurtgezinnenMatchUpdateSerializer, request)
        cipher = Cipher().load([m.household.data_key])
        services.update_match(
            actor=request.user,
            match=m,
            expected_version=data["version"],
            start_date=data.get("start_date", m.start_date),
            rhythm=data.get("rhythm", m.rhythm),
            end_date=data.get("end_date", m.end_date),
            evaluation=data["evaluation"]
            if "evaluation" in data
            else (_open(cipher, SupportMatch, "evaluation", m) or ""),
            outcome=data.get("outcome", m.outcome),
        )
        return Response(self._detail(pk))
