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
