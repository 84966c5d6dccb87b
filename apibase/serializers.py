"""Serializer pieces that the apps' API serializers share."""

from __future__ import annotations

from rest_framework import serializers


# The output of a record with optimistic locking starts with its id and its version (sent
# back on a change; stale: 409). No docstring: the schema would give it to every subclass.
class Versioned(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
