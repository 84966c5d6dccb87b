"""Outcome reports: suppression of small counts and of totals, no minimum or maximum, no
free text, the formats open (PDF, XLSX, CSV), every report logged with its SHA-256, the
operators' command, and the refusal for an evaluator who is not on the agreement."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from financing import reports
from financing.models import Claim
from privacy.models import AccessEvent
from tests.financing.conftest import add_definition


def fill_claims(agreement, definition, participant, user, statuses):
    """Claim rows straight in the table (test data for counting only)."""
    for status, n in statuses.items():
        for _ in range(n):
            Claim.objects.create(
                agreement=agreement,
                definition=definition,
                provider=agreement.providers.first().organisation,
                participant=participant,
                unit_id=uuid.uuid4(),
                status=status,
                amount=definition.price,
                achieved_on=dt.date(2025, 6, 1),
                claimed_by=user,
                submitted_at=timezone.make_aware(dt.datetime(2025, 7, 1, 12)),
            )


def test_small_counts_and_totals_are_suppressed(office, agreement, definition, achiever, lead_a):
    other = add_definition(office, agreement, code="zrm", rule="zrm_financien_1_2_to_3")
    fill_claims(
        agreement,
        definition,
        achiever,
        lead_a,
        {"submitted": 12, "verified": 3, "rejected": 15, "paid": 11},
    )
    fill_claims(
        agreement,
        other,
        achiever,
        lead_a,
        {"submitted": 11, "verified": 14, "rejected": 12, "paid": 13},
    )
    report = reports.build(agreement, "2025")
    table = report["claims_by_status"]
    assert table["cells"][0][1] == "<10"  # 3 verified
    # Secondary suppression: the hidden cell cannot be recomputed from its row or column.
    row = table["cells"][0]
    assert sum(1 for v in row if v == "<10") >= 2 or table["row_totals"][0] == "<10"
    column = [r[1] for r in table["cells"]]
    assert sum(1 for v in column if v == "<10") >= 2 or table["column_totals"][1] == "<10"
    assert report["participants_reached"] == "<10"  # one participant with consent
    assert report["outcomes_achieved"]["total"] == "<10"
    flat = repr(report)
    for word in ("min", "max_value", "minimum", "maximum"):
        assert f"'{word}'" not in flat


def test_period_must_be_a_year_or_a_month(agreement):
    from django.core.exceptions import ValidationError

    for bad in ("2025-13", "25", "2025-1", "", "2025/01"):
        with pytest.raises(ValidationError):
            reports.build(agreement, bad)
    assert reports.parse_period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def _events(fmt):
    return list(AccessEvent.objects.filter(what__contains=f":{fmt}:sha256="))


@pytest.mark.pdf
def test_pdf_download_opens_and_is_logged_with_its_hash(
    client, evaluator, agreement, definition, achiever
):
    client.force_login(evaluator)
    response = client.get(
        reverse("financing:report_download", kwargs={"code": agreement.code})
        + "?periode=2025&formaat=pdf"
    )
    assert response.status_code == 200
    body = response.content
    assert body.startswith(b"%PDF-")
    (event,) = _events("pdf")
    assert event.what.endswith(hashlib.sha256(body).hexdigest()) and event.subject_id is None
    assert event.action == "export" and event.user == evaluator


def test_xlsx_and_csv_open_and_are_logged(client, evaluator, agreement, definition, achiever):
    from openpyxl import load_workbook

    client.force_login(evaluator)
    url = reverse("financing:report_download", kwargs={"code": agreement.code})
    xlsx = client.get(url + "?periode=2025&formaat=xlsx").content
    workbook = load_workbook(io.BytesIO(xlsx))
    rows = list(workbook["rapport"].iter_rows(values_only=True))
    assert rows[0] == ("section", "row", "column", "value")
    assert ("participants_reached", None, None, "<10") in rows or (
        "participants_reached",
        "",
        "",
        "<10",
    ) in rows
    text = client.get(url + "?periode=2025-06&formaat=csv").content
    lines = list(csv.reader(io.StringIO(text.decode())))
    assert lines[0] == ["section", "row", "column", "value"]
    assert _events("xlsx")[0].what.endswith(hashlib.sha256(xlsx).hexdigest())
    assert _events("csv")[0].what.endswith(hashlib.sha256(text).hexdigest())
    assert client.get(url + "?periode=2025&formaat=doc").status_code == 400


def test_report_page_and_api_are_logged(client, evaluator, agreement, definition):
    from accounts import tokens

    client.force_login(evaluator)
    page = client.get(
        reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
    )
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert len(_events("html")) == 1
    raw = tokens.create_token(user=evaluator, name="fno", scopes=["read"]).plaintext
    response = client.get(
        reverse("api:financing-agreement-report", kwargs={"code": agreement.code}) + "?period=2025",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["participants_reached"] == "<10"
    assert _events("json")[0].what.endswith(data["sha256"])


def test_report_for_an_agreement_the_evaluator_is_not_on_is_refused_and_logged(
    client, other_evaluator, agreement, caplog
):
    from accounts import tokens

    client.force_login(other_evaluator)
    with caplog.at_level(logging.WARNING, logger="koers.financing"):
        for name in ("financing:report", "financing:report_download", "financing:agreement"):
            assert client.get(reverse(name, kwargs={"code": agreement.code})).status_code == 404
    assert sum("not_on_agreement" in r.getMessage() for r in caplog.records) == 3
    raw = tokens.create_token(user=other_evaluator, name="x", scopes=["read"]).plaintext
    response = client.get(
        reverse("api:financing-agreement-report", kwargs={"code": agreement.code}) + "?period=2025",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 404
    assert AccessEvent.objects.filter(what__startswith="outcome_report").count() == 0


def test_team_lead_gets_no_report(client, lead_a, agreement):
    client.force_login(lead_a)
    assert (
        client.get(reverse("financing:report", kwargs={"code": agreement.code})).status_code == 403
    )


def test_outcome_report_command(tmp_path, agreement, definition, achiever):
    out = tmp_path / "rapport.csv"
    stdout = io.StringIO()
    call_command(
        "outcome_report",
        agreement.code,
        "--period",
        "2025",
        "--format",
        "csv",
        "--out",
        str(out),
        stdout=stdout,
    )
    data = out.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest in stdout.getvalue()
    (event,) = _events("csv")
    assert event.actor_label == "manage.py outcome_report" and event.what.endswith(digest)
    xlsx = tmp_path / "rapport.xlsx"
    call_command(
        "outcome_report",
        agreement.code,
        "--period",
        "2025-06",
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
        stdout=stdout,
    )
    assert xlsx.read_bytes()[:2] == b"PK"


def test_payments_against_cap_and_milestones(
    office, agreement, definition, achiever, lead_a, evaluator, orgs
):
    from financing import services

    made = services.submit_claim(
        actor=lead_a,
        agreement=agreement,
        definition=definition,
        provider=orgs["wb"],
        participant=achiever,
    )
    made = services.decide_claim(
        actor=evaluator,
        claim=made,
        expected_version=made.version,
        verdict="verified",
        reason="evidence_consistent",
    )
    services.record_payment(
        actor=office,
        agreement=agreement,
        provider=orgs["wb"],
        kind="actual",
        amount=Decimal("1000"),
        date=dt.date(2025, 9, 1),
        claim=made,
    )
    services.add_milestone(
        actor=office,
        agreement=agreement,
        label="Bereikt",
        metric="participants_reached",
        kind="interim",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        target=20,
    )
    report = reports.build(agreement, "2025")
    # One paid claim: its amount divided by the price would give the count away.
    assert report["payments"]["actual"] == "verborgen"
    assert report["payments"]["remaining"] == "verborgen"
    assert report["payments"]["cap"] == "10000.00"
    assert report["milestones"][0]["result"] == "<10" and report["milestones"][0]["target"] == 20


def test_report_is_reused_while_the_data_are_unchanged_and_rebuilt_after_a_change(
    agreement, definition, achiever, lead_a, orgs, caseworker_a, monkeypatch
):
    from casework import services as cw
    from financing import services

    calls = []
    real = reports.build
    monkeypatch.setattr(reports, "build", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = reports.build_cached(agreement, str(timezone.localdate().year))
    assert (
        reports.build_cached(agreement, str(timezone.localdate().year)) == first and len(calls) == 1
    )
    services.submit_claim(
        actor=lead_a,
        agreement=agreement,
        definition=definition,
        provider=orgs["wb"],
        participant=achiever,
    )
    reports.build_cached(agreement, str(timezone.localdate().year))
    assert len(calls) == 2  # rebuilt (the counts themselves stay "<10": one claim)
    # A withdrawn consent (a new statement) is a change too.
    cw.record_consent(
        actor=caseworker_a,
        participant=achiever,
        purpose="funder_reporting",
        status="withdrawn",
        effective_on=timezone.localdate(),
        text_version="2025-01",
    )
    reports.build_cached(agreement, str(timezone.localdate().year))
    assert len(calls) == 3


def _paid(agreement, definition, provider, user, participant, n):
    """n paid claims of a provider with one actual payment each (rows for counting only)."""
    from financing.models import Payment

    for _ in range(n):
        claim = Claim.objects.create(
            agreement=agreement,
            definition=definition,
            provider=provider,
            participant=participant,
            unit_id=uuid.uuid4(),
            status="paid",
            amount=definition.price,
            achieved_on=dt.date(2025, 6, 1),
            claimed_by=user,
            submitted_at=timezone.make_aware(dt.datetime(2025, 7, 1, 12)),
        )
        Payment.objects.create(
            agreement=agreement,
            provider=provider,
            claim=claim,
            kind="actual",
            amount=definition.price,
            date=dt.date(2025, 8, 1),
            created_by=user,
        )


def test_payment_amounts_cannot_be_divided_back_into_small_counts(
    agreement, definition, achiever, lead_a, orgs
):
    """12 paid claims for one provider and 3 for the other: the 3 are hidden, and so is the
    other provider's amount (or the total): total minus the one shown would give them."""
    _paid(agreement, definition, orgs["wb"], lead_a, achiever, 12)
    _paid(agreement, definition, orgs["df"], lead_a, achiever, 3)
    pay = reports.build(agreement, "2025")["payments"]
    by_provider = {row["provider"]: row["actual"] for row in pay["per_provider"]}
    assert by_provider["Dreamfabryk"] == "verborgen"
    assert by_provider["Wijkbedrijf Bilgaard"] == "verborgen" or pay["actual"] == "verborgen"
    shown = [v for v in [*by_provider.values(), pay["actual"]] if v != "verborgen"]
    price = Decimal(definition.price)
    # Nothing shown divides back into a count below the threshold.
    assert all(Decimal(v) / price >= 10 for v in shown)
    html = reports.report_html(reports.build(agreement, "2025"))
    assert "verborgen" in html


