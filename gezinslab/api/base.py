"""Shared helpers of the gezinslab API: the base viewset, schema declaration, lookups."""

from __future__ import annotations

from operator import attrgetter

from django.core.exceptions import ValidationError

from accounts.models import User
from apibase.schema import Op, endpoints
from apibase.viewsets import ListMixin, RetrieveMixin
from casework.api import CaseworkViewSet
from gezinslab import selectors
from gezinslab.models import (
    SystemOrganisation,
)
from privacy.crypto import Cipher


def _user(pk) -> User | None:
    return User.objects.filter(pk=pk).first() if pk else None


def _organisation(code: str) -> SystemOrganisation:
    organisation = SystemOrganisation.objects.filter(code=code, active=True).first()
    if organisation is None:
        raise ValidationError({"organisation": ["Onbekende organisatie (code)."]})
    return organisation


# Lookups of the fields sent to a write (``KoersViewSet.write``): (user, value) -> object.
USER = {"professional": lambda _, pk: _user(pk), "peer_expert": lambda _, pk: _user(pk)}
ORGANISATION = {"organisation": lambda _, code: _organisation(code)}


def _schema(name: str, out, create_in=None, update_in=None):
    operations = {
        "list": Op(f"List the {name} of your teams"),
        "retrieve": Op(f"Read one of the {name}"),
    }
    if create_in is not None:
        operations["create"] = Op(f"Create one of the {name}", create_in)
    if update_in is not None:
        operations["partial_update"] = Op(
            f"Change one of the {name}",
            update_in,
            description="Send `version` as read; fields left out keep their value. A stale "
            "version gets 409 and nothing is saved.",
        )
    return endpoints(out, **operations)


class GezinslabViewSet(ListMixin, RetrieveMixin, CaseworkViewSet):
    # Households (or support families) are the subjects of the access log.
    subject_type = "household"

    def kept(self, obj, data: dict, *, plain=(), sealed=()) -> dict:
        # The fields of a change (PATCH) that the body may leave out: each as the body sent
        # it, else as ``obj`` holds it now; ``sealed`` ones decrypted ("" when empty).
        cipher = Cipher().load([attrgetter(self.data_key)(obj)])
        values = {name: data.get(name, getattr(obj, name)) for name in plain}
        for name in sealed:
            values[name] = (
                data[name] if name in data else (_open(cipher, type(obj), name, obj) or "")
            )
        return values


def _open(cipher, model, column, obj):
    return selectors._open(cipher, model, column, obj)
