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


class FinancingReportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class FinancingReportRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    cells = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class FinancingReportTableSerializer(serializers.Serializer):
    """Every row and column listed (an empty group as 0), with its totals."""

    columns = FinancingReportColumnSerializer(many=True)
    rows = FinancingReportRowSerializer(many=True)
    column_totals = serializers.ListField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class FinancingReportAgreementSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    payer = serializers.CharField()
    programme = serializers.CharField()
    currency = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class FinancingReportDefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField(help_text="person | household")
    unit_label = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    max_count = serializers.IntegerField()
    max_amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    sustain_days = serializers.IntegerField()
    validation = serializers.CharField()
    validation_label = serializers.CharField()
    rule = serializers.CharField()
    rule_label = serializers.CharField()


class FinancingReportProviderSerializer(serializers.Serializer):
    provider = serializers.CharField()
    planned = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    due = serializers.DecimalField(max_digits=12, decimal_places=2)


class FinancingReportPaymentsSerializer(serializers.Serializer):
    """Released: the amounts up to the period's end, to the cent. Not released (management on
    the public method): only ``released`` false and a Dutch ``note``."""

    released = serializers.BooleanField()
    note = serializers.CharField(required=False)
    currency = serializers.CharField(required=False)
    cap = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    planned = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    due = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="verified claims not yet paid (their amount minus their net paid lines)",
    )
    remaining = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, help_text="cap minus paid"
    )
    per_provider = FinancingReportProviderSerializer(many=True, required=False)


class FinancingReportMilestoneSerializer(serializers.Serializer):
    label = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    metric = serializers.CharField()
    metric_label = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    target = serializers.IntegerField()
    result = serializers.IntegerField()
    status = serializers.CharField(help_text="met | not_met | not_yet_due")
    status_label = serializers.CharField()


class FinancingReportSerializer(serializers.Serializer):
    """The outcome report (documents the API's answer; the builder makes it)."""

    agreement = FinancingReportAgreementSerializer()
    period = serializers.CharField()
    period_label = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    figures_as_of = serializers.DateTimeField()
    audience = serializers.CharField(help_text="contract | management")
    method = serializers.CharField(help_text="exact | cell_key")
    max_noise = serializers.IntegerField()
    participants_reached = serializers.IntegerField()
    definitions = FinancingReportDefinitionSerializer(many=True)
    outcomes_achieved = FinancingReportTableSerializer()
    outcomes_over_time = FinancingReportTableSerializer()
    claims_by_status = FinancingReportTableSerializer()
    payments = FinancingReportPaymentsSerializer()
    milestones = FinancingReportMilestoneSerializer(many=True)
    sha256 = serializers.CharField()
