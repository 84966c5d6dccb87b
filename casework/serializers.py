"""Serializers of the casework API. Output serializers describe decrypted views that the API
builds through the selectors; input serializers only parse and type-check: the services
validate, encrypt and save (no second path to the data)."""

from __future__ import annotations

from rest_framework import serializers

from apibase.serializers import Versioned
from casework.models import (
    Enrolment,
    Gender,
    Goal,
    OutcomeMeasure,
    ProgressEntry,
    Transfer,
    Wijk,
)

# --- participants -------------------------------------------------------------------------


class ParticipantListSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True, help_text="Internal id of the participant.")
    version = serializers.IntegerField(
        read_only=True, help_text="Version for optimistic locking; send it back on update."
    )
    given_name = serializers.CharField(allow_null=True, help_text="Given name (decrypted).")
    family_name = serializers.CharField(allow_null=True, help_text="Family name (decrypted).")
    client_ref = serializers.CharField(
        allow_null=True, help_text="Client reference of the partner organisation."
    )
    date_of_birth = serializers.DateField(allow_null=True, help_text="Date of birth.")
    year_of_birth = serializers.IntegerField(allow_null=True, help_text="Year of birth.")
    gender = serializers.CharField(help_text="M, V, X, O or empty.")
    wijk = serializers.CharField(help_text="District (wijk) code or empty.")


class ParticipantDetailSerializer(ParticipantListSerializer):
    bsn = serializers.CharField(
        allow_null=True, help_text="Citizen service number; null for roles that may not see it."
    )
    bsn_hidden = serializers.BooleanField(help_text="True when the BSN is withheld from you.")
    street = serializers.CharField(allow_null=True, help_text="Street.")
    house_number = serializers.CharField(allow_null=True, help_text="House number.")
    postcode = serializers.CharField(allow_null=True, help_text="Postcode, e.g. 8921 AB.")
    city = serializers.CharField(allow_null=True, help_text="City.")
    phone = serializers.CharField(allow_null=True, help_text="Phone number.")
    email = serializers.CharField(allow_null=True, help_text="E-mail address.")


class IdentityInputSerializer(serializers.Serializer):
    given_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Given name."
    )
    family_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Family name."
    )
    bsn = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="BSN (11-proef checked)."
    )
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, help_text="Date of birth."
    )
    street = serializers.CharField(required=False, allow_blank=True, max_length=200)
    house_number = serializers.CharField(required=False, allow_blank=True, max_length=200)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=10)
    city = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    client_ref = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Client reference."
    )
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    wijk = serializers.ChoiceField(choices=Wijk.choices, required=False, allow_blank=True)


class ParticipantCreateSerializer(IdentityInputSerializer):
    team = serializers.SlugField(help_text="Code of one of your teams.")
    programme = serializers.SlugField(help_text="Programme code, e.g. gezinslab.")
    start_date = serializers.DateField(help_text="Start of the enrolment.")
    legal_basis = serializers.ChoiceField(choices=Enrolment.LegalBasis.choices)
    finding_place = serializers.ChoiceField(
        choices=Enrolment.FindingPlace.choices, required=False, allow_blank=True
    )


class ParticipantUpdateSerializer(IdentityInputSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")


# --- households ---------------------------------------------------------------------------


# The roles of a household member, as the API takes them.
MEMBER_ROLES = [(role, role) for role in ("parent", "child", "partner", "other")]


class HouseholdMemberSerializer(serializers.Serializer):
    participant = serializers.UUIDField(
        allow_null=True, help_text="Member id; null for a member outside your caseload."
    )
    role = serializers.CharField(help_text="parent, child, partner or other.")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)


class HouseholdSerializer(Versioned):
    name = serializers.CharField(allow_null=True, help_text="Household name (decrypted).")
    reference = serializers.CharField(allow_null=True, help_text="Household reference.")
    wijk = serializers.CharField(help_text="District code or empty.")


class HouseholdDetailSerializer(HouseholdSerializer):
    members = HouseholdMemberSerializer(many=True)


class HouseholdCreateSerializer(serializers.Serializer):
    first_member = serializers.UUIDField(help_text="A participant of your caseload.")
    role = serializers.ChoiceField(choices=MEMBER_ROLES)
    start_date = serializers.DateField()
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    wijk = serializers.ChoiceField(choices=Wijk.choices, required=False, allow_blank=True)


class HouseholdMemberCreateSerializer(serializers.Serializer):
    participant = serializers.UUIDField(help_text="A participant of your caseload.")
    role = serializers.ChoiceField(choices=MEMBER_ROLES)
    start_date = serializers.DateField()


# --- enrolments ---------------------------------------------------------------------------


class EnrolmentSerializer(Versioned):
    participant = serializers.UUIDField(source="participant_id", help_text="Participant id.")
    programme = serializers.CharField(source="programme.code", help_text="Programme code.")
    team = serializers.CharField(source="team.code", help_text="Team code.")
    caseworker = serializers.IntegerField(
        source="caseworker_id", allow_null=True, help_text="User id of the assigned caseworker."
    )
    plan = serializers.UUIDField(source="plan.id", allow_null=True, help_text="Plan id.")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=Enrolment.Status.choices)
    finding_place = serializers.CharField(help_text="Where the participant was found.")
    legal_basis = serializers.ChoiceField(choices=Enrolment.LegalBasis.choices)