def test_outcomes_per_definition_are_the_totals_of_outcomes_over_time(
    office, agreement, definition, achiever
):
    """The two outcome tables rest on the same figures, suppressed once: the table per
    definition shows exactly the column totals of the table per month."""
    add_definition(office, agreement, code="zrm", rule="zrm_financien_1_2_to_3")
    report = reports.build(agreement, "2025")
    over, per = report["outcomes_over_time"], report["outcomes_achieved"]
    assert per["rows"] == over["columns"]
    assert [row[0] for row in per["cells"]] == over["column_totals"]
    assert per["total"] == over["total"]


def test_nested_milestones_do_not_give_away_their_difference(office, agreement, monkeypatch):
    """An interim result of 12 and a final result of 15 over the same start: 15 - 12 = 3,
    so the final result is hidden."""
    from financing import services

    for label, end in (("Tussenstand", dt.date(2025, 6, 30)), ("Eind", dt.date(2025, 12, 31))):
        services.add_milestone(
            actor=office,
            agreement=agreement,
            label=label,
            metric="claims_submitted",
            kind="interim" if label == "Tussenstand" else "final",
            period_start=dt.date(2025, 1, 1),
            period_end=end,
            target=10,
        )
    results = {dt.date(2025, 6, 30): 12, dt.date(2025, 12, 31): 15}
    monkeypatch.setattr(
        reports, "_milestone_result", lambda agreement, milestone: results[milestone.period_end]
    )
    rows = {m["label"]: m["result"] for m in reports.build(agreement, "2025")["milestones"]}
    assert rows == {"Tussenstand": "12", "Eind": "<10"}
    results[dt.date(2025, 12, 31)] = 40
    rows = {m["label"]: m["result"] for m in reports.build(agreement, "2025")["milestones"]}
    assert rows == {"Tussenstand": "12", "Eind": "40"}


