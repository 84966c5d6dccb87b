"""The roles of Koers. Each is a Django group of exactly this name."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CASEWORKER = "caseworker"
PEER_EXPERT = "peer_expert"
TEAM_LEAD = "team_lead"
PROGRAMME_OFFICE = "programme_office"
EVALUATOR = "evaluator"
RESEARCHER = "researcher"
PRIVACY_OFFICER = "privacy_officer"
FUNCTIONAL_ADMIN = "functional_admin"

ALL_ROLES = (
    CASEWORKER,
    PEER_EXPERT,
    TEAM_LEAD,
    PROGRAMME_OFFICE,
    EVALUATOR,
    RESEARCHER,
    PRIVACY_OFFICER,
    FUNCTIONAL_ADMIN,
)

ROLE_LABELS = {
    CASEWORKER: _("Hulpverlener"),
    PEER_EXPERT: _("Ervaringsdeskundige"),
    TEAM_LEAD: _("Teamleider"),
    PROGRAMME_OFFICE: _("Programmabureau"),
    EVALUATOR: _("Evaluator"),
    RESEARCHER: _("Onderzoeker"),
    PRIVACY_OFFICER: _("Privacy officer"),
    FUNCTIONAL_ADMIN: _("Functioneel beheerder"),
}

# Roles that work in participants' files, scoped to their teams' active enrolments.
FILE_ROLES = frozenset({CASEWORKER, PEER_EXPERT, TEAM_LEAD})