class EnrolmentCreateSerializer(serializers.Serializer):
    participant = serializers.UUIDField(help_text="A participant of your caseload.")
    programme = serializers.SlugField()
    team = serializers.SlugField(help_text="Code of one of your teams.")
    start_date = serializers.DateField()
    legal_basis = serializers.ChoiceField(choices=Enrolment.LegalBasis.choices)
    finding_place = serializers.ChoiceField(
        choices=Enrolment.FindingPlace.choices, required=False, allow_blank=True
    )


class EnrolmentEndSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    status = serializers.ChoiceField(
        choices=[(Enrolment.Status.COMPLETED, "completed"), (Enrolment.Status.STOPPED, "stopped")]
    )
    end_date = serializers.DateField()


# --- plans and goals ----------------------------------------------------------------------


class GoalSerializer(Versioned):
    plan = serializers.UUIDField(source="plan_id", help_text="Plan id.")
    enrolment = serializers.UUIDField(help_text="Enrolment id.")
    position = serializers.IntegerField()
    text = serializers.CharField(allow_null=True, help_text="The goal in the participant's words.")
    life_domain = serializers.CharField()
    status = serializers.ChoiceField(choices=Goal.Status.choices)
    created_on = serializers.DateField()


class GoalCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="An enrolment of your team.")
    text = serializers.CharField(max_length=1000)
    life_domain = serializers.CharField(required=False, allow_blank=True, max_length=40)


class GoalUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    text = serializers.CharField(max_length=1000)
    status = serializers.ChoiceField(choices=Goal.Status.choices)
    life_domain = serializers.CharField(required=False, allow_blank=True, max_length=40)


class PlanSerializer(Versioned):
    enrolment = serializers.UUIDField(help_text="Enrolment id.")
    summary = serializers.CharField(allow_null=True, help_text="Explanation of the plan.")
    goals = GoalSerializer(many=True)


class PlanUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    summary = serializers.CharField(allow_blank=True, max_length=20000)


# --- progress -----------------------------------------------------------------------------


class ProgressEntrySerializer(Versioned):
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField()
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=ProgressEntry.Kind.choices)
    note = serializers.CharField(allow_null=True, help_text="The note (decrypted).")
    author = serializers.IntegerField(source="author_id", allow_null=True)
    created_at = serializers.DateTimeField()


class ProgressCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="An enrolment of your team.")
    date = serializers.DateField(help_text="Not in the future.")
    kind = serializers.ChoiceField(choices=ProgressEntry.Kind.choices)
    note = serializers.CharField(max_length=20000)


class ProgressUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=ProgressEntry.Kind.choices)
    note = serializers.CharField(max_length=20000)


# --- instruments and measurements ---------------------------------------------------------


class InstrumentSerializer(serializers.Serializer):
    code = serializers.SlugField()
    name_nl = serializers.CharField()
    name_en = serializers.CharField()
    definition = serializers.JSONField(help_text="Items, scale and labels in Dutch and English.")
    active = serializers.BooleanField()


class MeasureChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label_nl = serializers.CharField()
    label_en = serializers.CharField()


class MeasureSerializer(serializers.Serializer):
    code = serializers.SlugField()
    programme = serializers.CharField(
        source="programme.code", allow_null=True, help_text="Null for the casework core's own."
    )
    label_nl = serializers.CharField()
    label_en = serializers.CharField()
    kind = serializers.ChoiceField(choices=OutcomeMeasure.Kind.choices)
    unit = serializers.CharField(allow_blank=True)
    choices = MeasureChoiceSerializer(many=True)
    sensitive = serializers.BooleanField(
        help_text="Raises k in research exports (debts, youth care)."
    )
    description_nl = serializers.CharField(allow_blank=True)
    description_en = serializers.CharField(allow_blank=True)


class OutcomeValueSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    participant = serializers.UUIDField(source="participant_id")
    enrolment = serializers.UUIDField(source="enrolment_id")
    programme = serializers.CharField(source="enrolment.programme.code")
    measure = serializers.CharField(source="measure.code")
    date = serializers.DateField()
    value = serializers.JSONField(
        help_text="A number (integer, decimal, money as a decimal string), a choice value or "
        "true/false, by the measure's kind."
    )


class MeasurementSerializer(Versioned):
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField(source="participant_id")
    instrument = serializers.CharField(source="instrument.code")
    wave = serializers.CharField(help_text="intake, m6, m12, ..., exit or follow_up.")
    date = serializers.DateField()
    values = serializers.DictField(
        child=serializers.IntegerField(), help_text="Score per item code (or goal id)."
    )


class MeasurementCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField()
    instrument = serializers.SlugField()
    wave = serializers.RegexField(r"^[a-z0-9_]{1,12}$")
    date = serializers.DateField()
    values = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=-1000, max_value=1000),
        help_text="Score per item code (or goal id).",
    )


# --- transfers ----------------------------------------------------------------------------


class TransferSerializer(Versioned):
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField()
    from_team = serializers.CharField(source="from_team.code")
    to_team = serializers.CharField(source="to_team.code")
    reason = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=Transfer.Status.choices)
    incoming = serializers.BooleanField(help_text="True when you may decide it.")
    requested_at = serializers.DateTimeField()


class TransferCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField()
    to_team = serializers.SlugField()
    reason = serializers.CharField(max_length=2000)


class TransferDecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
    decision = serializers.ChoiceField(
        choices=[("accept", "accept"), ("refuse", "refuse")],
        help_text="accept: the enrolment moves to your team; refuse: it stays where it is.",
    )
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why you refuse (required when refusing); the sending team reads it.",
    )


class TransferCancelSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version you read.")
