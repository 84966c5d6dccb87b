"""The right-of-access report (GDPR art. 15): everything stored about one participant, as JSON
for machines and as a readable Dutch PDF for the resident.

The data comes from the registered subject provider (privacy knows no domain model); every
report made is logged in the access log by the caller's entry point (``participant_report``).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from privacy import registry, services
from privacy.models import AccessEvent

PDF_CSS = Path(__file__).resolve().parent / "report_pdf.css"


def participant_report(
    subject_id: uuid.UUID,
    *,
    user=None,
    actor_label: str = "",
    action: str = AccessEvent.Action.DATA_REQUEST,
    what: str = "access_report",
    purpose: str = "data_request",
) -> dict | None:
    """Log the look, then collect everything stored (so the report lists this look too).
    None when no such participant exists (and nothing is logged)."""
    provider = registry.provider()
    if provider.summarise(subject_id) is None:
        return None
    services.log_access(
        user=user,
        actor_label=actor_label,
        looks=[services.Look(subject_id=subject_id, what=what, action=action)],
        purpose=purpose,
    )
    return provider.collect(subject_id)


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, default=str)


def report_filename(subject_id: uuid.UUID, extension: str) -> str:
    """No identifier in a file name: only the first characters of the random internal id."""
    return f"inzage-{str(subject_id)[:8]}.{extension}"


# --- PDF ----------------------------------------------------------------------------------


def _no_external_fetcher():
    from weasyprint.urls import URLFetcher

    class NoExternalFetcher(URLFetcher):
        """Refuses every URL: the report must not load anything (no tracking pixel, no font
        server, no file of the host). ``refused`` lists what was asked for."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=())
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            self.refused.append(url)
            raise ValueError("External resources are not loaded in reports.")

    return NoExternalFetcher()


def render_pdf(html: str) -> bytes:
    """HTML to PDF with WeasyPrint, loading no external resource (styles come as a string).

    Every PDF is tagged PDF/UA-1 (structure tree, language, title shown), so that a screen
    reader reads the resident's plan or report in order, with its headings and tables."""
    from weasyprint import CSS, HTML

    fetcher = _no_external_fetcher()
    stylesheet = CSS(string=PDF_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )


ACTION_LABELS = dict(AccessEvent.Action.choices)
IDENTITY_LABELS = {
    "given_name": "Voornaam",
    "family_name": "Achternaam",
    "bsn": "BSN",
    "date_of_birth": "Geboortedatum",
    "street": "Straat",
    "house_number": "Huisnummer",
    "postcode": "Postcode",
    "city": "Woonplaats",
    "phone": "Telefoon",
    "email": "E-mail",
    "client_ref": "Cliëntnummer",
    "year_of_birth": "Geboortejaar",
    "gender": "Gender",
    "wijk": "Wijk",
}


def _when(value):
    """ISO text from the report back to a moment or a day, for Dutch display."""
    if not isinstance(value, str):
        return value
    try:
        return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    except ValueError:
        return value


def _labelled(values: dict) -> list[tuple[str, object]]:
    return [(IDENTITY_LABELS.get(key, key), value) for key, value in values.items()]


def report_html(report: dict) -> str:
    """The resident's readable Dutch version of the report."""
    with translation.override("nl"):
        return render_to_string(
            "privacy/report_pdf.html",
            {
                "report": report,
                "identity": _labelled(report.get("identity") or {}),
                "statistics": _labelled(report.get("statistics") or {}),
                "identity_versions": [
                    {
                        "history_date": _when(version.get("history_date")),
                        "fields": [
                            (IDENTITY_LABELS.get(key, key), value)
                            for key, value in version.items()
                            if key in IDENTITY_LABELS
                        ],
                    }
                    for version in report.get("identity_versions") or []
                ],
                "events": [
                    {
                        **event,
                        "when": _when(event["occurred_at"]),
                        "action_label": ACTION_LABELS.get(event["action"], event["action"]),
                    }
                    for event in report.get("access_events") or []
                ],
                "made_on": timezone.localtime(),
            },
        )


def report_pdf(report: dict) -> bytes:
    return render_pdf(report_html(report))
