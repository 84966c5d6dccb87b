"""Serializers of the baangaranties API. Output serializers describe rows (no identifier, no
free text: participants appear by id only); input serializers only parse and type-check:
the services validate and save."""

from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from baangaranties.models import (
    AssistanceRoute,
    BranchChain,
    Commitment,
    ContractKind,
    Employer,
    EndReason,
    OfferedPlace,
    OpenHiringSignup,
    PlaceKind,
    Placement,
    RetentionCheck,
    Route,
)
from casework.models import Wijk


def enum(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented by a pattern of its values instead of an ``enum``:
    drf-spectacular gathers every ``enum`` into a named component, and the names of these
    fields (kind, route, status, wijk) are used by other apps for other choice sets."""
    values = [value for value, _label in choices]
    pattern = "^(" + "|".join(re.escape(v) for v in values if v) + ")$"
    if "" in values:
        pattern = "^$|" + pattern

    @extend_schema_field(
        {"type": "string", "pattern": pattern, "description": "One of: " + ", ".join(values)}
    )
    class ChoiceValueField(serializers.ChoiceField):
        pass

    return ChoiceValueField(choices=choices, **kwargs)


VERSION_HELP = "Version for optimistic locking; send it back on update (stale: 409)."


class ChainSerializer(serializers.ModelSerializer):
    class Meta:
        model = BranchChain
        fields = ["id", "version", "name", "sector", "active"]
        read_only_fields = fields


class EmployerSerializer(serializers.ModelSerializer):
    wijk = enum([("", ""), *Wijk.choices], read_only=True)

    class Meta:
        model = Employer
        fields = ["id", "version", "chain", "name", "wijk", "active"]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = [
            "id",
            "version",
            "chain",
            "year",
            "job_guarantees",
            "work_experience_places",
            "internships",
        ]
        read_only_fields = fields


class CommitmentWriteSerializer(serializers.Serializer):
    chain = serializers.IntegerField(help_text="Id of the branch chain.")
    year = serializers.IntegerField()
    job_guarantees = serializers.IntegerField()
    work_experience_places = serializers.IntegerField()
    internships = serializers.IntegerField()
    version = serializers.IntegerField(
        required=False, help_text="Required to change an existing commitment. " + VERSION_HELP
    )


class OfferedPlaceSerializer(serializers.ModelSerializer):
    kind = enum(PlaceKind.choices, read_only=True)

    class Meta:
        model = OfferedPlace
        fields = ["id", "version", "employer", "kind", "year", "places", "opened_on"]
        read_only_fields = fields


class OfferedPlaceWriteSerializer(serializers.Serializer):
    employer = serializers.IntegerField()
    kind = enum(PlaceKind.choices)
    year = serializers.IntegerField()
    places = serializers.IntegerField()
    opened_on = serializers.DateField()


class CheckSerializer(serializers.ModelSerializer):
    participant = serializers.UUIDField(source="placement.participant_id", read_only=True)

    class Meta:
        model = RetentionCheck
        fields = [
            "id",
            "version",
            "placement",
            "participant",
            "months",
            "due_on",
            "checked_on",
            "still_employed",
        ]
        read_only_fields = fields


class CheckUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    still_employed = serializers.BooleanField()
    checked_on = serializers.DateField()


class PlacementSerializer(serializers.ModelSerializer):
    checks = CheckSerializer(many=True, read_only=True)
    kind = enum(PlaceKind.choices, read_only=True)
    route = enum(Route.choices, read_only=True)
    contract_kind = enum(ContractKind.choices, read_only=True)
    end_reason = enum([("", ""), *EndReason.choices], read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "version",
            "enrolment",
            "participant",
            "employer",
            "offered_place",
            "kind",
            "route",
            "start_date",
            "end_date",
            "contract_kind",
            "hours_per_week",
            "end_reason",
            "checks",
        ]
        read_only_fields = fields


class PlacementCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A baangarantie enrolment of one of your teams.")
    employer = serializers.IntegerField(required=False, allow_null=True)
    offered_place = serializers.IntegerField(required=False, allow_null=True)
    kind = enum(PlaceKind.choices)
    route = enum(Route.choices)
    start_date = serializers.DateField()
    contract_kind = enum(ContractKind.choices)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)


class PlacementEndSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    end_date = serializers.DateField()
    end_reason = enum(EndReason.choices)


class SignupSerializer(serializers.ModelSerializer):
    status = enum(OpenHiringSignup.Status.choices, read_only=True)

    class Meta:
        model = OpenHiringSignup
        fields = [
            "id",
            "version",
            "enrolment",
            "participant",
            "signed_up_at",
            "status",
            "offered_on",
            "placement",
        ]
        read_only_fields = fields


class SignupCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A baangarantie enrolment of one of your teams.")


class RouteSerializer(serializers.ModelSerializer):
    route = enum(AssistanceRoute.Kind.choices, read_only=True)
    status = enum(AssistanceRoute.Status.choices, read_only=True)

    class Meta:
        model = AssistanceRoute
        fields = [
            "id",
            "version",
            "enrolment",
            "participant",
            "on_assistance_since",
            "route",
            "target_date",
            "status",
            "status_date",
        ]
        read_only_fields = fields


class RouteCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A baangarantie enrolment of one of your teams.")
    on_assistance_since = serializers.DateField()
    route = enum(AssistanceRoute.Kind.choices)
    target_date = serializers.DateField(required=False, allow_null=True)
    status = enum(AssistanceRoute.Status.choices, default=AssistanceRoute.Status.PLANNED)


class RouteUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=VERSION_HELP)
    route = enum(AssistanceRoute.Kind.choices)
    target_date = serializers.DateField(required=False, allow_null=True)
    status = enum(AssistanceRoute.Status.choices)
    status_date = serializers.DateField(required=False, allow_null=True)
