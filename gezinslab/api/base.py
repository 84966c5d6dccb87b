"""Shared helpers of the gezinslab API: schema declaration, input parsing, lookups."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view

from accounts.models import User
from apibase.framework import (
    LIST_ERRORS,
    READ_ERRORS,
    UPDATE_ERRORS,
    WRITE_ERRORS,
)
from gezinslab import selectors
from gezinslab.models import (
    SystemOrganisation,
)


def _user(pk) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _organisation(code: str) -> SystemOrganisation:
    organisation = SystemOrganisation.objects.filter(code=code, active=True).first()
    if organisation is None:
        raise ValidationError({"organisation": ["Onbekende organisatie (code)."]})
    return organisation


def _schema(name: str, out, create_in=None, update_in=None):
    views = {
        "list": extend_schema(
            summary=f"List the {name} of your teams",
            responses={200: out(many=True), **LIST_ERRORS},
        ),
        "retrieve": extend_schema(
            summary=f"Read one of the {name}", responses={200: out, **READ_ERRORS}
        ),
    }
    if create_in is not None:
        views["create"] = extend_schema(
            summary=f"Create one of the {name}",
            request=create_in,
            responses={201: out, **WRITE_ERRORS},
        )
    if update_in is not None:
        views["partial_update"] = extend_schema(
            summary=f"Change one of the {name}",
            description="Send `version` as read; fields left out keep their value. A stale "
            "version gets 409 and nothing is saved.",
            request=update_in,
            responses={200: out, **UPDATE_ERRORS},
        )
    return extend_schema_view(**views)


def _parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _open(cipher, model, column, obj):
    return selectors._open(cipher, model, column, obj)
