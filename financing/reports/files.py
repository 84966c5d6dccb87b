"""Report files: the canonical form and its digest, the PDF, the renderers per format, and
generating and logging one file."""

from __future__ import annotations

import hashlib
import json

from django.template.loader import render_to_string

from financing.models import Agreement
from financing.reports.base import audience_of
from financing.reports.caching import build_cached
from financing.reports.charts import page_context
from financing.reports.spreadsheets import to_csv, to_xlsx
from privacy.models import AccessEvent, Purpose
from privacy.release import Audience
from privacy.services import Look, log_access


def canonical(report: dict) -> bytes:
    return json.dumps(report, sort_keys=True, ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_html(report: dict) -> str:
    """The PDF's HTML: the page's body, standalone, with no external resource."""
    return render_to_string("financing/report_pdf.html", page_context(report))


def to_pdf(report: dict) -> bytes:
    from privacy.report import render_pdf

    return render_pdf(report_html(report))


RENDERERS = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
    "html": "text/html",
}


def log_report(*, user, agreement: Agreement, period: str, fmt: str, digest: str, actor_label=""):
    """One access event per report generated, with its SHA-256 (not about one person)."""
    action = AccessEvent.Action.VIEW if fmt in {"html", "json"} else AccessEvent.Action.EXPORT
    log_access(
        user=user,
        actor_label=actor_label,
        looks=[
            Look(
                subject_id=None,
                subject_type="report",
                what=f"outcome_report:{agreement.code}:{period}:{fmt}:sha256={digest}",
                action=action,
            )
        ],
        purpose=Purpose.FUNDER_REPORTING,
    )


def generate(
    *, user, agreement: Agreement, period: str, fmt: str, actor_label="", audience=None
) -> bytes:
    """Build, render and log one report file, for ``audience`` (by default the user's; the
    contract audience for an operator's command without a user)."""
    if audience is None:
        audience = Audience.CONTRACT if user is None else audience_of(user)
    report = build_cached(agreement, period, audience=audience)
    data = RENDERERS[fmt](report)
    log_report(
        user=user,
        agreement=agreement,
        period=report["period"],
        fmt=fmt,
        digest=sha256(data),
        actor_label=actor_label,
    )
    return data


def filename(agreement: Agreement, period: str, fmt: str) -> str:
    return f"uitkomstrapport-{agreement.code}-{period}.{fmt}"
