"""Access declarations. Every view declares who may use it; undeclared views are refused.

``@access(roles=...)`` on a function view (or ``access(...)(View.as_view())`` in the URLconf)
attaches an ``AccessRule`` that ``accounts.middleware.DenyByDefaultMiddleware`` enforces
and that the URL-walk test reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accounts.roles import ALL_ROLES


@dataclass(frozen=True)
class AccessRule:
    public: bool = False
    roles: frozenset[str] = frozenset()

    def allows(self, user) -> bool:
        if self.public:
            return True
        if not user.is_authenticated or not user.is_active:
            return False
        if not self.roles:  # any logged-in user
            return True
        return bool(user_roles(user) & self.roles)


def access(*, roles: Iterable[str] | None = None, public: bool = False) -> Callable:
    """Declare who may use a view. ``roles=None`` and ``public=False``: any logged-in user."""
    role_set = frozenset(roles or ())
    unknown = role_set - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {sorted(unknown)}")

    def decorate(view: Callable) -> Callable:
        view.koers_access = AccessRule(public=public, roles=role_set)
        return view

    return decorate


def user_roles(user) -> frozenset[str]:
    """The role names of a user, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_koers_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._koers_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))
