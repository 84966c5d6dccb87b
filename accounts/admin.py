"""The functional admin's site: users, organisations and teams; no case data is registered."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import services
from accounts.models import GroupMapping, Organisation, Team, TeamMembership, User
from accounts.permissions import has_role
from accounts.roles import FUNCTIONAL_ADMIN


class KoersAdminSite(admin.AdminSite):
    site_header = _("Koers beheer")
    site_title = _("Koers beheer")
    index_title = _("Gebruikers en teams")

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_authenticated
            and (user.is_superuser or has_role(user, FUNCTIONAL_ADMIN))
            and (not settings.KOERS_REQUIRE_2FA or user.is_verified())
        )

    def login(self, request, extra_context=None):
        """No password form of its own: the project's login (two-factor, lockout) is the way in."""
        redirect_to = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(redirect_to, allowed_hosts={request.get_host()}):
            redirect_to = reverse("admin:index", current_app=self.name)
        return redirect_to_login(redirect_to)


site = KoersAdminSite(name="admin")


class FunctionalAdminOnly:
    """For a model admin of reference data: whoever passes the site's check (the functional
    admin) may see, add and change rows; nobody deletes one through the admin (other rows
    point at it: set it inactive instead). Fits an inline as well (hence ``obj`` on add)."""

    def has_module_permission(self, request) -> bool:
        return site.has_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ServiceSaveMixin(FunctionalAdminOnly):
    def save_model(self, request, obj, form, change) -> None:
        services.save_from_admin(instance=obj)


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 1
    autocomplete_fields = ["user"]

    def has_view_permission(self, request, obj=None) -> bool:
        return site.has_permission(request)

    has_change_permission = has_add_permission = has_view_permission
    has_delete_permission = has_view_permission


@admin.register(User, site=site)
class UserAdmin(ServiceSaveMixin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_select_related = ["organisation"]
    list_filter = ["groups", "organisation", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "organisation")}),
        (_("Inloggen met uw organisatie"), {"fields": ("sso_subject",)}),
        (_("Rollen"), {"fields": ("is_active", "groups")}),
    )
    filter_horizontal = ["groups"]
    actions = ["reset_two_factor", "lift_lockout"]

    @admin.action(description=_("Tweestapsverificatie terugzetten (telefoon kwijt)"))
    def reset_two_factor(self, request, queryset) -> None:
        """Removes the users' TOTP devices and backup codes: they set up a new app at login."""
        from django_otp import devices_for_user

        for user in queryset:
            for device in devices_for_user(user, confirmed=None):
                device.delete()
        self.message_user(request, _("De tweestapsverificatie is teruggezet."))

    @admin.action(description=_("Blokkade na mislukte inlogpogingen opheffen"))
    def lift_lockout(self, request, queryset) -> None:
        from axes.utils import reset

        for user in queryset:
            reset(username=user.get_username())
        self.message_user(request, _("De blokkade is opgeheven."))


@admin.register(Organisation, site=site)
class OrganisationAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "kind"]
    search_fields = ["name", "code"]


@admin.register(Team, site=site)
class TeamAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "organisation", "active"]
    list_select_related = ["organisation"]
    search_fields = ["name", "code"]
    inlines = [MembershipInline]


@admin.register(GroupMapping, site=site)
class GroupMappingAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    """Which groups of the identity provider's group claim give which role and team, when
    roles come from the claim (KOERS_OIDC_ROLES_FROM=claim; docs/sso.md)."""

    list_display = ["group", "role", "team", "active"]
    list_filter = ["role", "active"]
    list_select_related = ["team"]
    search_fields = ["group"]
    autocomplete_fields = ["team"]
