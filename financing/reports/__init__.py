"""Outcome reports per agreement and period: participants reached, outcomes achieved per
definition and per month, claims by definition and status, payments planned, paid and due
against the cap, milestones against their targets, and the outcome definitions.

Every figure leaves through the release policy (``privacy.release``, tables declared in
``financing.tables``) for the viewer's audience: the agreement's evaluators (contract) and the
programme office and team leads (management) get exact figures; with
``KOERS_RELEASE_MANAGEMENT=public`` management gets counts by the cell key method and no
amounts of money at all (an amount is never perturbed), and the report says so. This package
does no suppression or noise arithmetic of its own.

One builder (``build``) makes a plain dict; the page, the API, the PDF, the XLSX and the CSV
all render that dict, and each generated report is logged with its SHA-256 (``log_report``).

Callers import from here (``from financing import reports``); each topic module holds the code:
``base`` (period, audience), ``figures`` (the builder), ``payments``, ``milestones``,
``caching`` (reuse while the data are unchanged), ``charts``, ``spreadsheets`` (CSV, XLSX) and
``files`` (PDF, digests, generating and logging).
"""

from __future__ import annotations

from financing import selectors
from financing.reports.base import (  # noqa: F401
    CENT,
    PAYMENT_KINDS,
    STATUSES,
    Window,
    audience_of,
    default_period,
    period_window,
)
from financing.reports.caching import SOURCES, build_cached, watermark  # noqa: F401
from financing.reports.charts import CHART_MAX_WIDTH, charts, page_context  # noqa: F401
from financing.reports.figures import build  # noqa: F401
from financing.reports.files import (  # noqa: F401
    CONTENT_TYPES,
    RENDERERS,
    canonical,
    filename,
    generate,
    log_report,
    report_html,
    sha256,
    to_pdf,
)
from financing.reports.milestones import MET, NOT_MET, NOT_YET_DUE, milestone_status  # noqa: F401
from financing.reports.payments import due_per_provider  # noqa: F401
from financing.reports.spreadsheets import HEADER, to_csv, to_xlsx  # noqa: F401

__all__ = ["build", "generate", "selectors"]
