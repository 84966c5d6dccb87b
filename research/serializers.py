"""Serializers of the research API (no personal data: studies and export jobs only)."""

from __future__ import annotations

from rest_framework import serializers

from research.models import Export, Study


class StudySerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Study
        fields = [
            "id",
            "code",
            "group",
            "title",
            "principal_investigator",
            "institution",
            "ethics_reference",
            "status",
            "period_start",
            "period_end",
            "programmes",
            "waves",
            "variables",
            "approved_variables",
            "k",
            "interval_days",
            "version",
        ]
        read_only_fields = fields


class StudyDetailSerializer(StudySerializer):
    cohort_size = serializers.CharField(
        read_only=True, help_text='Participants with research consent today; "<10" when fewer.'
    )

    class Meta(StudySerializer.Meta):
        fields = [*StudySerializer.Meta.fields, "cohort_size"]
        read_only_fields = fields


class ExportSerializer(serializers.ModelSerializer):
    study = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Export
        fields = [
            "id",
            "study",
            "format",
            "status",
            "variables",
            "k",
            "l_diversity",
            "progress",
            "requested_at",
            "started_at",
            "finished_at",
            "expires_at",
            "sha256",
            "size",
            "version",
        ]
        read_only_fields = fields


class ExportCreateSerializer(serializers.Serializer):
    study = serializers.SlugField(help_text="The study's code.")
    format = serializers.ChoiceField(choices=Export.Format.choices)
    variables = serializers.ListField(
        child=serializers.CharField(max_length=80),
        required=False,
        help_text="A subset of the study's approved variables; all approved when left out.",
    )
    k = serializers.IntegerField(required=False, help_text="At least 5 and the study's k.")
