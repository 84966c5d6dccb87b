"""Serializers of the lifecoaching API. Output serializers describe what the API builds
through the selectors (decrypted where the user may read it); input serializers only parse
and type-check: the services validate, encrypt and save."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apibase.serializers import Versioned
from lifecoaching.models import (
    Advice,
    Coach,
    CoachSession,
    DropoutRisk,
    Interest,
    SchoolLevel,
)


def _enum_field(component: str, choices):
    """A ChoiceField documented as its own named enum component, so that its name does not
    collide with other apps' fields of the same name (``kind``, ``interests``)."""

    @extend_schema_field(
        {"type": "string", "enum": [value for value, _label in choices]}, component_name=component
    )
    class EnumField(serializers.ChoiceField):
        pass

    def make(**kwargs):
        return EnumField(choices=choices, **kwargs)

    return make


CoachKind = _enum_field("LifecoachingCoachKindEnum", Coach.Kind.choices)
SessionKind = _enum_field("LifecoachingSessionKindEnum", CoachSession.Kind.choices)
InterestCode = _enum_field("LifecoachingInterestEnum", Interest.choices)
Level = _enum_field("LifecoachingSchoolLevelEnum", SchoolLevel.choices)
AdviceCode = _enum_field("LifecoachingAdviceEnum", [("", ""), *Advice.choices])
Risk = _enum_field("LifecoachingDropoutRiskEnum", DropoutRisk.choices)

# --- coaches ------------------------------------------------------------------------------


class LifecoachingCoachSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="Send back on update.")
    team = serializers.SlugField(help_text="Code of the coaching team.")
    name = serializers.CharField(allow_null=True, help_text="Name of the coach (decrypted).")
    contact = serializers.CharField(allow_null=True, help_text="Contact details (decrypted).")
    kind = CoachKind()
    vog_date = serializers.DateField(allow_null=True, help_text="Date of the VOG.")
    vog_expiry = serializers.DateField(allow_null=True, help_text="The VOG is valid until.")
    interests = serializers.ListField(child=InterestCode())
    capacity = serializers.IntegerField(help_text="Young people at the same time, at most.")
    running_matches = serializers.IntegerField(help_text="Running matches of this coach.")
    active = serializers.BooleanField()


class LifecoachingCoachInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    contact = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    kind = CoachKind()
    vog_date = serializers.DateField(required=False, allow_null=True, default=None)
    vog_expiry = serializers.DateField(required=False, allow_null=True, default=None)
    interests = serializers.ListField(child=InterestCode(), required=False, default=list)
    capacity = serializers.IntegerField(min_value=1, max_value=50, default=3)
    active = serializers.BooleanField(default=True)


class LifecoachingCoachCreateSerializer(LifecoachingCoachInputSerializer):
    team = serializers.SlugField(help_text="Code of one of your teams.")


class LifecoachingCoachUpdateSerializer(LifecoachingCoachInputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")


# --- matches ------------------------------------------------------------------------------


class LifecoachingMatchSerializer(Versioned):
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField(source="enrolment.participant_id")
    coach = serializers.UUIDField(source="coach_id")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    chosen_by_young_person = serializers.BooleanField()
    interests_asked = serializers.ListField(child=serializers.CharField())
    suggested_coaches = serializers.ListField(child=serializers.UUIDField())


class LifecoachingMatchCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A lifecoaching enrolment of your team.")
    coach = serializers.UUIDField(help_text="A coach of the enrolment's team.")
    start_date = serializers.DateField(help_text="Not in the future.")
    chosen_by_young_person = serializers.BooleanField(default=True)
    interests_asked = serializers.ListField(child=InterestCode(), required=False, default=list)
    suggested_coaches = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list
    )


class LifecoachingMatchEndSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    end_date = serializers.DateField(help_text="Not before the start, not in the future.")


# --- sessions -----------------------------------------------------------------------------


class LifecoachingSessionSerializer(Versioned):
    match = serializers.UUIDField(source="match_id")
    participant = serializers.UUIDField(source="match.enrolment.participant_id")
    date = serializers.DateField()
    duration_minutes = serializers.IntegerField()
    kind = SessionKind()
    note = serializers.CharField(allow_null=True, help_text="The note (decrypted).")


class LifecoachingSessionCreateSerializer(serializers.Serializer):
    match = serializers.UUIDField(help_text="A running match of your team.")
    date = serializers.DateField(help_text="Not in the future, not before the match start.")
    duration_minutes = serializers.IntegerField(min_value=5, max_value=720)
    kind = SessionKind()
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


# --- school statuses ----------------------------------------------------------------------


class LifecoachingSchoolStatusSerializer(Versioned):
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField(source="enrolment.participant_id")
    date = serializers.DateField()
    school_name = serializers.CharField(allow_null=True, help_text="School (decrypted).")
    level = Level()
    advice = serializers.CharField(help_text="School advice of group 8, or empty.")
    at_advised_level = serializers.BooleanField(
        allow_null=True, help_text="Level at or above the advice; null when it does not apply."
    )
    attendance_concern = serializers.BooleanField()
    dropout_risk = Risk()
    start_qualification = serializers.BooleanField()


class LifecoachingSchoolStatusCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A lifecoaching enrolment of your team.")
    date = serializers.DateField(help_text="Not in the future.")
    school_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    level = Level()
    advice = AdviceCode(required=False, allow_blank=True, default="")
    attendance_concern = serializers.BooleanField(default=False)
    dropout_risk = Risk(default="none")
    start_qualification = serializers.BooleanField(default=False)
