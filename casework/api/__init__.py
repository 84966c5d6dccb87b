"""The casework API (``/api/v1/``): the same selectors, services and access log as the pages.

Reads start from the selectors' scoped querysets (``visible_participants`` and friends: team
scope only, so break-the-glass is impossible through the API), decrypt one page at a time
(``selectors.decrypt_person``, one ``Cipher().load`` per page) and log every participant
whose data is returned. Writes go through ``casework.services``; a stale ``version`` gets 409.
One module per resource; this package registers them on the router.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework.routers import SimpleRouter

from accounts.roles import FILE_ROLES
from apibase.framework import declare
from casework.api.common import CaseworkViewSet, FileAccess
from casework.api.documents import DocumentViewSet
from casework.api.enrolments import EnrolmentViewSet
from casework.api.households import HouseholdViewSet
from casework.api.measurements import InstrumentViewSet, MeasurementViewSet
from casework.api.outcomes import MeasureViewSet, OutcomeValueViewSet
from casework.api.participants import ParticipantViewSet
from casework.api.plans import GoalViewSet, PlanViewSet
from casework.api.progress import ProgressViewSet
from casework.api.transfers import TransferViewSet

router = SimpleRouter()
router.register("participants", ParticipantViewSet, basename="participant")
router.register("households", HouseholdViewSet, basename="household")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("plans", PlanViewSet, basename="plan")
router.register("goals", GoalViewSet, basename="goal")
router.register("progress", ProgressViewSet, basename="progress")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("measurements", MeasurementViewSet, basename="measurement")
router.register("measures", MeasureViewSet, basename="measure")
router.register("outcomes", OutcomeValueViewSet, basename="outcome")
router.register("transfers", TransferViewSet, basename="transfer")
router.register(
    r"participants/(?P<participant_pk>[^/.]+)/documents",
    DocumentViewSet,
    basename="participant-document",
)

# Every casework endpoint: the file roles only (the rest gets 403); scope within the view.
urlpatterns = declare(router.urls, roles=FILE_ROLES)

__all__ = [
    "CaseworkViewSet",
    "DocumentViewSet",
    "EnrolmentViewSet",
    "FileAccess",
    "GoalViewSet",
    "HouseholdViewSet",
    "InstrumentViewSet",
    "MeasureViewSet",
    "MeasurementViewSet",
    "OpenApiParameter",
    "OutcomeValueViewSet",
    "ParticipantViewSet",
    "PlanViewSet",
    "ProgressViewSet",
    "TransferViewSet",
    "router",
    "urlpatterns",
]
