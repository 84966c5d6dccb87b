"""The functional admin names the teams that run each programme (where enrolments can be
transferred to). The programmes themselves come from the registry and are read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import FunctionalAdminOnly, site
from casework import services
from casework.models import Programme


@admin.register(Programme, site=site)
class ProgrammeAdmin(FunctionalAdminOnly, SimpleHistoryAdmin):
    list_display = ["name_nl", "code", "pillar", "active"]
    fields = ["code", "name_nl", "name_en", "pillar", "active", "teams"]
    readonly_fields = ["code", "name_nl", "name_en", "pillar", "active"]
    filter_horizontal = ["teams"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "teams":
            kwargs["queryset"] = db_field.related_model.objects.filter(active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        pass  # nothing but the teams can change, and save_related writes them

    def save_related(self, request, form, formsets, change) -> None:
        services.set_programme_teams(programme=form.instance, teams=form.cleaned_data["teams"])

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # programmes come from the registry
