"""Admin: agreements and their reference data are readable for the functional admin; claims,
evidence and payments are not in the admin (they change only through the services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import site
from financing.models import Agreement, OutcomeDefinition


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agreement, site=site)
class AgreementAdmin(ReadOnly):
    list_display = ["code", "name", "payer", "programme", "start_date", "end_date", "cap", "status"]


@admin.register(OutcomeDefinition, site=site)
class OutcomeDefinitionAdmin(ReadOnly):
    list_display = ["agreement", "code", "unit", "price", "max_count", "rule"]