def test_milestones_hide_a_small_difference_with_any_sum_of_others(office, agreement):
    """Four quarters are not all milestones: Q1 30, Q2 25, Q3 28 and the year 88 give Q4 = 5;
    a milestone for the first half of 52 beside the report's 58 reached gives 6."""
    from financing.models import Milestone

    def m(label, metric, start, end):
        return Milestone(
            agreement=agreement,
            label=label,
            metric=metric,
            kind="interim",
            period_start=start,
            period_end=end,
            target=1,
        )

    claims = Milestone.Metric.CLAIMS
    quarters = [
        m("Q1", claims, dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        m("Q2", claims, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        m("Q3", claims, dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        m("Jaar", claims, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]
    assert reports._milestones_hidden(quarters, [30, 25, 28, 88]) == [False] * 3 + [True]
    assert reports._milestones_hidden(quarters, [30, 25, 28, 120]) == [False] * 4
    half = [m("H1", Milestone.Metric.REACHED, dt.date(2025, 1, 1), dt.date(2025, 6, 30))]
    fixed = [(Milestone.Metric.REACHED, dt.date(2025, 1, 1), dt.date(2025, 12, 31), 58)]
    assert reports._milestones_hidden(half, [52], fixed) == [True]
    assert reports._milestones_hidden(half, [40], fixed) == [False]


def test_reversed_payments_pay_for_nobody(agreement, definition, achiever, lead_a, orgs):
    """10 claims paid and 6 of them reversed: the amount left is 4 claims' worth, so it is
    hidden (it is not "10 claims behind it")."""
    from financing.models import Payment

    _paid(agreement, definition, orgs["wb"], lead_a, achiever, 10)
    for payment in list(Payment.objects.order_by("id"))[:6]:
        Payment.objects.create(
            agreement=agreement,
            provider=payment.provider,
            claim=payment.claim,
            kind="actual",
            amount=-payment.amount,
            date=dt.date(2025, 8, 2),
            corrects=payment,
            created_by=lead_a,
        )
    pay = reports._payments(agreement, dt.date(2025, 12, 31))
    assert pay["actual"] == "verborgen" and pay["remaining"] == "verborgen"


def test_amounts_are_hidden_when_a_paid_count_is_hidden(
    office, agreement, definition, achiever, lead_a, orgs
):
    """Prices are in the report: with the paid column's total and the amount paid, a hidden
    paid count of one definition could be solved. Amounts go when such a cell is hidden."""
    cheap = add_definition(office, agreement, code="goedkoop", price=Decimal("500.00"))
    _paid(agreement, definition, orgs["wb"], lead_a, achiever, 3)
    _paid(agreement, cheap, orgs["wb"], lead_a, achiever, 30)
    report = reports.build(agreement, "2025")
    paid = reports.STATUSES.index("paid")
    assert any(row[paid] == "<10" for row in report["claims_by_status"]["cells"])
    assert report["payments"]["actual"] == "verborgen"
    assert all(row["actual"] == "verborgen" for row in report["payments"]["per_provider"])
