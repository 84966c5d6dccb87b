"""API v1 endpoints of the baangaranties app, mounted under /api/v1/ by koers.api_urls.

The same selectors, services and rules as the pages: reference data (chains, employers,
commitments, offered places) for the team, the programme office and the functional admin;
case data (placements, retention checks, the Open Hiring list, routes out of social
assistance) for the file roles within their teams' baangarantie enrolments. Participants
appear by id only (nothing is decrypted); every participant returned is written to the
access log all the same. A stale ``version`` gets 409.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.roles import FILE_ROLES, FUNCTIONAL_ADMIN, PROGRAMME_OFFICE
from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
    declare,
    parse_pk,
)
from apibase.viewsets import KoersViewSet
from baangaranties import selectors, services
from baangaranties import serializers as s
from baangaranties.models import (
    AssistanceRoute,
    BranchChain,
    Commitment,
    Employer,
    OfferedPlace,
    OpenHiringSignup,
    Placement,
    RetentionCheck,
)
from privacy.models import AccessEvent

REFERENCE_ROLES = FILE_ROLES | {PROGRAMME_OFFICE, FUNCTIONAL_ADMIN}


class BaangarantiesViewSet(KoersViewSet):
    """Roles are enforced by the access declaration (``declare`` below); scope in the view."""

    output_serializer = None

    def _page(self, queryset, *, log_what: str | None = None, participant=lambda row: None):
        page = self.paginate_queryset(queryset)
        if log_what:
            selectors._log(
                self.request.user,
                [participant(row) for row in page],
                log_what,
                AccessEvent.Action.LIST,
            )
        return self.get_paginated_response(self.output_serializer(page, many=True).data)


def _int(value) -> int:
    if not str(value).isdigit():
        raise Http404
    return int(value)


def _one(queryset, pk):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def _ref(model, pk, field: str):
    """A referenced row by id, or a field error."""
    row = model.objects.filter(pk=pk).first() if pk is not None else None
    if row is None:
        raise ValidationError({field: ["Onbekend."]})
    return row


# --- reference data -----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the branch chains",
        responses={200: s.ChainSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a branch chain", responses={200: s.ChainSerializer, **READ_ERRORS}
    ),
)
class ChainViewSet(BaangarantiesViewSet):
    queryset = BranchChain.objects.none()
    serializer_class = output_serializer = s.ChainSerializer

    def list(self, request):
        return self._page(BranchChain.objects.all())

    def retrieve(self, request, pk=None):
        return Response(s.ChainSerializer(_one(BranchChain.objects.all(), _int(pk))).data)


@extend_schema_view(
    list=extend_schema(
        summary="List the employers of the chains",
        responses={200: s.EmployerSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an employer", responses={200: s.EmployerSerializer, **READ_ERRORS}
    ),
)
class EmployerViewSet(BaangarantiesViewSet):
    queryset = Employer.objects.none()
    serializer_class = output_serializer = s.EmployerSerializer

    def list(self, request):
        return self._page(Employer.objects.all())

    def retrieve(self, request, pk=None):
        return Response(s.EmployerSerializer(_one(Employer.objects.all(), _int(pk))).data)


@extend_schema_view(
    list=extend_schema(
        summary="List the yearly commitments of the chains",
        responses={200: s.CommitmentSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a commitment", responses={200: s.CommitmentSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Enter or change a chain's commitment for a year",
        description="Team leads and the functional admin only (others: 403). To change an "
        "existing commitment send its `version`; a commitment cannot go below the placements "
        "already made under it.",
        request=s.CommitmentWriteSerializer,
        responses={201: s.CommitmentSerializer, **UPDATE_ERRORS},
    ),
)
class CommitmentViewSet(BaangarantiesViewSet):
    queryset = Commitment.objects.none()
    serializer_class = output_serializer = s.CommitmentSerializer

    def list(self, request):
        return self._page(Commitment.objects.all())

    def retrieve(self, request, pk=None):
        return Response(s.CommitmentSerializer(_one(Commitment.objects.all(), _int(pk))).data)

    def create(self, request):
        serializer = s.CommitmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        commitment = services.save_commitment(
            actor=request.user,
            chain=_ref(BranchChain, data.pop("chain"), "chain"),
            expected_version=data.pop("version", None),
            **data,
        )
        return Response(s.CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="List the offered places",
        responses={200: s.OfferedPlaceSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read an offered place", responses={200: s.OfferedPlaceSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Record places an employer offers",
        description="Caseworkers, team leads and the functional admin (others: 403).",
        request=s.OfferedPlaceWriteSerializer,
        responses={201: s.OfferedPlaceSerializer, **WRITE_ERRORS},
    ),
)
class OfferedPlaceViewSet(BaangarantiesViewSet):
    queryset = OfferedPlace.objects.none()
    serializer_class = output_serializer = s.OfferedPlaceSerializer

    def list(self, request):
        return self._page(OfferedPlace.objects.all())

    def retrieve(self, request, pk=None):
        return Response(s.OfferedPlaceSerializer(_one(OfferedPlace.objects.all(), _int(pk))).data)

    def create(self, request):
        serializer = s.OfferedPlaceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        offer = services.add_offered_place(
            actor=request.user, employer=_ref(Employer, data.pop("employer"), "employer"), **data
        )
        return Response(s.OfferedPlaceSerializer(offer).data, status=status.HTTP_201_CREATED)


# --- case data ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the placements of your teams' baangarantie participants",
        responses={200: s.PlacementSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a placement with its retention checks",
        responses={200: s.PlacementSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Place a participant",
        description="Refused (400) when the chain's commitment for the year and kind is full, "
        "all basic jobs are taken, the end lies before the start, or the route does not fit "
        "the kind of place. Creates the retention checks at 3, 6 and 12 months.",
        request=s.PlacementCreateSerializer,
        responses={201: s.PlacementSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="End a placement",
        description="Send `version`, `end_date` and `end_reason`; a stale version gets 409.",
        request=s.PlacementEndSerializer,
        responses={200: s.PlacementSerializer, **UPDATE_ERRORS},
    ),
)
class PlacementViewSet(BaangarantiesViewSet):
    queryset = Placement.objects.none()
    serializer_class = output_serializer = s.PlacementSerializer

    def get_queryset(self):
        return selectors.visible_placements(self.request.user).prefetch_related("checks")

    def _detail(self, placement) -> dict:
        placement = self.get_queryset().get(pk=placement.pk)
        selectors._log(
            self.request.user, [placement.participant_id], "api_placement", AccessEvent.Action.VIEW
        )
        return s.PlacementSerializer(placement).data

    def list(self, request):
        return self._page(
            self.get_queryset(), log_what="api_placements", participant=lambda p: p.participant_id
        )

    def retrieve(self, request, pk=None):
        return Response(self._detail(selectors.get_placement(request.user, parse_pk(pk))))

    def create(self, request):
        serializer = s.PlacementCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = selectors.get_programme_enrolment(request.user, data.pop("enrolment"))
        employer = data.pop("employer", None)
        offer = data.pop("offered_place", None)
        placement = services.create_placement(
            actor=request.user,
            enrolment=enrolment,
            employer=_ref(Employer, employer, "employer") if employer is not None else None,
            offered_place=_ref(OfferedPlace, offer, "offered_place") if offer is not None else None,
            **data,
        )
        return Response(self._detail(placement), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        placement = selectors.get_placement(request.user, parse_pk(pk))
        serializer = s.PlacementEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        placement = services.end_placement(
            actor=request.user,
            placement=placement,
            expected_version=data["version"],
            end_date=data["end_date"],
            end_reason=data["end_reason"],
        )
        return Response(self._detail(placement))


@extend_schema_view(
    list=extend_schema(
        summary="List the retention checks of your teams' placements",
        description="Filter `due=1`: not yet done and due within two weeks.",
        responses={200: s.CheckSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a retention check", responses={200: s.CheckSerializer, **READ_ERRORS}
    ),
    partial_update=extend_schema(
        summary="Record a retention check",
        request=s.CheckUpdateSerializer,
        responses={200: s.CheckSerializer, **UPDATE_ERRORS},
    ),
)
class CheckViewSet(BaangarantiesViewSet):
    queryset = RetentionCheck.objects.none()
    serializer_class = output_serializer = s.CheckSerializer

    def get_queryset(self):
        return selectors.visible_checks(self.request.user).select_related("placement")

    def list(self, request):
        queryset = self.get_queryset()
        if request.query_params.get("due") == "1":
            import datetime as dt

            queryset = queryset.filter(
                checked_on__isnull=True,
                due_on__lte=services._today() + dt.timedelta(days=selectors.DUE_WITHIN_DAYS),
            )
        return self._page(
            queryset, log_what="api_checks", participant=lambda c: c.placement.participant_id
        )

    def retrieve(self, request, pk=None):
        check = selectors.get_check(request.user, parse_pk(pk))
        selectors._log(request.user, [check.placement.participant_id], "api_check", "view")
        return Response(s.CheckSerializer(check).data)

    def partial_update(self, request, pk=None):
        check = selectors.get_check(request.user, parse_pk(pk))
        serializer = s.CheckUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        check = services.record_check(
            actor=request.user,
            check=check,
            expected_version=data["version"],
            still_employed=data["still_employed"],
            checked_on=data["checked_on"],
        )
        check = selectors.get_check(request.user, check.pk)
        return Response(s.CheckSerializer(check).data)


@extend_schema_view(
    list=extend_schema(
        summary="The Open Hiring list of your teams, in the order of signing up",
        responses={200: s.SignupSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a sign-up", responses={200: s.SignupSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Sign a participant up for Open Hiring",
        description="No interview, no CV: the moment of signing up decides the order.",
        request=s.SignupCreateSerializer,
        responses={201: s.SignupSerializer, **WRITE_ERRORS},
    ),
)
class OpenHiringViewSet(BaangarantiesViewSet):
    queryset = OpenHiringSignup.objects.none()
    serializer_class = output_serializer = s.SignupSerializer

    def get_queryset(self):
        return selectors.visible_signups(self.request.user)

    def list(self, request):
        return self._page(
            self.get_queryset(), log_what="api_open_hiring", participant=lambda r: r.participant_id
        )

    def retrieve(self, request, pk=None):
        signup = selectors.get_signup(request.user, parse_pk(pk))
        selectors._log(request.user, [signup.participant_id], "api_open_hiring", "view")
        return Response(s.SignupSerializer(signup).data)

    def create(self, request):
        serializer = s.SignupCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        enrolment = selectors.get_programme_enrolment(
            request.user, serializer.validated_data["enrolment"]
        )
        signup = services.sign_up_open_hiring(actor=request.user, enrolment=enrolment)
        return Response(s.SignupSerializer(signup).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Routes out of social assistance of your teams' participants",
        responses={200: s.RouteSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read a route", responses={200: s.RouteSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary="Record a route out of social assistance",
        request=s.RouteCreateSerializer,
        responses={201: s.RouteSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a route (kind, target date, status)",
        request=s.RouteUpdateSerializer,
        responses={200: s.RouteSerializer, **UPDATE_ERRORS},
    ),
)
class RouteViewSet(BaangarantiesViewSet):
    queryset = AssistanceRoute.objects.none()
    serializer_class = output_serializer = s.RouteSerializer

    def get_queryset(self):
        return selectors.visible_routes(self.request.user)

    def list(self, request):
        return self._page(
            self.get_queryset(), log_what="api_routes", participant=lambda r: r.participant_id
        )

    def retrieve(self, request, pk=None):
        route = selectors.get_route(request.user, parse_pk(pk))
        selectors._log(request.user, [route.participant_id], "api_route", "view")
        return Response(s.RouteSerializer(route).data)

    def create(self, request):
        serializer = s.RouteCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = selectors.get_programme_enrolment(request.user, data.pop("enrolment"))
        route = services.add_route(actor=request.user, enrolment=enrolment, **data)
        return Response(s.RouteSerializer(route).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        route = selectors.get_route(request.user, parse_pk(pk))
        serializer = s.RouteUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        route = services.update_route(
            actor=request.user,
            route=route,
            expected_version=data["version"],
            route_kind=data["route"],
            target_date=data.get("target_date"),
            status=data["status"],
            status_date=data.get("status_date"),
        )
        return Response(s.RouteSerializer(route).data)


reference = SimpleRouter()
reference.register("baangaranties/chains", ChainViewSet, basename="baangaranties-chain")
reference.register("baangaranties/employers", EmployerViewSet, basename="baangaranties-employer")
reference.register(
    "baangaranties/commitments", CommitmentViewSet, basename="baangaranties-commitment"
)
reference.register(
    "baangaranties/offered-places", OfferedPlaceViewSet, basename="baangaranties-offered-place"
)

casedata = SimpleRouter()
casedata.register("baangaranties/placements", PlacementViewSet, basename="baangaranties-placement")
casedata.register(
    "baangaranties/retention-checks", CheckViewSet, basename="baangaranties-retention-check"
)
casedata.register(
    "baangaranties/open-hiring", OpenHiringViewSet, basename="baangaranties-open-hiring"
)
casedata.register("baangaranties/routes", RouteViewSet, basename="baangaranties-route")

urlpatterns = [
    *declare(reference.urls, roles=REFERENCE_ROLES),
    *declare(casedata.urls, roles=FILE_ROLES),
]
