"""Who may use the research pages: researchers (their own studies only, by django-guardian
object permission in the selectors) and the privacy officer (approval, re-identification)."""

from __future__ import annotations

from accounts.permissions import access
from accounts.roles import PRIVACY_OFFICER, RESEARCHER

researcher_access = access(roles=(RESEARCHER,))
officer_access = access(roles=(PRIVACY_OFFICER,))
both_access = access(roles=(RESEARCHER, PRIVACY_OFFICER))
