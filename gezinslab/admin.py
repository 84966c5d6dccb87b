"""The functional admin maintains the reference list of organisations that can block a
family. No case data is registered here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import FunctionalAdminOnly, site
from gezinslab import services
from gezinslab.models import SystemOrganisation


@admin.register(SystemOrganisation, site=site)
class SystemOrganisationAdmin(FunctionalAdminOnly, SimpleHistoryAdmin):
    """Barriers refer to an organisation: it is deactivated, never deleted."""

    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["name", "code"]

    def save_model(self, request, obj, form, change) -> None:
        services.save_organisation(instance=obj)
