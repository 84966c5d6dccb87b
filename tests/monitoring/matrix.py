"""The monitor's part of the role matrix (merged by tests/test_urls.py)."""

from accounts.roles import PROGRAMME_OFFICE

PUBLIC = "public"
OFFICE = {PROGRAMME_OFFICE}

MATRIX = {
    "monitoring:home": PUBLIC,
    "monitoring:pillar": PUBLIC,
    "monitoring:indicator": PUBLIC,
    "monitoring:open_data_csv": PUBLIC,
    "monitoring:open_data_json": PUBLIC,
    "monitoring:manage": OFFICE,
    "monitoring:tolerance": OFFICE,
    "monitoring:node_new": OFFICE,
    "monitoring:node_edit": OFFICE,
    "monitoring:indicator_edit": OFFICE,
    "monitoring:baseline_edit": OFFICE,
    "monitoring:target_edit": OFFICE,
    "monitoring:import": OFFICE,
    "monitoring:refresh": OFFICE,
    "monitoring:review": OFFICE,
    "api:monitor-indicators": PUBLIC,
    "api:monitor-figures": PUBLIC,
}
