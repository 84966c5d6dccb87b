"""API v1 endpoints of the gezinslab app, mounted under /api/v1/ by koers.api_urls.

The same rules as the pages: reads through ``gezinslab.selectors`` (team scope, households
visible to the user), one ``Cipher().load`` per page, every household or support family
returned written to the access log; writes through ``gezinslab.services``; a stale
``version`` gets 409. The barrier table is aggregated and suppressed (programme office).

One module per resource family; ``routes`` registers them and builds ``urlpatterns``.
"""

from __future__ import annotations

from gezinslab.api.barriers import (  # noqa: F401
    BarrierViewSet,
    BreakthroughViewSet,
)
from gezinslab.api.buurtgezinnen import (  # noqa: F401
    MatchViewSet,
    SupportFamilyViewSet,
)
from gezinslab.api.dashboard import (  # noqa: F401
    BarrierTableViewSet,
    DashboardAccess,
)
from gezinslab.api.routes import (  # noqa: F401
    router,
    table_router,
    urlpatterns,
)
from gezinslab.api.trajectories import (  # noqa: F401
    FamilyGoalViewSet,
    TrajectoryViewSet,
)
