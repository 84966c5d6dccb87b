"""API serializers of the financing app. Status fields are plain strings (no enum
components), and a claim shows its unit only as the agreement's pseudonym."""

from __future__ import annotations

from rest_framework import serializers

from financing.models import Agreement, Claim, Evidence, OutcomeDefinition


class FinancingDefinitionSerializer(serializers.ModelSerializer):
    unit = serializers.CharField()
    validation = serializers.CharField()

    class Meta:
        model = OutcomeDefinition
        fields = [
            "code",
            "description",
            "unit",
            "price",
            "max_count",
            "max_amount",
            "sustain_days",
            "validation",
            "rule",
        ]


class FinancingAgreementSerializer(serializers.ModelSerializer):
    payer = serializers.CharField(source="payer.name")
    programme = serializers.CharField(source="programme.code")
    status = serializers.CharField()
    currency = serializers.CharField()

    class Meta:
        model = Agreement
        fields = [
            "code",
            "name",
            "payer",
            "programme",
            "start_date",
            "end_date",
            "currency",
            "cap",
            "status",
            "version",
        ]


class FinancingAgreementDetailSerializer(FinancingAgreementSerializer):
    definitions = FinancingDefinitionSerializer(many=True, read_only=True)

    class Meta(FinancingAgreementSerializer.Meta):
        fields = [*FinancingAgreementSerializer.Meta.fields, "definitions"]


class FinancingEvidenceSerializer(serializers.ModelSerializer):
    kind = serializers.CharField()
    role = serializers.CharField()
    month = serializers.CharField()

    class Meta:
        model = Evidence
        fields = ["kind", "role", "code", "item", "month", "value"]


class FinancingClaimSerializer(serializers.ModelSerializer):
    agreement = serializers.CharField(source="agreement.code")
    definition = serializers.CharField(source="definition.code")
    provider = serializers.CharField(source="provider.code")
    pseudonym = serializers.SerializerMethodField()
    status = serializers.CharField()
    reason = serializers.CharField()
    achieved_month = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "agreement",
            "definition",
            "provider",
            "pseudonym",
            "amount",
            "achieved_month",
            "status",
            "reason",
            "spot_check",
            "version",
        ]

    def get_pseudonym(self, claim) -> str:
        pseudonymise = self.context["pseudonyms"](claim.agreement.code)
        return pseudonymise(claim.unit_id, subject="p" if claim.participant_id else "h")

    def get_achieved_month(self, claim) -> str:
        return claim.achieved_on.strftime("%Y-%m")


class FinancingClaimDetailSerializer(FinancingClaimSerializer):
    evidence = FinancingEvidenceSerializer(many=True, read_only=True)

    class Meta(FinancingClaimSerializer.Meta):
        fields = [*FinancingClaimSerializer.Meta.fields, "evidence"]


class FinancingDecideSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    # Plain strings (checked by the service, with a Dutch message), so that the schema gets no
    # generic "VerdictEnum"/"ReasonEnum" that other apps' fields could collide with.
    verdict = serializers.CharField(max_length=10, help_text="verified | rejected")
    reason = serializers.CharField(max_length=30, help_text=" | ".join(Claim.Reason.values))


class FinancingReportTableSerializer(serializers.Serializer):
    rows = serializers.ListField(child=serializers.CharField())
    columns = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    row_totals = serializers.ListField(child=serializers.CharField())
    column_totals = serializers.ListField(child=serializers.CharField())
    total = serializers.CharField()


class FinancingReportSerializer(serializers.Serializer):
    """Counts are strings: "<10" where suppressed."""

    agreement = serializers.DictField()
    period = serializers.CharField()
    period_start = serializers.CharField()
    period_end = serializers.CharField()
    threshold = serializers.IntegerField()
    participants_reached = serializers.CharField()
    definitions = serializers.ListField(child=serializers.DictField())
    outcomes_achieved = FinancingReportTableSerializer()
    claims_by_status = FinancingReportTableSerializer()
    outcomes_over_time = FinancingReportTableSerializer()
    payments = serializers.DictField()
    milestones = serializers.ListField(child=serializers.DictField())
    sha256 = serializers.CharField()
