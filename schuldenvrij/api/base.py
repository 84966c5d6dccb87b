"""The base viewset of the Schuldenvrij API, scoped to the enrolments of the user's teams."""

from __future__ import annotations

from casework.api import CaseworkViewSet
from schuldenvrij import selectors


class SchuldenvrijViewSet(CaseworkViewSet):
    """Scoped to the Schuldenvrij enrolments of the user's teams."""

    # The access log names what was returned as the pages do ("schuldenvrij_api_debts").
    log_prefix = "schuldenvrij_"
    subject = "enrolment.participant_id"

    def keys_of(self, obj) -> dict:
        # What the row of each versioned record of an enrolment starts with.
        return {
            "id": obj.pk,
            "version": obj.version,
            "enrolment": obj.enrolment_id,
            "participant": obj.enrolment.participant_id,
        }

    def scoped(self, model, path: str = "enrolment"):
        return model.objects.filter(**{f"{path}__in": selectors.enrolments(self.request.user)})
