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

from financing import reports, services
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


def _paid(agreement, definition, provider, user, participant, n, submitted=dt.date(2025, 7, 1)):
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
            submitted_at=timezone.make_aware(
                dt.datetime(submitted.year, submitted.month, submitted.day, 12)
            ),
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


def _milestone(agreement, label, metric, start, end):
    from financing.models import Milestone

    return Milestone(
        agreement=agreement,
        label=label,
        metric=metric,
        kind="interim",
        period_start=start,
        period_end=end,
        target=1,
    )


def test_milestones_hide_a_small_difference_with_any_sum_of_others(office, agreement):
    """Four quarters are not all milestones: Q1 30, Q2 25, Q3 28 and the year 88 give Q4 = 5.
    All four quarters beside the year leave nothing over: that says nothing, and the year is
    shown (found in review: tiled interim results always hid the final one)."""
    from financing.models import Milestone

    claims = Milestone.Metric.CLAIMS
    q = [
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ]
    year = _milestone(agreement, "Jaar", claims, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    three = [_milestone(agreement, f"Q{i + 1}", claims, *q[i]) for i in range(3)]
    assert reports._milestones_hidden([*three, year], [30, 25, 28, 88]) == [False] * 3 + [True]
    assert reports._milestones_hidden([*three, year], [30, 25, 28, 120]) == [False] * 4
    four = [_milestone(agreement, f"Q{i + 1}", claims, *q[i]) for i in range(4)]
    assert reports._milestones_hidden([*four, year], [30, 25, 28, 17, 100]) == [False] * 5
    # Q1 and Q3 only (not adjacent) leave Q2 and Q4 together: 90 - 30 - 28 = 32, fine; with a
    # year of 64 the 6 left over is a small group.
    assert reports._milestones_hidden([three[0], three[2], year], [30, 28, 90]) == [False] * 3
    assert reports._milestones_hidden([three[0], three[2], year], [30, 28, 64]) == [
        False,
        False,
        True,
    ]


def test_milestones_hide_a_small_overlap(office, agreement):
    """January-June 30 and April-December 40 beside the year's 65: the 5 in April-June (the
    overlap) follow, so the larger of the two is hidden."""
    from financing.models import Milestone

    achieved = Milestone.Metric.ACHIEVED
    items = [
        _milestone(agreement, "H1", achieved, dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        _milestone(agreement, "Q2-Q4", achieved, dt.date(2025, 4, 1), dt.date(2025, 12, 31)),
        _milestone(agreement, "Jaar", achieved, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]
    assert reports._milestones_hidden(items, [30, 40, 65]) == [False, True, False]
    assert reports._milestones_hidden(items, [30, 40, 50]) == [False] * 3


def test_participants_reached_are_not_added_up(office, agreement):
    """One person can be reached in two quarters, so quarters are not summed; a year of 58
    beside a first half of 52 still says 6 were reached only in the second half."""
    from financing.models import Milestone

    reached = Milestone.Metric.REACHED
    items = [
        _milestone(agreement, "Q1", reached, dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        _milestone(agreement, "Q2", reached, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        _milestone(agreement, "Jaar", reached, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]
    assert reports._milestones_hidden(items, [30, 25, 58]) == [False] * 3
    assert reports._milestones_hidden(items, [52, 25, 58]) == [False, False, True]


def test_many_milestones_are_checked_not_given_up_on(office, agreement):
    """36 monthly milestones inside one over 37 months: every sum is tried (bounded work), so
    the container is shown when nothing small is left and hidden when the month without a
    milestone holds 5 (found in review: more than 12 parts always hid the container)."""
    from financing.models import Milestone

    claims = Milestone.Metric.CLAIMS
    months = []
    for k in range(36):
        year, month = 2025 + k // 12, k % 12 + 1
        last = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        months.append(_milestone(agreement, f"M{k}", claims, dt.date(year, month, 1), last))
    whole = _milestone(agreement, "Alles", claims, dt.date(2025, 1, 1), dt.date(2028, 1, 31))
    assert reports._milestones_hidden([*months, whole], [10] * 36 + [380]) == [False] * 37
    assert reports._milestones_hidden([*months, whole], [10] * 36 + [365]) == [False] * 36 + [True]


def test_milestone_results_are_the_same_in_every_report(
    office, agreement, definition, achiever, lead_a, orgs
):
    """Which results are hidden does not depend on the period asked for (found in review: the
    report's own counts took part, so a year and a month could hide different milestones).
    52 claims in the first half and 6 later: the year's 58 beside the half's 52 is hidden in
    every report."""
    from financing.models import Milestone

    for n, day in ((40, dt.date(2025, 2, 4)), (12, dt.date(2025, 5, 4)), (6, dt.date(2025, 9, 4))):
        _paid(agreement, definition, orgs["wb"], lead_a, achiever, n, submitted=day)
    for label, start, end in (
        ("H1", dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        ("Jaar", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ):
        services.add_milestone(
            actor=office,
            agreement=agreement,
            label=label,
            metric=Milestone.Metric.CLAIMS,
            kind="interim",
            period_start=start,
            period_end=end,
            target=1,
        )
    rows = [
        [
            (m["label"], m["result"], m["met"])
            for m in reports.build(agreement, period)["milestones"]
        ]
        for period in ("2025", "2025-03", "2025-11")
    ]
    assert rows[0] == rows[1] == rows[2]
    assert rows[0] == [("H1", "52", True), ("Jaar", "<10", None)]


def test_amounts_are_hidden_when_few_claims_behind_them_are_from_before_the_period(
    agreement, definition, achiever, lead_a, orgs
):
    """Payments run up to the period's end, claims are counted within it: 20 paid claims
    submitted in August and 3 in July, in August's report, would leave 3 = amount / price -
    20, so the amounts are hidden; in the year's report they are shown."""
    _paid(agreement, definition, orgs["wb"], lead_a, achiever, 20, submitted=dt.date(2025, 8, 4))
    _paid(agreement, definition, orgs["wb"], lead_a, achiever, 3, submitted=dt.date(2025, 7, 4))
    august = (dt.date(2025, 8, 1), dt.date(2025, 8, 31))
    assert reports._payments(agreement, august[1], start=august[0])["actual"] == "verborgen"
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert reports._payments(agreement, year[1], start=year[0])["actual"] == "23000.00"


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
