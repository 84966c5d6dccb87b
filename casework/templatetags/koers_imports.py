"""Whether a user may import files on a page (for the link on the caseload page)."""

from __future__ import annotations

from django import template

from casework.permissions import may_import as _may_import

register = template.Library()


@register.filter
def may_import(user) -> bool:
    return _may_import(user)
