"""The base viewset of the Schuldenvrij API, scoped to the enrolments of the user's teams."""

from __future__ import annotations

from django.http import Http404

from apibase.framework import (
    parse_pk,
)
from casework.api import CaseworkViewSet
from schuldenvrij import selectors


class SchuldenvrijViewSet(CaseworkViewSet):
    """Scoped to the Schuldenvrij enrolments of the user's teams."""

    def scoped(self, model, path: str = "enrolment"):
        return model.objects.filter(**{f"{path}__in": selectors.enrolments(self.request.user)})

    def one(self, queryset, pk):
        obj = queryset.filter(pk=parse_pk(pk)).first()
        if obj is None:
            raise Http404
        return obj

    def logged_page(self, serializer_class, to_data, participant_of, what: str):
        """A page of the queryset as ``serializer_class`` data (each object through
        ``to_data``); every participant on the page is logged as listed under ``what``."""
        page = self.paginate_queryset(self.get_queryset())
        selectors._log(self.request.user, [participant_of(obj) for obj in page], what, "list")
        return self.get_paginated_response(
            serializer_class([to_data(obj) for obj in page], many=True).data
        )
