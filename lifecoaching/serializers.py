"""Serializers of the lifecoaching API. Output serializers describe what the API builds
through the selectors (decrypted where the user may read it); input serializers only parse
and type-check: the services validate, encrypt and save."""

from __future__ import annotations

from rest_framework import serializers

from lifecoaching.models import (
    Advice,
    Coach,
    CoachSession,
    DropoutRisk,
    Interest,
    SchoolLevel,
)

# --- coaches ------------------------------------------------------------------------------


class CoachSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="Send back on update.")
    team = serializers.SlugField(help_text="Code of the coaching team.")
    name = serializers.CharField(allow_null=True, help_text="Name of the coach (decrypted).")
    contact = serializers.CharField(allow_null=True, help_text="Contact details (decrypted).")
    kind = serializers.ChoiceField(choices=Coach.Kind.choices)
    vog_date = serializers.DateField(allow_null=True, help_text="Date of the VOG.")
    vog_expiry = serializers.DateField(allow_null=True, help_text="The VOG is valid until.")
    interests = serializers.ListField(child=serializers.ChoiceField(choices=Interest.choices))
    capacity = serializers.IntegerField(help_text="Young people at the same time, at most.")
    running_matches = serializers.IntegerField(help_text="Running matches of this coach.")
    active = serializers.BooleanField()


class CoachInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    contact = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Coach.Kind.choices)
    vog_date = serializers.DateField(required=False, allow_null=True, default=None)
    vog_expiry = serializers.DateField(required=False, allow_null=True, default=None)
    interests = serializers.ListField(
        child=serializers.ChoiceField(choices=Interest.choices), required=False, default=list
    )
    capacity = serializers.IntegerField(min_value=1, max_value=50, default=3)
    active = serializers.BooleanField(default=True)


class CoachCreateSerializer(CoachInputSerializer):
    team = serializers.SlugField(help_text="Code of one of your teams.")


class CoachUpdateSerializer(CoachInputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")


# --- matches ------------------------------------------------------------------------------


class MatchSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField(source="enrolment.participant_id")
    coach = serializers.UUIDField(source="coach_id")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    chosen_by_young_person = serializers.BooleanField()
    interests_asked = serializers.ListField(child=serializers.CharField())
    suggested_coaches = serializers.ListField(child=serializers.UUIDField())


class MatchCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A lifecoaching enrolment of your team.")
    coach = serializers.UUIDField(help_text="A coach of the enrolment's team.")
    start_date = serializers.DateField(help_text="Not in the future.")
    chosen_by_young_person = serializers.BooleanField(default=True)
    interests_asked = serializers.ListField(
        child=serializers.ChoiceField(choices=Interest.choices), required=False, default=list
    )
    suggested_coaches = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list
    )


class MatchEndSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    end_date = serializers.DateField(help_text="Not before the start, not in the future.")


# --- sessions -----------------------------------------------------------------------------


class SessionSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    match = serializers.UUIDField(source="match_id")
    participant = serializers.UUIDField(source="match.enrolment.participant_id")
    date = serializers.DateField()
    duration_minutes = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CoachSession.Kind.choices)
    note = serializers.CharField(allow_null=True, help_text="The note (decrypted).")


class SessionCreateSerializer(serializers.Serializer):
    match = serializers.UUIDField(help_text="A running match of your team.")
    date = serializers.DateField(help_text="Not in the future, not before the match start.")
    duration_minutes = serializers.IntegerField(min_value=5, max_value=720)
    kind = serializers.ChoiceField(choices=CoachSession.Kind.choices)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


# --- school statuses ----------------------------------------------------------------------


class SchoolStatusSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField(source="enrolment.participant_id")
    date = serializers.DateField()
    school_name = serializers.CharField(allow_null=True, help_text="School (decrypted).")
    level = serializers.ChoiceField(choices=SchoolLevel.choices)
    advice = serializers.CharField(help_text="School advice of group 8, or empty.")
    at_advised_level = serializers.BooleanField(
        allow_null=True, help_text="Level at or above the advice; null when it does not apply."
    )
    attendance_concern = serializers.BooleanField()
    dropout_risk = serializers.ChoiceField(choices=DropoutRisk.choices)
    start_qualification = serializers.BooleanField()


class SchoolStatusCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A lifecoaching enrolment of your team.")
    date = serializers.DateField(help_text="Not in the future.")
    school_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    level = serializers.ChoiceField(choices=SchoolLevel.choices)
    advice = serializers.ChoiceField(
        choices=Advice.choices, required=False, allow_blank=True, default=""
    )
    attendance_concern = serializers.BooleanField(default=False)
    dropout_risk = serializers.ChoiceField(choices=DropoutRisk.choices, default="none")
    start_qualification = serializers.BooleanField(default=False)
