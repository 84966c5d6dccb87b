"""Logins, failed logins, logouts and admin actions in the access log (NEN 7513), each with
the address they came from. Django announces them by signal; the receivers only hand them to
``privacy.access_log``. A failed login names the account only when it exists: a password typed
into the username field must not end up in the log."""

from __future__ import annotations

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from privacy.access_log import Look, log_access
from privacy.models import AccessEvent

ADMIN_ACTIONS = {ADDITION: "toegevoegd", CHANGE: "gewijzigd", DELETION: "verwijderd"}


def _log(user, action: str, what: str, *, actor_label: str = "") -> None:
    log_access(
        user=user,
        looks=[Look(subject_id=None, subject_type="account", what=what, action=action)],
        purpose="security",
        actor_label=actor_label,
    )


def logged_in(sender, request, user, **kwargs) -> None:
    from accounts.middleware import SSO_SESSION_KEY

    sso = request is not None and request.session.get(SSO_SESSION_KEY)
    _log(user, AccessEvent.Action.LOGIN, "login sso" if sso else "login")


def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        _log(user, AccessEvent.Action.LOGOUT, "logout")


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = (credentials or {}).get("username", "")
    known = get_user_model().objects.filter(username=username).first() if username else None
    _log(
        None,
        AccessEvent.Action.LOGIN_FAILED,
        "login failed",
        actor_label=known.get_username() if known else "",
    )


def sso_login_failed(reason: str, user=None) -> None:
    """A refused single sign-on: the fixed reason code (``accounts.oidc``), and the Koers
    account when one was found; never a claim or a token."""
    _log(
        None,
        AccessEvent.Action.LOGIN_FAILED,
        f"login failed: sso {reason}",
        actor_label=user.get_username() if user is not None else "",
    )


def admin_action(sender, instance: LogEntry, created: bool, **kwargs) -> None:
    """An admin action: which kind of record, which id and what was done; never its values
    (the admin's change message names fields only)."""
    if not created:
        return
    kind = instance.content_type.model if instance.content_type_id else "?"
    what = f"admin: {kind} {instance.object_id or ''} {ADMIN_ACTIONS.get(instance.action_flag, '')}"
    _log(instance.user, AccessEvent.Action.ADMIN, what.strip())


def connect() -> None:
    user_logged_in.connect(logged_in, dispatch_uid="accounts.audit.logged_in")
    user_logged_out.connect(logged_out, dispatch_uid="accounts.audit.logged_out")
    user_login_failed.connect(login_failed, dispatch_uid="accounts.audit.login_failed")
    post_save.connect(admin_action, sender=LogEntry, dispatch_uid="accounts.audit.admin")
