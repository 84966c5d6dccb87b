"""API v1 endpoints of the financing app, mounted under /api/v1/ by koers.api_urls.

Agreements and claims for the users granted on them (programme office: all), claims with the
agreement's pseudonym and the evidence as months and values, the verification of a claim by
an evaluator, and the outcome report of an agreement and period (logged with its hash)."""

from __future__ import annotations

from functools import lru_cache

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.permissions import has_role
from accounts.roles import EVALUATOR, PROGRAMME_OFFICE, TEAM_LEAD
from apibase.framework import (
    PROBLEM_CONTENT_TYPE,
    READ_ERRORS,
    CursorPagination,
    ProblemSerializer,
    declare,
)
from apibase.schema import Op, endpoints
from apibase.viewsets import KoersViewSet
from financing import reports, selectors, services
from financing import serializers as s
from financing.permissions import ALL, REPORT_ROLES
from privacy.pseudonyms import Pseudonymiser

REPORT_ERRORS = {
    **READ_ERRORS,
    (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
        response=ProblemSerializer,
        description="A bad period (format, future, outside 2000-2100 or outside the agreement); "
        "the Dutch message is in `errors.period`.",
    ),
}


class FinancingViewSet(KoersViewSet):
    http_method_names = ["get", "post", "head", "options"]


@endpoints(
    s.FinancingAgreementSerializer,
    list="List the outcome agreements you are granted",
    retrieve=Op(
        "Read an outcome agreement with its outcome definitions",
        response=s.FinancingAgreementDetailSerializer,
    ),
    report=Op(
        "The outcome report of an agreement for a period",
        description="Exact for the agreement's evaluators (what the agreement pays on) and, "
        "unless the release policy puts management on the public method, for the programme "
        "office and team leads granted on the agreement; `method` says which (`exact` or "
        "`cell_key`), and with `cell_key` no amounts are released (`payments.released` is "
        "false). Counts are integers, amounts decimal strings with a dot. No free text. Each "
        "report is logged with its SHA-256 (returned as `sha256`). A bad period gets 400 with "
        "a Dutch message.",
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="YYYY, YYYY-K1..K4 or YYYY-MM (default: the current year)",
                required=False,
            )
        ],
        response=s.FinancingReportSerializer,
        errors=REPORT_ERRORS,
    ),
)
class AgreementViewSet(
    viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin, FinancingViewSet
):
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = type("CodePagination", (CursorPagination,), {"ordering": "code"})

    def get_queryset(self):
        return selectors.visible_agreements(self.request.user).prefetch_related("definitions")

    def get_serializer_class(self):
        return (
            s.FinancingAgreementDetailSerializer
            if self.action == "retrieve"
            else s.FinancingAgreementSerializer
        )

    @action(detail=True, methods=["get"])
    def report(self, request, code=None):
        if not has_role(request.user, *REPORT_ROLES):
            services._deny("report_role", actor=request.user)
        agreement = self.get_object()
        if not has_role(request.user, PROGRAMME_OFFICE):
            services.require_granted(request.user, agreement, EVALUATOR, TEAM_LEAD)
        data = reports.build_cached(
            agreement,
            request.query_params.get("period", ""),
            audience=reports.audience_of(request.user),
        )
        digest = reports.sha256(reports.canonical(data))
        reports.log_report(
            user=request.user,
            agreement=agreement,
            period=data["period"],
            fmt="json",
            digest=digest,
        )
        return Response({**data, "sha256": digest})


@lru_cache(maxsize=32)
def _pseudonyms(code: str) -> Pseudonymiser:
    return Pseudonymiser("agreement", code)


@endpoints(
    s.FinancingClaimSerializer,
    list=Op(
        "List the claims of your agreements",
        description="A claim's participant or household appears only as the agreement's pseudonym.",
        parameters=[OpenApiParameter("agreement", OpenApiTypes.STR, description="agreement code")],
    ),
    retrieve=Op(
        "Read a claim with its evidence (months and values)",
        response=s.FinancingClaimDetailSerializer,
    ),
    decide=Op(
        "Verify or reject a claim (evaluator on the agreement)",
        s.FinancingDecideSerializer,
        description="Send `version` as read; the claimant can never decide. A stale version "
        "gets 409.",
        response=s.FinancingClaimDetailSerializer,
    ),
)
class ClaimViewSet(
    viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin, FinancingViewSet
):
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        claims = selectors.visible_claims(
            self.request.user, agreement_code=self.request.query_params.get("agreement")
        )
        if self.action == "retrieve":
            claims = claims.prefetch_related("evidence")
        return claims

    def get_object(self):
        return selectors.get_claim(self.request.user, self.kwargs["pk"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "pseudonyms": _pseudonyms}

    def get_serializer_class(self):
        return (
            s.FinancingClaimDetailSerializer
            if self.action == "retrieve"
            else s.FinancingClaimSerializer
        )

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        decided = self.write(
            services.decide_claim, s.FinancingDecideSerializer, claim=self.get_object()
        )
        return Response(
            s.FinancingClaimDetailSerializer(decided, context=self.get_serializer_context()).data
        )


router = SimpleRouter()
router.register("financing/agreements", AgreementViewSet, basename="financing-agreement")
router.register("financing/claims", ClaimViewSet, basename="financing-claim")

urlpatterns = declare(router.urls, roles=ALL)
