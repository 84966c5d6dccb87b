"""Routers of the gezinslab API and the ``urlpatterns`` koers.api_urls mounts."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from accounts.roles import FILE_ROLES, PROGRAMME_OFFICE, TEAM_LEAD
from apibase.framework import (
    declare,
)
from gezinslab.api.barriers import BarrierViewSet, BreakthroughViewSet
from gezinslab.api.buurtgezinnen import MatchViewSet, SupportFamilyViewSet
from gezinslab.api.dashboard import BarrierTableViewSet
from gezinslab.api.trajectories import FamilyGoalViewSet, TrajectoryViewSet

router = SimpleRouter()
router.register("gezinslab/trajectories", TrajectoryViewSet, basename="gezinslab-trajectory")
router.register("gezinslab/goals", FamilyGoalViewSet, basename="gezinslab-goal")
router.register("gezinslab/barriers", BarrierViewSet, basename="gezinslab-barrier")
router.register("gezinslab/breakthroughs", BreakthroughViewSet, basename="gezinslab-breakthrough")
router.register(
    "buurtgezinnen/support-families", SupportFamilyViewSet, basename="buurtgezinnen-family"
)
router.register("buurtgezinnen/matches", MatchViewSet, basename="buurtgezinnen-match")


table_router = SimpleRouter()
table_router.register(
    "gezinslab/barrier-table", BarrierTableViewSet, basename="gezinslab-barrier-table"
)


urlpatterns = declare(router.urls, roles=FILE_ROLES) + declare(
    table_router.urls, roles={PROGRAMME_OFFICE, TEAM_LEAD}
)
