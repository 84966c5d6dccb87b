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
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.roles import FILE_ROLES, FUNCTIONAL_ADMIN, PROGRAMME_OFFICE
from apibase.framework import UPDATE_ERRORS, declare
from apibase.schema import Op, endpoints
from apibase.viewsets import CreateMixin, Creates, KoersViewSet, ListMixin, RetrieveMixin
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

REFERENCE_ROLES = FILE_ROLES | {PROGRAMME_OFFICE, FUNCTIONAL_ADMIN}


class BaangarantiesViewSet(ListMixin, RetrieveMixin, KoersViewSet):
    """Roles are enforced by the access declaration (``declare`` below); scope in the view."""

    log_prefix = "baangaranties_"


def _int(value) -> int:
    if not str(value).isdigit():
        raise Http404
    return int(value)


def _ref(model, pk, field: str):
    """A referenced row by id, or a field error."""
    row = model.objects.filter(pk=pk).first() if pk is not None else None
    if row is None:
        raise ValidationError({field: ["Onbekend."]})
    return row


def _reference(model, field: str) -> dict:
    """The lookup of a referenced row for ``write``."""
    return {field: lambda _user, pk: _ref(model, pk, field)}


# --- reference data -----------------------------------------------------------------------


class ReferenceViewSet(BaangarantiesViewSet):
    # Reference data: whole tables, integer ids, no personal data (nothing logged).
    def parse_key(self, key):
        return _int(key)


class CreateAsWritten(CreateMixin):
    # ``create`` through ``creates``, answered (201) with the object as the service wrote it:
    # nothing is decrypted here, so there is nothing to read back (and no look to log).

    def create(self, request):
        c = self.creates
        written = self.write(c.service, c.serializer, lookups=c.lookups, **c.arguments)
        return Response(self.output(written), status=201)


@endpoints(s.ChainSerializer, list="List the branch chains", retrieve="Read a branch chain")
class ChainViewSet(ReferenceViewSet):
    queryset = BranchChain.objects.all()
    serializer_class = s.ChainSerializer


@endpoints(
    s.EmployerSerializer, list="List the employers of the chains", retrieve="Read an employer"
)
class EmployerViewSet(ReferenceViewSet):
    queryset = Employer.objects.all()
    serializer_class = s.EmployerSerializer


@endpoints(
    s.CommitmentSerializer,
    list="List the yearly commitments of the chains",
    retrieve="Read a commitment",
    create=Op(
        "Enter or change a chain's commitment for a year",
        s.CommitmentWriteSerializer,
        description="Team leads and the functional admin only (others: 403). To change an "
        "existing commitment send its `version`; a commitment cannot go below the placements "
        "already made under it.",
        errors=UPDATE_ERRORS,
    ),
)
class CommitmentViewSet(CreateAsWritten, ReferenceViewSet):
    queryset = Commitment.objects.all()
    serializer_class = s.CommitmentSerializer
    creates = Creates(
        services.save_commitment, s.CommitmentWriteSerializer, _reference(BranchChain, "chain")
    )


@endpoints(
    s.OfferedPlaceSerializer,
    list="List the offered places",
    retrieve="Read an offered place",
    create=Op(
        "Record places an employer offers",
        s.OfferedPlaceWriteSerializer,
        description="Caseworkers, team leads and the functional admin (others: 403).",
    ),
)
class OfferedPlaceViewSet(CreateAsWritten, ReferenceViewSet):
    queryset = OfferedPlace.objects.all()
    serializer_class = s.OfferedPlaceSerializer
    creates = Creates(
        services.add_offered_place, s.OfferedPlaceWriteSerializer, _reference(Employer, "employer")
    )


# --- case data ----------------------------------------------------------------------------


