"""Reference data of the baangaranties programme for the functional admin (``/beheer/``):
branch chains, employers, commitments and offered places. Organisations, not people; no
case data is registered here."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import FunctionalAdminOnly, site
from baangaranties.models import BranchChain, Commitment, Employer, OfferedPlace
from casework import services as core


class VersionCheckedForm(forms.ModelForm):
    """Carries the version the admin saw; a save over a newer version is refused (two admins,
    or an admin and a team lead, editing the same row must not overwrite each other)."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Locked until the admin's transaction ends, so nobody can save in between.
        current = (
            type(self.instance)
            .objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if cleaned.get("seen_version") != current:
            raise ValidationError(
                _(
                    "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en "
                    "voer uw wijziging nog eens in."
                )
            )
        return cleaned


class ReferenceAdmin(FunctionalAdminOnly, SimpleHistoryAdmin):
    """Only the functional admin (the site's check); saved with full_clean and a version
    bump, refused when the row changed since the form was opened; nothing is deleted
    (placements point at it): set it inactive instead."""

    form = VersionCheckedForm

    def save_model(self, request, obj, form, change) -> None:
        core.save(obj)  # the form checked the version under a row lock


class EmployerInline(FunctionalAdminOnly, admin.TabularInline):
    model = Employer
    extra = 1
    fields = ["name", "wijk", "active"]


@admin.register(BranchChain, site=site)
class BranchChainAdmin(ReferenceAdmin):
    list_display = ["name", "sector", "active"]
    list_filter = ["active"]
    search_fields = ["name", "sector"]
    inlines = [EmployerInline]


@admin.register(Employer, site=site)
class EmployerAdmin(ReferenceAdmin):
    list_display = ["name", "chain", "wijk", "active"]
    list_filter = ["chain", "active", "wijk"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        # Placements count against their employer's chain's commitment: moving an employer
        # with placements to another chain would fill that chain beyond what it committed.
        if obj is not None and obj.placements.exists():
            return ["chain"]
        return []


@admin.register(Commitment, site=site)
class CommitmentAdmin(ReferenceAdmin):
    list_display = ["chain", "year", "job_guarantees", "work_experience_places", "internships"]
    list_filter = ["year", "chain"]
    exclude = ["entered_by"]

    def get_readonly_fields(self, request, obj=None):
        # Placements were made under this chain's commitment for this year: moving it would
        # leave them above what their own chain and year committed.
        return ["chain", "year"] if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(OfferedPlace, site=site)
class OfferedPlaceAdmin(ReferenceAdmin):
    list_display = ["employer", "kind", "year", "places", "opened_on"]
    list_filter = ["year", "kind"]
