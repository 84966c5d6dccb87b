"""Serializers of the Schuldenvrij API. Output serializers describe the decrypted views the API
builds through the selectors; input serializers only parse: the services validate (in Dutch),
encrypt and save."""

from __future__ import annotations

from rest_framework import serializers

from apibase.serializers import Versioned
from schuldenvrij.models import AMOUNT_FIELDS, Debt, Forgiveness

MONEY = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": True}


def money(help_text: str, **kwargs):
    return serializers.DecimalField(help_text=help_text, **MONEY, **kwargs)


class IntakeSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="Send it back on update.")
    enrolment = serializers.UUIDField(help_text="The Schuldenvrij enrolment.")
    participant = serializers.UUIDField(help_text="The participant.")
    date = serializers.DateField(help_text="Date of the financial intake.")
    situation = serializers.CharField(
        allow_null=True, help_text="The situation in the participant's words (decrypted)."
    )


class IntakeCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A Schuldenvrij enrolment of your team.")
    date = serializers.DateField(help_text="Date of the intake (not in the future).")
    situation = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class IntakeUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read.")
    date = serializers.DateField(required=False)
    situation = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class SnapshotSerializer(Versioned):
    enrolment = serializers.UUIDField()
    participant = serializers.UUIDField()
    date = serializers.DateField(help_text="Date the amounts apply to.")
    amounts = serializers.DictField(
        child=serializers.DecimalField(**MONEY),
        help_text="Monthly euros per income source and fixed cost: " + ", ".join(AMOUNT_FIELDS),
    )
    income = money("Monthly income, total.")
    costs = money("Monthly fixed costs, total.")
    room = money("Income minus fixed costs (negative for a shortfall).")


class SnapshotCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A Schuldenvrij enrolment of your team.")
    date = serializers.DateField(help_text="Not in the future; one snapshot per day.")
    amounts = serializers.DictField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2),
        help_text="Monthly euros (>= 0) by name: " + ", ".join(AMOUNT_FIELDS),
    )


class DebtSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="Send it back on update.")
    enrolment = serializers.UUIDField()
    participant = serializers.UUIDField()
    creditor_kind = serializers.ChoiceField(choices=Debt.CreditorKind.choices)
    creditor_name = serializers.CharField(allow_null=True, help_text="Decrypted.")
    original_amount = money("Original amount in euros.")
    current_amount = money("Current amount in euros.")
    increase_reason = serializers.CharField(
        allow_null=True, help_text="Why the current amount is above the original (decrypted)."
    )
    status = serializers.ChoiceField(choices=Debt.Status.choices)
    since = serializers.DateField()


class DebtCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A Schuldenvrij enrolment of your team.")
    creditor_kind = serializers.CharField(max_length=20, help_text="See the debt's choices.")
    creditor_name = serializers.CharField(max_length=200)
    original_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    current_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    increase_reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    status = serializers.CharField(required=False, default="open", max_length=12)
    since = serializers.DateField()


class DebtUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read.")
    creditor_kind = serializers.CharField(required=False, max_length=20)
    creditor_name = serializers.CharField(required=False, max_length=200)
    original_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    current_amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    increase_reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    status = serializers.CharField(required=False, max_length=12)
    since = serializers.DateField(required=False)


class PlaceSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    enrolment = serializers.UUIDField()
    participant = serializers.UUIDField()
    admitted_on = serializers.DateField()


class PlaceCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A Schuldenvrij enrolment of your team.")
    admitted_on = serializers.DateField()


class ForgivenessSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="Send it back to decide.")
    enrolment = serializers.UUIDField()
    participant = serializers.UUIDField()
    amount = money("Amount forgiven in euros.")
    date = serializers.DateField(help_text="Date of the forgiveness.")
    funding = serializers.ChoiceField(choices=Forgiveness.Funding.choices)
    status = serializers.ChoiceField(choices=Forgiveness.Status.choices)
    debts = serializers.ListField(child=serializers.UUIDField(), help_text="Debts covered.")
    proposed_by = serializers.IntegerField()
    decided_by = serializers.IntegerField(allow_null=True)


class ForgivenessCreateSerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(help_text="A Schuldenvrij enrolment with a pilot place.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    date = serializers.DateField()
    funding = serializers.CharField(max_length=12, help_text="fno, gemeente, fonds or other.")
    debts = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        help_text="Debts covered; default every open debt and debt in an arrangement.",
    )


class DecisionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read.")
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why you reject (required when rejecting); kept with the decision.",
    )


class FollowUpSerializer(Versioned):
    forgiveness = serializers.UUIDField()
    participant = serializers.UUIDField()
    months = serializers.IntegerField(help_text="6, 12 or 24.")
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    new_debts = serializers.BooleanField(allow_null=True)
    new_debts_amount = serializers.DecimalField(**MONEY, allow_null=True)


class FollowUpUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read.")
    done_on = serializers.DateField()
    new_debts = serializers.BooleanField(allow_null=True)
    new_debts_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )


class YoungPersonSerializer(serializers.Serializer):
    participant = serializers.UUIDField()
    name = serializers.CharField(help_text="Name as shown (decrypted).")
    date_of_birth = serializers.DateField()
    turns_18 = serializers.DateField()
    programmes = serializers.ListField(child=serializers.CharField())
    contacted = serializers.BooleanField(help_text="A preventive contact was done.")


class ContactSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    participant = serializers.UUIDField()
    enrolment = serializers.UUIDField()
    date = serializers.DateField()
    done = serializers.BooleanField()


class ContactCreateSerializer(serializers.Serializer):
    participant = serializers.UUIDField(help_text="A young person of your caseload.")
    date = serializers.DateField()
    done = serializers.BooleanField(default=True)
