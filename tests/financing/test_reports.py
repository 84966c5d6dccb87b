"""Outcome reports: exact for the contract audience (counts equal the data, payments equal the
ledger to the cent), management on the public method (perturbed counts, no amounts), milestone
status, every month listed, definitions and "figures as of" in every format, the default and
bad periods, typed XLSX cells and no live formula, the access events, the command, the cache."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import uuid
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from financing import reports, services
from financing.models import Claim, Payment
from privacy import cellkey
from privacy.models import AccessEvent
from privacy.release import TOTAL, unit_record_key
from tests.factories import add_member, make_household
from tests.financing.conftest import (
    add_definition,
    add_milestone,
    consent,
    make_agreement,
    rising_participant,
    submit_claim,
)
from tests.financing.pdftext import pdf_text

CENT = Decimal("0.01")


def aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def make_claim(agreement, definition, provider, user, *, status="submitted", submitted=None, **kw):
    """A claim row straight in the table (test data for counting): verified and paid claims
    get a decision moment, as the service gives them."""
    submitted = submitted or dt.date(2025, 7, 1)
    decided = kw.pop("decided", submitted if status in {"verified", "paid", "rejected"} else None)
    return Claim.objects.create(
        agreement=agreement,
        definition=definition,
        provider=provider,
        participant=kw.pop("participant"),
        unit_id=uuid.uuid4(),
        status=status,
        amount=kw.pop("amount", definition.price),
        achieved_on=kw.pop("achieved_on", dt.date(2025, 6, 1)),
        claimed_by=user,
        submitted_at=aware(submitted),
        decided_at=aware(decided) if decided else None,
    )


def fill_claims(agreement, definition, participant, user, statuses):
    provider = agreement.providers.order_by("organisation__name").first().organisation
    return [
        make_claim(agreement, definition, provider, user, status=status, participant=participant)
        for status, n in statuses.items()
        for _ in range(n)
    ]


def cells(table) -> dict:
    """(row key, column key) -> figure, totals included."""
    columns = [c["key"] for c in table["columns"]]
    result = {}
    for row in table["rows"]:
        for column, value in zip(columns, row["cells"], strict=True):
            result[(row["key"], column)] = value
        result[(row["key"], TOTAL)] = row["total"]
    for column, value in zip(columns, table["column_totals"], strict=True):
        result[(TOTAL, column)] = value
    result[(TOTAL, TOTAL)] = table["total"]
    return result


def csv_lines(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode())))


def _events(fmt):
    return list(AccessEvent.objects.filter(what__contains=f":{fmt}:sha256="))


def _bearer(user) -> dict:
    raw = tokens.create_token(user=user, name="t", scopes=["read"]).plaintext
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- exact for the contract audience ---------------------------------------------------------


def test_contract_report_counts_equal_the_data(
    office, agreement, definition, achiever, lead_a, caseworker_a, team_a
):
    rising_participant(caseworker_a, team_a, scores=(3, 4))  # consents, reaches nothing
    rising_participant(caseworker_a, team_a, with_consent=False)  # reaches it, no consent
    other = add_definition(office, agreement, code="zrm", rule="zrm_financien_1_2_to_3")
    fill_claims(agreement, definition, achiever, lead_a, {"submitted": 3, "verified": 1, "paid": 1})
    fill_claims(agreement, other, achiever, lead_a, {"verified": 2, "rejected": 2})
    report = reports.build(agreement, "2025")
    assert report["audience"] == "contract" and report["method"] == "exact"
    assert report["participants_reached"] == 2  # the two with consent
    claims = cells(report["claims_by_status"])
    expected = {
        ("doel-2", "submitted"): 3,
        ("doel-2", "verified"): 1,
        ("doel-2", "rejected"): 0,
        ("doel-2", "paid"): 1,
        ("zrm", "verified"): 2,
        ("zrm", "rejected"): 2,
        ("doel-2", TOTAL): 5,
        ("zrm", TOTAL): 4,
        (TOTAL, "verified"): 3,
        (TOTAL, TOTAL): 9,
    }
    assert {key: claims[key] for key in expected} == expected
    # Outcomes according to the data: the achiever only (3 -> 6 in July 2025).
    over = cells(report["outcomes_over_time"])
    assert over[("2025-07", "doel-2")] == 1 and over[(TOTAL, TOTAL)] == 1
    assert cells(report["outcomes_achieved"])[("doel-2", "achieved")] == 1
    flat = repr(report)
    assert "<10" not in flat and "verborgen" not in flat


def test_the_report_reads_its_cohort_planned_for_every_row(agreement, achiever, monkeypatch):
    """On PostgreSQL the report's reads of the cohort are planned for reading all of it (a
    cohort the planner takes for one row made nested loops of minutes), and reset after."""
    from casework import facts
    from tests import planning

    seen = planning.spy(monkeypatch, facts, "record_key_total")
    assert reports.build(agreement, "2025")["participants_reached"] == 1
    assert planning.planned_for_every_row(seen)


def test_every_month_of_the_period_is_listed_and_empty_months_are_zero(
    agreement, definition, achiever
):
    over = reports.build(agreement, "2025")["outcomes_over_time"]
    assert [row["key"] for row in over["rows"]] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert [row["total"] for row in over["rows"]] == [0] * 6 + [1] + [0] * 5
    quarter = reports.build(agreement, "2025-K2")["outcomes_over_time"]
    assert [(r["key"], r["total"]) for r in quarter["rows"]] == [
        ("2025-04", 0),
        ("2025-05", 0),
        ("2025-06", 0),
    ]


def test_outcomes_per_definition_are_the_totals_of_outcomes_over_time(
    office, agreement, definition, achiever
):
    add_definition(office, agreement, code="zrm", rule="zrm_financien_1_2_to_3")
    report = reports.build(agreement, "2025")
    over, per = report["outcomes_over_time"], report["outcomes_achieved"]
    assert [r["key"] for r in per["rows"]] == [c["key"] for c in over["columns"]]
    assert [r["cells"][0] for r in per["rows"]] == over["column_totals"]
    assert per["total"] == over["total"] == 1


def test_a_household_definition_counts_households(
    office, agreement, achiever, caseworker_a, team_a
):
    """Two members of one household reach the outcome (in July and in September): one
    household, counted in the month its first member reached it."""
    from tests.financing.conftest import START

    later = rising_participant(
        caseworker_a, team_a, dates=[START + dt.timedelta(days=10), dt.date(2025, 9, 15)]
    )
    household = make_household(caseworker_a, achiever, start_date=START)
    add_member(caseworker_a, household, later, "child", start_date=START)
    add_definition(office, agreement, code="gezin", unit="household")
    add_definition(office, agreement, code="persoon")
    over = cells(reports.build(agreement, "2025")["outcomes_over_time"])
    assert over[("2025-07", "gezin")] == 1 and over[(TOTAL, "gezin")] == 1
    assert over[("2025-09", "gezin")] == 0
    assert over[(TOTAL, "persoon")] == 2 and over[("2025-09", "persoon")] == 1
    september = cells(reports.build(agreement, "2025-09")["outcomes_over_time"])
    assert september[(TOTAL, "gezin")] == 0  # the household reached it before September


def _ledger(agreement, end: dt.date) -> dict:
    """What the payment lines (and the claims they pay) say, computed here independently:
    per provider and in total, planned, paid and due (verified by ``end``: amount minus its
    actual lines up to ``end``)."""
    result = {}
    providers = [p.organisation for p in agreement.providers.all()]
    for provider in [*providers, None]:
        lines = Payment.objects.filter(agreement=agreement, date__lte=end)
        claims = Claim.objects.filter(
            agreement=agreement, status__in=["verified", "paid"], decided_at__date__lte=end
        )
        if provider is not None:
            lines, claims = lines.filter(provider=provider), claims.filter(provider=provider)
        planned = sum((p.amount for p in lines if p.kind == "planned"), Decimal("0"))
        paid = sum((p.amount for p in lines if p.kind == "actual"), Decimal("0"))
        due = Decimal("0")
        for claim in claims:
            on_claim = sum(
                (p.amount for p in lines if p.kind == "actual" and p.claim_id == claim.pk),
                Decimal("0"),
            )
            due += max(claim.amount - on_claim, Decimal("0"))
        result[provider.name if provider else "total"] = {
            "planned": planned.quantize(CENT),
            "paid": paid.quantize(CENT),
            "due": due.quantize(CENT),
        }
    return result


@pytest.fixture
def ledger(office, agreement, definition, achiever, lead_a, orgs):
    """Claims and payment lines with odd cents: a claim paid in full, one partly (in
    September), one planned only, one paid and reversed, one submitted, and an advance."""
    odd = add_definition(office, agreement, code="oneven", price=Decimal("1234.56"))
    wb, df = orgs["wb"], orgs["df"]
    spring = dt.date(2025, 5, 1)

    def claim(defn, provider, status="verified"):
        return make_claim(
            agreement, defn, provider, lead_a, status=status, participant=achiever, submitted=spring
        )

    full, part = claim(odd, wb), claim(odd, wb)
    planned, reversed_, _open = (
        claim(definition, df),
        claim(definition, df),
        claim(definition, wb, "submitted"),
    )

    def pay(provider, kind, amount, day, on=None):
        return services.record_payment(
            actor=office,
            agreement=agreement,
            provider=provider,
            kind=kind,
            amount=Decimal(amount),
            date=day,
            claim=on,
        )

    pay(wb, "actual", "1234.56", dt.date(2025, 6, 2), full)
    pay(wb, "actual", "234.56", dt.date(2025, 9, 1), part)
    pay(df, "planned", "1000.00", dt.date(2025, 6, 3), planned)
    line = pay(df, "actual", "1000.00", dt.date(2025, 6, 4), reversed_)
    services.correct_payment(actor=office, payment=line, date=dt.date(2025, 6, 20))
    pay(wb, "planned", "500.05", dt.date(2025, 2, 1))  # an advance, no claim
    return {"full": full, "part": part}


def test_payments_equal_the_ledger_to_the_cent(agreement, ledger):
    pay = reports.build(agreement, "2025")["payments"]
    expected = _ledger(agreement, dt.date(2025, 12, 31))
    assert pay["released"] is True
    for row in pay["per_provider"]:
        assert {k: Decimal(row[k]) for k in ("planned", "paid", "due")} == expected[row["provider"]]
    assert {k: Decimal(pay[k]) for k in ("planned", "paid", "due")} == expected["total"]
    # And by hand: paid 1234.56 + 234.56 + 1000.00 - 1000.00; due 0 + 1000.00 (rest of the
    # partly paid claim) + 1000.00 (planned only) + 1000.00 (reversed); the cap 10,000.
    assert pay["paid"] == "1469.12" and pay["due"] == "3000.00" and pay["planned"] == "1500.05"
    assert pay["cap"] == "10000.00" and pay["remaining"] == "8530.88"
    assert Decimal(pay["remaining"]) == Decimal(pay["cap"]) - Decimal(pay["paid"])
    by_provider = {row["provider"]: row for row in pay["per_provider"]}
    assert by_provider["Wijkbedrijf Bilgaard"]["due"] == "1000.00"
    assert by_provider["Dreamfabryk"]["due"] == "2000.00"
    ledger["part"].refresh_from_db()
    assert ledger["part"].status == "verified"


def test_payments_run_to_the_period_end(agreement, ledger):
    """In August the partly paid claim had no payment yet: all of it was due then
    (1234.56), beside the planned-only and the reversed claims (1000.00 each)."""
    pay = reports.build(agreement, "2025-08")["payments"]
    assert {k: Decimal(pay[k]) for k in ("planned", "paid", "due")} == _ledger(
        agreement, dt.date(2025, 8, 31)
    )["total"]
    assert pay["paid"] == "1234.56" and pay["due"] == "3234.56"


def test_the_page_shows_amounts_in_dutch(client, evaluator, agreement, ledger):
    client.force_login(evaluator)
    page = client.get(
        reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
    ).content.decode()
    for text in ("€ 1.469,12", "€ 3.000,00", "€ 10.000,00", "€ 8.530,88", "€ 1.234,56"):
        assert text in page, text


# --- management --------------------------------------------------------------------------


def test_management_gets_exact_figures_by_default(client, office, agreement, ledger):
    contract = reports.build(agreement, "2025")
    management = reports.build(agreement, "2025", audience="management")
    assert management["method"] == "exact" and management["payments"] == contract["payments"]
    assert management["claims_by_status"] == contract["claims_by_status"]
    client.force_login(office)
    page = client.get(
        reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
    )
    assert page.status_code == 200 and "€ 1.469,12" in page.content.decode()


@override_settings(KOERS_RELEASE_MANAGEMENT="public")
def test_management_on_the_public_method_gets_perturbed_counts_and_no_amounts(
    client, office, lead_a, agreement, definition, achiever, caseworker_a, team_a, ledger
):
    from financing import selectors

    people = [achiever] + [rising_participant(caseworker_a, team_a) for _ in range(4)]
    report = reports.build(agreement, "2025", audience="management")
    assert report["method"] == "cell_key" and report["max_noise"] == cellkey.MAX_NOISE
    keys = sum(p.record_key for p in people)
    assert report["participants_reached"] == cellkey.perturb(len(people), keys)
    claims = cells(report["claims_by_status"])
    for (code, status), value in claims.items():
        rows = Claim.objects.filter(agreement=agreement, submitted_at__year=2025)
        if code != TOTAL:
            rows = rows.filter(definition__code=code)
        if status != TOTAL:
            rows = rows.filter(status=status)
        pks = list(rows.values_list("pk", flat=True))
        assert value == cellkey.perturb(len(pks), sum(unit_record_key("claim", p) for p in pks))
    outcomes = cells(report["outcomes_over_time"])
    assert outcomes[("2025-07", "doel-2")] == cellkey.perturb(5, keys)
    assert outcomes[("2025-01", "doel-2")] == 0  # an empty cell stays 0
    assert report["payments"] == {"released": False, "note": report["payments"]["note"]}
    assert "niet getoond" in report["payments"]["note"]
    # Nothing in any format breaks, and no payment amount appears.
    paid = selectors.paid_total(agreement)
    for user in (office, lead_a):
        client.force_login(user)
        page = client.get(
            reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
        )
        text = page.content.decode()
        assert page.status_code == 200 and "Bedragen worden niet getoond" in text
        assert "publieke methode" in text
        assert "€ 1.469,12" not in text and "€ 10.000,00" not in text and "8.530,88" not in text
        assert _download(client, agreement, "csv").status_code == 200
        assert _download(client, agreement, "xlsx").content[:2] == b"PK"
        api = client.get(
            reverse("api:financing-agreement-report", kwargs={"code": agreement.code})
            + "?period=2025",
            **_bearer(user),
        )
        assert api.status_code == 200 and api.json()["payments"]["released"] is False
    data = _download(client, agreement, "csv").content.decode()
    assert str(paid) not in data and "not_released" in data
    # The evaluators keep exact figures and amounts under the same setting.
    assert reports.build(agreement, "2025")["payments"]["paid"] == "1469.12"


@pytest.mark.pdf
@override_settings(KOERS_RELEASE_MANAGEMENT="public")
def test_management_on_the_public_method_gets_a_pdf_without_amounts(
    client, office, agreement, ledger
):
    client.force_login(office)
    response = client.get(
        reverse("financing:report_download", kwargs={"code": agreement.code})
        + "?periode=2025&formaat=pdf"
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Bedragen worden niet getoond" in text and "1.469,12" not in text


def test_the_cache_keeps_audiences_and_methods_apart(agreement, ledger):
    contract = reports.build_cached(agreement, "2025")
    management = reports.build_cached(agreement, "2025", audience="management")
    assert management["audience"] == "management" and contract["audience"] == "contract"
    with override_settings(KOERS_RELEASE_MANAGEMENT="public"):
        public = reports.build_cached(agreement, "2025", audience="management")
        assert public["method"] == "cell_key" and not public["payments"]["released"]
    assert reports.build_cached(agreement, "2025", audience="management")["method"] == "exact"


# --- milestones --------------------------------------------------------------------------


def test_milestone_status_met_not_met_and_not_yet_due(
    office, agreement, definition, achiever, lead_a
):
    today = timezone.localdate()
    provider = agreement.providers.first().organisation
    for day in (dt.date(2025, 2, 3), dt.date(2025, 3, 3), dt.date(2025, 4, 3), dt.date(2025, 9, 3)):
        make_claim(agreement, definition, provider, lead_a, participant=achiever, submitted=day)
    soon = today + dt.timedelta(days=60)
    for label, start, end, target in (
        ("Gehaald", dt.date(2025, 1, 1), dt.date(2025, 6, 30), 2),
        ("Niet gehaald", dt.date(2025, 7, 1), dt.date(2025, 12, 31), 5),
        ("Loopt nog", today - dt.timedelta(days=10), soon, 5),
        ("Vroeg gehaald", dt.date(2025, 1, 1), soon, 4),
    ):
        add_milestone(
            office,
            agreement,
            label,
            "claims_submitted",
            "interim",
            target,
            period_start=start,
            period_end=end,
        )
    rows = {
        m["label"]: (m["result"], m["status"])
        for m in reports.build(agreement, "2025")["milestones"]
    }
    assert rows == {
        "Gehaald": (3, "met"),
        "Niet gehaald": (1, "not_met"),
        "Loopt nog": (0, "not_yet_due"),
        "Vroeg gehaald": (4, "met"),
    }


def test_milestone_status_boundaries():
    day = dt.date(2026, 3, 31)
    assert reports.milestone_status(5, 5, day, day) == "met"
    assert reports.milestone_status(4, 5, day, day) == "not_yet_due"  # its last day
    assert reports.milestone_status(4, 5, day, day + dt.timedelta(days=1)) == "not_met"
    assert reports.milestone_status(0, 0, day, day + dt.timedelta(days=1)) == "met"


def test_milestones_are_the_same_in_every_report(office, agreement, definition, achiever, lead_a):
    provider = agreement.providers.first().organisation
    for _ in range(3):
        make_claim(
            agreement,
            definition,
            provider,
            lead_a,
            participant=achiever,
            submitted=dt.date(2025, 2, 4),
        )
    add_milestone(
        office, agreement, "H1", "claims_submitted", "interim", 1, period_end=dt.date(2025, 6, 30)
    )
    rows = [reports.build(agreement, p)["milestones"] for p in ("2025", "2025-03", "2025-11")]
    assert rows[0] == rows[1] == rows[2] and rows[0][0]["result"] == 3


# --- every format ------------------------------------------------------------------------


HOSTILE = '=HYPERLINK("http://voorbeeld.example";"Klik hier")'


@pytest.fixture
def hostile_milestone(office, agreement):
    return add_milestone(office, agreement, HOSTILE, "participants_reached", "final", 20)


def _download(client, agreement, fmt, period="2025"):
    return client.get(
        reverse("financing:report_download", kwargs={"code": agreement.code})
        + f"?periode={period}&formaat={fmt}"
    )


def test_definitions_and_figures_as_of_in_page_csv_xlsx_and_api(
    client, evaluator, agreement, definition, achiever
):
    from openpyxl import load_workbook

    client.force_login(evaluator)
    page = client.get(
        reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
    ).content.decode()
    for text in (
        "Resultaatdefinities",
        "doel-2",
        "Doelrealisatie 2 punten hoger",
        "€ 1.000,00",
        "€ 100.000,00",
        "Berekend, elke claim geverifieerd",
        "Cijfers per",
    ):
        assert text in page, text
    lines = csv_lines(_download(client, agreement, "csv").content)
    assert ["definitions", "doel-2", "price", "1000.00"] in lines
    assert ["definitions", "doel-2", "sustain_days", "0"] in lines
    assert ["definitions", "doel-2", "max_count", "100"] in lines
    assert ["definitions", "doel-2", "rule", "goal_attainment_rise_2"] in lines
    assert ["definitions", "doel-2", "validation", "data_verification"] in lines
    as_of = [line for line in lines if line[:2] == ["report", "figures_as_of"]]
    assert as_of and dt.datetime.fromisoformat(as_of[0][3]).date() == timezone.localdate()
    workbook = load_workbook(io.BytesIO(_download(client, agreement, "xlsx").content))
    sheet = workbook["Definities"]
    header = [c.value for c in sheet[2]]
    row = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert row["Code"] == "doel-2" and row["Prijs"] == 1000 and row["Houdbaarheid (dagen)"] == 0
    assert row["Maximum aantal"] == 100 and row["Maximum bedrag"] == 100000
    assert row["Validatie"] == "Berekend, elke claim geverifieerd"
    assert "cijfers per" in sheet["A1"].value
    summary = {r[0]: r[1] for r in workbook["Samenvatting"].iter_rows(min_row=3, values_only=True)}
    assert isinstance(summary["Cijfers per"], dt.datetime)
    api = client.get(
        reverse("api:financing-agreement-report", kwargs={"code": agreement.code}) + "?period=2025",
        **_bearer(evaluator),
    ).json()
    assert (
        api["definitions"][0]["price"] == "1000.00" and api["definitions"][0]["sustain_days"] == 0
    )
    assert dt.datetime.fromisoformat(api["figures_as_of"]).date() == timezone.localdate()


@pytest.mark.pdf
def test_the_pdf_holds_the_definitions_the_figures_as_of_and_labelled_bars(
    client, evaluator, agreement, definition, achiever, ledger
):
    client.force_login(evaluator)
    response = _download(client, agreement, "pdf")
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    # A cell's text may wrap over lines (the tagged PDF/UA layout wraps the description column).
    flat = " ".join(text.split())
    for fragment in (
        "Resultaatdefinities",
        "doel-2",
        "Doelrealisatie 2 punten hoger",
        "Cijfers per",
        "Berekend, elke claim geverifieerd",
        "€ 1.469,12",
        "€ 3.000,00",
    ):
        assert fragment in flat, fragment
    # The payment chart writes each bar's amount beside it: the table has each amount once,
    # the chart once more (SVG text is placed glyph by glyph, without its spaces).
    squeezed = text.replace(" ", "")
    assert squeezed.count("€1.469,12") >= 2 and squeezed.count("€3.000,00") >= 2
    # The bars of the months are labelled with their figures too.
    assert "2025-07" in text


def test_xlsx_numbers_dates_title_frozen_header_and_no_formula(
    client, evaluator, agreement, definition, achiever, ledger, hostile_milestone
):
    from openpyxl import load_workbook

    client.force_login(evaluator)
    data = _download(client, agreement, "xlsx").content
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and all(b"<f>" not in archive.read(name) for name in sheets)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [
        "Samenvatting",
        "Resultaten per maand",
        "Claims per status",
        "Betalingen",
        "Mijlpalen",
        "Definities",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A3", sheet.title
        assert sheet["A1"].value.startswith(f"Uitkomstrapport {agreement.code}, periode 2025")
    months = workbook["Resultaten per maand"]
    first = months["A3"]
    assert (
        first.is_date
        and first.value == dt.datetime(2025, 1, 1)
        and first.number_format == "yyyy-mm"
    )
    july = [r for r in months.iter_rows(min_row=3) if r[0].is_date and r[0].value.month == 7][0]
    assert july[1].data_type == "n" and july[1].value == 1
    payments = {r[0].value: r for r in workbook["Betalingen"].iter_rows(min_row=3)}
    total = payments["Totaal"]
    assert [c.data_type for c in total[1:]] == ["n", "n", "n"]
    assert [Decimal(str(c.value)).quantize(CENT) for c in total[1:]] == [
        Decimal("1500.05"),
        Decimal("1469.12"),
        Decimal("3000.00"),
    ]
    milestone = list(workbook["Mijlpalen"].iter_rows(min_row=3))[0]
    assert milestone[0].value == HOSTILE and milestone[0].data_type == "s"
    assert milestone[3].is_date and milestone[3].value == dt.datetime(2025, 1, 1)
    assert milestone[5].data_type == "n" and milestone[5].value == 20
    lines = csv_lines(_download(client, agreement, "csv").content)
    labels = {line[1] for line in lines if line[0] == "milestones"}
    assert labels == {"'" + HOSTILE}
    assert ["payments", "total", "paid", "1469.12"] in lines


def test_the_page_escapes_a_hostile_label(client, evaluator, agreement, hostile_milestone):
    client.force_login(evaluator)
    page = client.get(
        reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
    ).content.decode()
    assert "=HYPERLINK(&quot;http://voorbeeld.example&quot;" in page


# --- periods -----------------------------------------------------------------------------


@pytest.fixture
def current_agreement(office, orgs, evaluator):
    """An agreement over last year, this year and next (the dates of the day the test runs)."""
    year = timezone.localdate().year
    agreement = make_agreement(
        office,
        orgs,
        code="FNO-NU",
        start_date=dt.date(year - 1, 1, 1),
        end_date=dt.date(year + 1, 12, 31),
    )
    services.grant(actor=office, agreement=agreement, user=evaluator)
    return agreement


def test_the_default_period_is_the_current_year(client, evaluator, current_agreement):
    today = timezone.localdate()
    report = reports.build(current_agreement)
    assert report["period"] == str(today.year)
    assert report["period_start"] == dt.date(today.year, 1, 1).isoformat()
    assert report["period_end"] == today.isoformat()
    assert len(report["outcomes_over_time"]["rows"]) == today.month
    client.force_login(evaluator)
    page = client.get(reverse("financing:report", kwargs={"code": current_agreement.code}))
    assert page.status_code == 200
    assert f"Uitkomstrapport — FNO-NU, {today.year}" in page.content.decode()
    api = client.get(
        reverse("api:financing-agreement-report", kwargs={"code": current_agreement.code}),
        **_bearer(evaluator),
    )
    assert api.status_code == 200 and api.json()["period"] == str(today.year)


def _future_month() -> str:
    today = timezone.localdate()
    following = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following.strftime("%Y-%m")


BAD_PERIODS = [
    ("9999-12", "2000 tot en met 2100"),
    ("1999", "2000 tot en met 2100"),
    ("2026-13", "01 tot en met 12"),
    ("future", "nog niet begonnen"),
    ("abc", "JJJJ-K1"),
    ("2019", "buiten de looptijd"),
]


@pytest.mark.parametrize("value,message", BAD_PERIODS)
def test_a_bad_period_is_refused_in_dutch_never_a_server_error(
    client, evaluator, current_agreement, tmp_path, value, message
):
    value = _future_month() if value == "future" else value
    client.force_login(evaluator)
    code = {"code": current_agreement.code}
    page = client.get(reverse("financing:report", kwargs=code) + f"?periode={value}")
    assert page.status_code == 400 and message in page.content.decode()
    download = client.get(
        reverse("financing:report_download", kwargs=code) + f"?periode={value}&formaat=csv"
    )
    assert download.status_code == 400 and message in download.content.decode()
    api = client.get(
        reverse("api:financing-agreement-report", kwargs=code) + f"?period={value}",
        **_bearer(evaluator),
    )
    assert api.status_code == 400
    assert message in " ".join(e["message"] for e in api.json()["errors"]["period"])
    with pytest.raises(CommandError, match=message):
        call_command(
            "outcome_report",
            current_agreement.code,
            "--period",
            value,
            "--format",
            "csv",
            "--out",
            str(tmp_path / "r.csv"),
            stdout=io.StringIO(),
        )
    assert not AccessEvent.objects.filter(what__startswith="outcome_report").exists()


def test_periods_by_quarter_month_and_everything_are_clipped_to_the_agreement(agreement):
    assert (
        reports.build(agreement, "2025-K3")["period_start"],
        reports.build(agreement, "2025-K3")["period_end"],
    ) == (
        "2025-07-01",
        "2025-09-30",
    )
    everything = reports.build(agreement, "alles")
    assert everything["period_start"] == "2025-01-01"
    assert everything["period_end"] == min(timezone.localdate(), dt.date(2026, 12, 31)).isoformat()


# --- access events and refusals ----------------------------------------------------------


@pytest.mark.pdf
def test_pdf_download_opens_and_is_logged_with_its_hash(
    client, evaluator, agreement, definition, achiever
):
    client.force_login(evaluator)
    response = _download(client, agreement, "pdf")
    assert response.status_code == 200
    body = response.content
    assert body.startswith(b"%PDF-")
    (event,) = _events("pdf")
    assert event.what.endswith(hashlib.sha256(body).hexdigest()) and event.subject_id is None
    assert event.action == "export" and event.user == evaluator
    assert event.what.startswith(f"outcome_report:{agreement.code}:2025:pdf:")


def test_xlsx_and_csv_open_and_are_logged(client, evaluator, agreement, definition, achiever):
    from openpyxl import load_workbook

    client.force_login(evaluator)
    xlsx = _download(client, agreement, "xlsx").content
    load_workbook(io.BytesIO(xlsx))
    text = _download(client, agreement, "csv", period="2025-06").content
    lines = csv_lines(text)
    assert lines[0] == ["section", "row", "column", "value"]
    assert ["participants_reached", "", "", "1"] in lines
    assert _events("xlsx")[0].what.endswith(hashlib.sha256(xlsx).hexdigest())
    assert _events("csv")[0].what.endswith(hashlib.sha256(text).hexdigest())
    assert len(_events("xlsx")) == len(_events("csv")) == 1
    assert (
        client.get(
            reverse("financing:report_download", kwargs={"code": agreement.code})
            + "?periode=2025&formaat=doc"
        ).status_code
        == 400
    )


def test_report_page_and_api_are_logged(client, evaluator, agreement, definition):
    client.force_login(evaluator)
    page = client.get(
        reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
    )
    assert page.status_code == 200 and page.content.decode().count('class="koers-chart"') == 2
    assert len(_events("html")) == 1
    response = client.get(
        reverse("api:financing-agreement-report", kwargs={"code": agreement.code}) + "?period=2025",
        **_bearer(evaluator),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["participants_reached"] == 0 and data["method"] == "exact"
    assert _events("json")[0].what.endswith(data["sha256"])
    assert data["sha256"] == reports.sha256(
        reports.canonical({k: v for k, v in data.items() if k != "sha256"})
    )


def test_report_for_an_agreement_the_evaluator_is_not_on_is_refused_and_logged(
    client, other_evaluator, agreement, caplog
):
    client.force_login(other_evaluator)
    with caplog.at_level(logging.WARNING, logger="koers.financing"):
        for name in ("financing:report", "financing:report_download", "financing:agreement"):
            assert client.get(reverse(name, kwargs={"code": agreement.code})).status_code == 404
    assert sum("not_on_agreement" in r.getMessage() for r in caplog.records) == 3
    response = client.get(
        reverse("api:financing-agreement-report", kwargs={"code": agreement.code}) + "?period=2025",
        **_bearer(other_evaluator),
    )
    assert response.status_code == 404
    assert AccessEvent.objects.filter(what__startswith="outcome_report").count() == 0


def test_a_granted_team_lead_gets_the_management_report(client, lead_a, lead_b, agreement):
    client.force_login(lead_a)
    page = client.get(
        reverse("financing:report", kwargs={"code": agreement.code}) + "?periode=2025"
    )
    assert page.status_code == 200 and len(_events("html")) == 1
    client.force_login(lead_b)  # a team lead not granted on the agreement
    assert (
        client.get(reverse("financing:report", kwargs={"code": agreement.code})).status_code == 404
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
    assert ["report", "audience", "", "contract"] in csv_lines(data)
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
        "--audience",
        "management",
        stdout=stdout,
    )
    assert xlsx.read_bytes()[:2] == b"PK"


# --- reuse -------------------------------------------------------------------------------


def test_report_is_reused_while_the_data_are_unchanged_and_rebuilt_after_a_change(
    agreement, definition, achiever, lead_a, orgs, caseworker_a, monkeypatch
):
    calls = []
    real = reports.build
    monkeypatch.setattr(reports.caching, "build", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = reports.build_cached(agreement, "")
    assert reports.build_cached(agreement, "") == first and len(calls) == 1
    submit_claim(lead_a, agreement, definition, achiever, orgs)
    reports.build_cached(agreement, "")
    assert len(calls) == 2
    consent(caseworker_a, achiever, "withdrawn", timezone.localdate())
    reports.build_cached(agreement, "")
    assert len(calls) == 3


def test_only_consented_participants_are_reached(agreement, definition, achiever, caseworker_a):
    assert reports.build(agreement, "2025")["participants_reached"] == 1
    consent(caseworker_a, achiever, "withdrawn", timezone.localdate())
    report = reports.build(agreement, "2025")
    assert report["participants_reached"] == 0 and report["outcomes_achieved"]["total"] == 0


def test_no_minimum_maximum_or_free_text(agreement, definition, achiever):
    flat = repr(reports.build(agreement, "2025"))
    for word in ("'min'", "'max_value'", "'minimum'", "'maximum'", "Mijn post zelf"):
        assert word not in flat


def test_an_audience_without_the_report_is_refused(agreement):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reports.build(agreement, "2025", audience="public")