@endpoints(
    s.PlacementSerializer,
    list="List the placements of your teams' baangarantie participants",
    retrieve="Read a placement with its retention checks",
    create=Op(
        "Place a participant",
        s.PlacementCreateSerializer,
        description="Refused (400) when the chain's commitment for the year and kind is full, "
        "all basic jobs are taken, the end lies before the start, or the route does not fit "
        "the kind of place. Creates the retention checks at 3, 6 and 12 months.",
    ),
    partial_update=Op(
        "End a placement",
        s.PlacementEndSerializer,
        description="Send `version`, `end_date` and `end_reason`; a stale version gets 409.",
    ),
)
class PlacementViewSet(BaangarantiesViewSet):
    queryset = Placement.objects.none()
    serializer_class = s.PlacementSerializer
    logged_as = ("api_placements", "api_placement")

    def get_queryset(self):
        return selectors.visible_placements(self.request.user).prefetch_related("checks")

    def one(self, key):
        """The placement in scope, read again with its checks."""
        placement = selectors.get_placement(self.request.user, self.parse_key(key))
        return self.get_queryset().get(pk=placement.pk)

    def create(self, request):
        data = self.parsed(s.PlacementCreateSerializer)
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
        return self.answer(self.get_queryset().get(pk=placement.pk), status=201)

    def partial_update(self, request, pk=None):
        placement = self.write(
            services.end_placement,
            s.PlacementEndSerializer,
            placement=selectors.get_placement(request.user, self.parse_key(pk)),
        )
        return self.answer(self.get_queryset().get(pk=placement.pk))


@endpoints(
    s.CheckSerializer,
    list=Op(
        "List the retention checks of your teams' placements",
        description="Filter `due=1`: not yet done and due within two weeks.",
    ),
    retrieve="Read a retention check",
    partial_update=Op("Record a retention check", s.CheckUpdateSerializer),
)
class CheckViewSet(BaangarantiesViewSet):
    queryset = RetentionCheck.objects.none()
    serializer_class = s.CheckSerializer
    selector = staticmethod(selectors.get_check)
    logged_as = ("api_checks", "api_check")
    subject = "placement.participant_id"

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
        return self.page(queryset)

    def partial_update(self, request, pk=None):
        check = self.write(services.record_check, s.CheckUpdateSerializer, check=self.one(pk))
        return Response(self.output(self.one(check.pk)))


@endpoints(
    s.SignupSerializer,
    list="The Open Hiring list of your teams, in the order of signing up",
    retrieve="Read a sign-up",
    create=Op(
        "Sign a participant up for Open Hiring",
        s.SignupCreateSerializer,
        description="No interview, no CV: the moment of signing up decides the order.",
    ),
)
class OpenHiringViewSet(CreateAsWritten, BaangarantiesViewSet):
    queryset = OpenHiringSignup.objects.none()
    serializer_class = s.SignupSerializer
    selector = staticmethod(selectors.get_signup)
    logged_as = ("api_open_hiring", "api_open_hiring")

    def get_queryset(self):
        return selectors.visible_signups(self.request.user)

    creates = Creates(
        services.sign_up_open_hiring,
        s.SignupCreateSerializer,
        {"enrolment": selectors.get_programme_enrolment},
    )


@endpoints(
    s.RouteSerializer,
    list="Routes out of social assistance of your teams' participants",
    retrieve="Read a route",
    create=Op("Record a route out of social assistance", s.RouteCreateSerializer),
    partial_update=Op("Change a route (kind, target date, status)", s.RouteUpdateSerializer),
)
class RouteViewSet(CreateAsWritten, BaangarantiesViewSet):
    queryset = AssistanceRoute.objects.none()
    serializer_class = s.RouteSerializer
    selector = staticmethod(selectors.get_route)
    logged_as = ("api_routes", "api_route")

    def get_queryset(self):
        return selectors.visible_routes(self.request.user)

    creates = Creates(
        services.add_route,
        s.RouteCreateSerializer,
        {"enrolment": selectors.get_programme_enrolment},
    )

    def partial_update(self, request, pk=None):
        route = self.one(pk)
        data = self.parsed(s.RouteUpdateSerializer)
        route = services.update_route(
            actor=request.user,
            route=route,
            expected_version=data["version"],
            route_kind=data["route"],
            target_date=data.get("target_date"),
            status=data["status"],
            status_date=data.get("status_date"),
        )
        return Response(self.output(route))


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
