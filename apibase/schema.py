"""The OpenAPI description of a viewset in one declaration: ``endpoints`` gives each operation
its summary and request and fills in what every endpoint of Koers answers alike (the output
serializer with 200 or 201, and the problem responses of its kind of operation)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.fields import empty

from apibase.framework import LIST_ERRORS, READ_ERRORS, UPDATE_ERRORS, WRITE_ERRORS

# operation -> (status of success, problem responses); any other action (decide, cancel, ...)
# changes a record that has a version, as ``partial_update`` does.
_KINDS: dict[str, tuple[int, dict]] = {
    "list": (200, LIST_ERRORS),
    "retrieve": (200, READ_ERRORS),
    "create": (201, WRITE_ERRORS),
    "partial_update": (200, UPDATE_ERRORS),
}
_ACTION = (200, UPDATE_ERRORS)


@dataclass(frozen=True)
class Op:
    """One operation of a viewset. Left out: ``request`` (the body is the operation's default),
    ``errors`` (those of its kind), ``status`` and ``response`` (the viewset's output serializer,
    a list of them for ``list``)."""

    summary: str
    request: Any = empty
    description: str | None = None
    errors: dict | None = None
    status: Any = None
    response: Any = None
    parameters: list | None = None

    def schema(self, name: str, output) -> Any:
        status, errors = _KINDS.get(name, _ACTION)
        response = self.response
        if response is None:
            response = output(many=True) if name == "list" else output
        kwargs: dict[str, Any] = {
            "summary": self.summary,
            "responses": {self.status or status: response, **(self.errors or errors)},
        }
        if self.description:
            kwargs["description"] = self.description
        if self.request is not empty:
            kwargs["request"] = self.request
        if self.parameters:
            kwargs["parameters"] = self.parameters
        return extend_schema(**kwargs)


def endpoints(output, **operations: Op | str):
    """Class decorator: the schema of each named operation (a bare string is a summary)
    answering with ``output``. For example::

        @endpoints(
            s.GoalSerializer,
            list="List the goals of your teams' plans",
            create=Op("Add a goal to a plan", s.GoalCreateSerializer),
        )
    """
    return extend_schema_view(
        **{
            name: (Op(op) if isinstance(op, str) else op).schema(name, output)
            for name, op in operations.items()
        }
    )
