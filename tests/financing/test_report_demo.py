"""The outcome report of the demo agreement, for every year of it so far, as the funder's
evaluator gets it: exact figures in every format, nothing suppressed ("<10") or hidden
("verborgen") anywhere, and the claims table agrees with the claims of each year."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import User
from financing.models import Agreement, Claim
from tests.financing.pdftext import pdf_text

CODE = "DEMO-FNO-GEZINSLAB"
HIDDEN = ("<10", "&lt;10", "verborgen")


def _years(agreement) -> range:
    """Every year of the agreement that has begun (a later one is refused as the future)."""
    last = min(agreement.end_date.year, timezone.localdate().year)
    return range(agreement.start_date.year, last + 1)


def _assert_nothing_hidden(text: str, where: str) -> None:
    for word in HIDDEN:
        assert word not in text, (where, word)


def test_the_demo_report_hides_nothing_in_page_csv_xlsx_and_api(demo_data, client):
    from openpyxl import load_workbook

    agreement = Agreement.objects.get(code=CODE)
    evaluator = User.objects.get(username="evaluator")
    client.force_login(evaluator)
    raw = tokens.create_token(user=evaluator, name="demo", scopes=["read"]).plaintext
    code = {"code": CODE}
    claims_seen = 0
    for year in _years(agreement):
        page = client.get(reverse("financing:report", kwargs=code) + f"?periode={year}")
        assert page.status_code == 200, year
        _assert_nothing_hidden(page.content.decode(), f"page {year}")
        download = reverse("financing:report_download", kwargs=code) + f"?periode={year}"
        data = client.get(download + "&formaat=csv").content.decode()
        _assert_nothing_hidden(data, f"csv {year}")
        lines = list(csv.reader(io.StringIO(data)))
        assert ["report", "method", "", "exact"] in lines
        workbook = load_workbook(io.BytesIO(client.get(download + "&formaat=xlsx").content))
        cells = repr([list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets])
        _assert_nothing_hidden(cells, f"xlsx {year}")
        api = client.get(
            reverse("api:financing-agreement-report", kwargs=code) + f"?period={year}",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert api.status_code == 200, year
        _assert_nothing_hidden(api.content.decode(), f"api {year}")
        report = api.json()
        assert report["method"] == "exact" and report["payments"]["released"] is True
        submitted = Claim.objects.filter(agreement=agreement, submitted_at__year=year).count()
        assert report["claims_by_status"]["total"] == submitted, year
        claims_seen += submitted
    assert claims_seen == Claim.objects.filter(agreement=agreement).count() > 0


@pytest.mark.pdf
def test_the_demo_report_hides_nothing_in_the_pdf(demo_data, client):
    agreement = Agreement.objects.get(code=CODE)
    client.force_login(User.objects.get(username="evaluator"))
    for year in _years(agreement):
        response = client.get(
            reverse("financing:report_download", kwargs={"code": CODE})
            + f"?periode={year}&formaat=pdf"
        )
        assert response.status_code == 200, year
        text = pdf_text(response.content)
        assert "Cijfers per" in text and "Resultaatdefinities" in text, year
        _assert_nothing_hidden(text, f"pdf {year}")
