"""The plan on paper: what the resident keeps or signs. Rendered from ``PlanPrint`` (the
selector decides what is shown and logs the look) to HTML and then to PDF, loading nothing
from outside (``privacy.report.render_pdf``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from casework.selectors import PlanPrint
from privacy.report import render_pdf


def plan_html(plan: PlanPrint) -> str:
    return render_to_string("casework/plan_pdf.html", {"plan": plan})


def plan_pdf(plan: PlanPrint) -> bytes:
    return render_pdf(plan_html(plan))


def plan_filename(plan: PlanPrint) -> str:
    """No name or number in a file name: the first characters of the random enrolment id."""
    return f"plan-{str(plan.enrolment.pk)[:8]}.pdf"
