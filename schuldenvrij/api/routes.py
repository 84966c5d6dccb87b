"""Router of the Schuldenvrij API and the ``urlpatterns`` koers.api_urls mounts."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from accounts.roles import CASEWORKER, TEAM_LEAD
from apibase.framework import (
    declare,
)
from schuldenvrij.api.debts import DebtViewSet, ForgivenessViewSet, PlaceViewSet
from schuldenvrij.api.follow_up import ContactViewSet, FollowUpViewSet, TurningEighteenViewSet
from schuldenvrij.api.intake import IntakeViewSet, SnapshotViewSet

router = SimpleRouter()
router.register("schuldenvrij/intakes", IntakeViewSet, basename="schuldenvrij-intake")
router.register("schuldenvrij/snapshots", SnapshotViewSet, basename="schuldenvrij-snapshot")
router.register("schuldenvrij/debts", DebtViewSet, basename="schuldenvrij-debt")
router.register("schuldenvrij/places", PlaceViewSet, basename="schuldenvrij-place")
router.register(
    "schuldenvrij/forgivenesses", ForgivenessViewSet, basename="schuldenvrij-forgiveness"
)
router.register("schuldenvrij/follow-ups", FollowUpViewSet, basename="schuldenvrij-follow-up")
router.register(
    "schuldenvrij/turning-18", TurningEighteenViewSet, basename="schuldenvrij-turning-18"
)
router.register("schuldenvrij/contacts", ContactViewSet, basename="schuldenvrij-contact")


# Caseworkers and team leads; peer experts see no financial details (DESIGN.md).
urlpatterns = declare(router.urls, roles=(CASEWORKER, TEAM_LEAD))
