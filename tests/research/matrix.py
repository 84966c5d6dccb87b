"""The research part of the role matrix (merged by tests/test_urls.py)."""

from accounts.roles import PRIVACY_OFFICER, RESEARCHER

R = {RESEARCHER}
P = {PRIVACY_OFFICER}
BOTH = {RESEARCHER, PRIVACY_OFFICER}

PAGES = {
    "research:studies": BOTH,
    "research:study_new": R,
    "research:catalogue": BOTH,
    "research:study": BOTH,
    "research:study_decide": P,
    "research:study_close": P,
    "research:study_researcher_add": P,
    "research:export_new": R,
    "research:export_status": R,
    "research:export_cancel": R,
    "research:export_download": R,
    "research:groups": P,
    "research:group_member_add": P,
    "research:reidentifications": P,
    "research:reidentification_new": P,
    "research:reidentification_confirm": P,
    "research:reidentification_cancel": P,
}
API = {
    "api:research-study-list": R,
    "api:research-study-detail": R,
    "api:research-export-list": R,
    "api:research-export-detail": R,
    "api:research-export-cancel": R,
    "api:research-export-download": R,
}
MATRIX = {**PAGES, **API}
