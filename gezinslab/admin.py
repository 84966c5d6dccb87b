"""The functional admin maintains the reference list of organisations that can block a
family. No case data is registered here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import site
from gezinslab import services
from gezinslab.models import SystemOrganisation


@admin.register(SystemOrganisation, site=site)
class SystemOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change) -> None:
        services.save_organisation(instance=obj)

    def has_module_permission(self, request) -> bool:
        return site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    def has_add_permission(self, request) -> bool:
        return site.has_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # barriers refer to it: deactivate instead
