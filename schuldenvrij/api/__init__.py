"""API v1 endpoints of the schuldenvrij app, mounted under /api/v1/ by koers.api_urls.

The same rules as the pages: caseworkers and team leads of the team (peer experts and every
other role get 403), objects of another team 404, reads through ``schuldenvrij.selectors``
(one key load per page, one access event per participant returned), writes through
``schuldenvrij.services`` (Dutch field errors; a stale ``version`` gets 409).

One module per resource family; ``routes`` registers them and builds ``urlpatterns``.
"""

from __future__ import annotations

from schuldenvrij.api.base import (  # noqa: F401
    SchuldenvrijViewSet,
)
from schuldenvrij.api.debts import (  # noqa: F401
    DebtViewSet,
    ForgivenessViewSet,
    PlaceViewSet,
)
from schuldenvrij.api.follow_up import (  # noqa: F401
    ContactViewSet,
    FollowUpViewSet,
    TurningEighteenViewSet,
)
from schuldenvrij.api.intake import (  # noqa: F401
    IntakeViewSet,
    SnapshotViewSet,
)
from schuldenvrij.api.routes import (  # noqa: F401
    router,
    urlpatterns,
)
