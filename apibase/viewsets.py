"""The base of every app's API viewsets. An endpoint of Koers reads its objects through the
app's scoped queryset or selector (another team's object is a 404), decrypts a page with one
key load, writes every subject it returns to the access log, answers with its output
serializer, and writes through a service with the user as actor (a stale ``version`` is a
409, see ``framework.exception_handler``). ``KoersViewSet`` does each of these once; a
viewset declares what differs (its log names, where the subject and the key are) and says
how an object becomes the data of its output serializer (``to_data``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from django.http import Http404
from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.tokens import BearerTokenAuthentication
from apibase.framework import CursorPagination, parse_pk
from apibase.policies import HasScope
from privacy import services as privacy_services
from privacy.crypto import Cipher


def log_returned(
    user, subject_ids, what: str, action: str, subject_type: str = "participant"
) -> None:
    """One access event per subject returned (purpose care), like the pages write."""
    privacy_services.log_access(
        user=user,
        looks=[
            privacy_services.Look(
                subject_id=subject_id, what=what, action=action, subject_type=subject_type
            )
            for subject_id in dict.fromkeys(subject_ids)
        ],
        purpose="care",
    )


class KoersViewSet(viewsets.GenericViewSet):
    """What every API viewset of Koers shares: a bearer token (or the session of the
    browsable pages), an authenticated user whose token has the method's scope, cursor
    pagination, django-filter, GET/POST/PATCH and any lookup value (checked by the view).
    Each app's base adds its access rule to ``permission_classes``; errors become problem
    details in ``exception_handler`` (version conflicts as 409)."""

    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, HasScope]
    pagination_class = CursorPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[^/]+"

    #: The serializer of the answers (``serializer_class`` when not set).
    output_serializer = None
    #: What the access log calls a page and one object of this resource, e.g.
    #: ``("api_debts", "api_debt")``; ``None`` (for both or one): not logged here, because
    #: nothing personal is returned or a selector logs it.
    logged_as: tuple[str | None, str | None] | None = None
    #: The attribute path from an object to the id of the subject it is about.
    subject = "participant_id"
    subject_type = "participant"
    #: Put before each logged name by apps whose pages log so (``"schuldenvrij_"``).
    log_prefix = ""
    #: The attribute path from an object to the key of its encrypted fields; ``None``:
    #: nothing to decrypt (``to_data`` then gets no cipher).
    data_key: str | None = None

    # --- reading ----------------------------------------------------------------------------

    #: The selector reading one object by primary key in the user's scope, ``(user, pk)``,
    #: as ``staticmethod(selectors.get_...)``; ``None``: ``get_queryset()`` is filtered.
    selector = None

    def parse_key(self, key):
        """A primary key from the URL (a UUID; malformed: 404); another lookup as given."""
        return parse_pk(key) if self.lookup_field == "pk" else key

    def one(self, key):
        """The object of this lookup value, or 404."""
        key = self.parse_key(key)
        if self.selector is not None:
            return self.selector(self.request.user, key)
        obj = self.get_queryset().filter(**{self.lookup_field: key}).first()
        if obj is None:
            raise Http404
        return obj

    def to_data(self, obj, cipher=None):
        """What the output serializer reads for one object (by default the object)."""
        return obj

    def rows(self, objects, action: str) -> list:
        """The data of ``objects`` (decrypted with one key load), every subject logged as
        returned by ``action`` (``list`` or ``view``)."""
        objects = list(objects)
        cipher = None
        if self.data_key is not None:
            cipher = Cipher().load(attrgetter(self.data_key)(obj) for obj in objects)
        what = self.logged_as[action != "list"] if self.logged_as else None
        if what is not None:
            self.log([attrgetter(self.subject)(obj) for obj in objects], what, action)
        return [self.to_data(obj, cipher) for obj in objects]

    def log(self, subject_ids, what: str, action: str) -> None:
        log_returned(
            self.request.user, subject_ids, self.log_prefix + what, action, self.subject_type
        )

    def output(self, data, **kwargs):
        return (self.output_serializer or self.serializer_class)(data, **kwargs).data

    def page(self, queryset=None) -> Response:
        """One page of ``queryset`` (by default the filtered ``get_queryset()``); all of it
        for a viewset without pagination."""
        if queryset is None:
            queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self.output(self.rows(queryset, "list"), many=True))
        return self.get_paginated_response(self.output(self.rows(page, "list"), many=True))

    def answer(self, obj, status: int = 200) -> Response:
        """One object as the output serializer has it (its subject logged as viewed)."""
        return Response(self.output(self.rows([obj], "view")[0]), status=status)

    def answer_created(self, obj) -> Response:
        """201 with a new object as the user reads it back (its subject logged as viewed)."""
        return self.answer(self.one(obj.pk), status=201)

    # --- writing ----------------------------------------------------------------------------

    def parsed(self, serializer_class) -> dict:
        """The request body validated by ``serializer_class`` (field errors: 400)."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def write(self, service, serializer_class, *, lookups=None, **arguments):
        """Call ``service`` with the user as ``actor`` and every field ``serializer_class``
        validated: ``version`` as ``expected_version``, each field named in ``lookups``
        (when sent) through its selector ``(user, value)`` (404 outside the user's scope),
        and ``arguments`` for what the body does not hold (the object to change, or the
        current value of a field left out)."""
        data = self.parsed(serializer_class)
        if "version" in data:
            data["expected_version"] = data.pop("version")
        for name, lookup in (lookups or {}).items():
            if name in data:
                data[name] = lookup(self.request.user, data[name])
        return service(actor=self.request.user, **{**arguments, **data})

    def create_through(self, service, serializer_class, **kwargs) -> Response:
        """``write`` a new object (see there for ``kwargs``) and answer it with 201."""
        return self.answer_created(self.write(service, serializer_class, **kwargs))


@dataclass(frozen=True)
class Creates:
    """What ``create`` writes through: the service, the serializer of the body, the
    lookups of its fields and any fixed ``arguments`` (see ``KoersViewSet.write``)."""

    service: Callable
    serializer: type
    lookups: dict = field(default_factory=dict)
    arguments: dict = field(default_factory=dict)


class CreateMixin:
    # ``create`` through one service, declared as ``creates = Creates(...)``: answers 201
    # with the new object as the user reads it back. (A comment: a class docstring would
    # become the description of every viewset below it in the schema.)

    creates: Creates

    def create(self, request):
        c = self.creates
        return self.create_through(c.service, c.serializer, lookups=c.lookups, **c.arguments)


@dataclass(frozen=True)
class Updates:
    """What ``partial_update`` writes through: the service, the serializer of the body, the
    keyword under which the service takes the object changed, and the selector ``(user, pk)``
    that reads it for the service (``None``: the viewset's ``one``)."""

    service: Callable
    serializer: type
    keyword: str
    lookup: Callable | None = None


class UpdateMixin:
    # ``partial_update`` through one service, declared as ``updates = Updates(...)``: writes
    # the body to the object and answers with the object as the user reads it back.

    updates: Updates

    def partial_update(self, request, pk=None):
        u = self.updates
        obj = self.one(pk) if u.lookup is None else u.lookup(request.user, self.parse_key(pk))
        self.write(u.service, u.serializer, **{u.keyword: obj})
        return self.answer(self.one(pk))


class ListMixin:
    def list(self, request):
        return self.page()


class RetrieveMixin:
    def retrieve(self, request, **kwargs):
        return self.answer(self.one(kwargs[self.lookup_url_kwarg or self.lookup_field]))
