from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import ALL_ROLES, ROLE_LABELS


class User(AbstractUser):
    """A person who logs in. Roles are Django groups (see ``accounts.roles``)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # The provider's stable identifier of this person (the claim KOERS_OIDC_USER_CLAIM, by
    # default ``sub``): single sign-on finds the user by it, never by e-mail.
    sso_subject = models.CharField(
        _("kenmerk bij de identiteitsprovider"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Het vaste kenmerk van deze persoon bij de identiteitsprovider (bijvoorbeeld sub of "
            "oid), voor inloggen met uw organisatie. Leeg: alleen lokaal inloggen."
        ),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Uitvoerder")
        MUNICIPALITY = "municipality", _("Gemeente")
        FUNDER = "funder", _("Financier")
        RESEARCH = "research", _("Kennisinstelling")
        OTHER = "other", _("Anders")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.PROVIDER)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="teams"
    )
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    active = models.BooleanField(_("actief"), default=True)
    members = models.ManyToManyField(
        User, through="TeamMembership", related_name="teams", verbose_name=_("leden")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    since = models.DateField(_("sinds"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("teamlidmaatschap")
        verbose_name_plural = _("teamlidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="accounts_membership_unique")
        ]
        indexes = [models.Index(fields=["user", "team"], name="accounts_membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 hash of the secret is stored; the user sees the
    whole token once, at creation, and afterwards only its prefix (see ``accounts.tokens``)."""

    class Scope(models.TextChoices):
        READ = "read", _("Lezen")
        WRITE = "write", _("Schrijven")
        EXPORT = "export", _("Exporteren")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(_("begin van de token"), max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("rechten"), default=list)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt"))
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:  # never the secret
        return f"{self.name} ({self.prefix}…)"


class GroupMapping(models.Model):
    """A group of the identity provider's group claim, mapped to a Koers role, a team, or
    both. Kept by the functional admin; used at single sign-on when roles come from the claim
    (``KOERS_OIDC_ROLES_FROM=claim``): a user gets every role and team their groups map to."""

    group = models.CharField(
        _("groep bij de identiteitsprovider"),
        max_length=255,
        help_text=_("De waarde in de groepenclaim, bijvoorbeeld een groeps-id of groepsnaam."),
    )
    role = models.CharField(
        _("rol"), max_length=40, blank=True, choices=[(r, ROLE_LABELS[r]) for r in ALL_ROLES]
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_mappings",
    )
    active = models.BooleanField(_("actief"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("groepskoppeling")
        verbose_name_plural = _("groepskoppelingen")
        ordering = ["group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "role", "team"], name="accounts_groupmapping_unique"
            )
        ]

    def __str__(self) -> str:
        return self.group

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.role and self.team_id is None:
            raise ValidationError(_("Kies een rol, een team of allebei."))
