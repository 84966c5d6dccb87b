"""Access per role (pages and API), object-level refusals (an agreement one is not granted),
query counts flat from 1 to 50 rows, and the no-leak check: no identifier of a participant
created with known values appears in any page, file or API response of the app."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.roles import ALL_ROLES, EVALUATOR, TEAM_LEAD
from financing import candidates, reports, services
from financing.models import Claim, Payment
from tests.factories import log_progress, make_user
from tests.financing.conftest import add_milestone, make_agreement, rising_participant, submit_claim
from tests.financing.matrix import MATRIX


def urls(agreement, claim):
    code = {"code": agreement.code}
    result = {}
    for name in MATRIX:
        short = name.split(":")[1]
        if short in {"agreements", "financing-agreement-list", "financing-claim-list"}:
            kwargs = {}
        elif short in {"claim", "financing-claim-detail", "financing-claim-decide"}:
            kwargs = {"pk": claim.pk}
        else:
            kwargs = code
        result[name] = reverse(name, kwargs=kwargs)
    result["api:financing-agreement-report"] += "?period=2025"
    return result


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_gets_exactly_what_the_matrix_gives(
    client, role, office, agreement, claim, team_a
):
    user = make_user(role, teams=[team_a])
    if role in {EVALUATOR, TEAM_LEAD}:
        services.grant(actor=office, agreement=agreement, user=user)
    client.force_login(user)
    for name, url in urls(agreement, claim).items():
        response = client.get(url)
        allowed = role in MATRIX[name]
        if allowed:
            assert response.status_code in {200, 302, 405}, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)


def test_agreement_not_granted_is_not_found(
    client, other_evaluator, agreement, claim, team_b, office
):
    lead_b = make_user(TEAM_LEAD, teams=[team_b])
    for user in (other_evaluator, lead_b):
        client.force_login(user)
        for name, url in urls(agreement, claim).items():
            if name in {
                "financing:agreements",
                "api:financing-agreement-list",
                "api:financing-claim-list",
            }:
                response = client.get(url)
                assert response.status_code == 200
                assert agreement.code not in response.content.decode()
                continue
            if user == lead_b and name == "financing:payments":
                continue  # refused by role before the object
            response = client.get(url)
            assert response.status_code in {403, 404, 405}, (name, response.status_code)
            assert response.status_code != 200


def test_evaluator_decides_through_the_page_and_api(client, evaluator, claim, lead_a):
    client.force_login(evaluator)
    url = reverse("financing:claim", kwargs={"pk": claim.pk})
    page = client.get(url).content.decode()
    assert "Besluit vastleggen" in page and "p" in page
    response = client.post(
        url, {"version": claim.version, "verdict": "verified", "reason": "evidence_consistent"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "verified"
    # API: a stale version is 409; the claimant (a team lead) is refused.
    raw = tokens.create_token(user=evaluator, name="t", scopes=["read", "write"]).plaintext
    api = reverse("api:financing-claim-decide", kwargs={"pk": claim.pk})
    response = client.post(
        api,
        {"version": 1, "verdict": "rejected", "reason": "doubt_measurement"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 409
    raw_lead = tokens.create_token(user=lead_a, name="t", scopes=["read", "write"]).plaintext
    response = client.post(
        api,
        {"version": claim.version, "verdict": "rejected", "reason": "doubt_measurement"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw_lead}",
    )
    assert response.status_code == 403


def test_team_lead_claims_from_the_candidates_page(
    client, lead_a, agreement, definition, achiever, orgs
):
    client.force_login(lead_a)
    url = reverse("financing:candidates", kwargs={"code": agreement.code})
    page = client.get(url).content.decode()
    assert f"Deelnemer {str(achiever.pk)[:8]}" in page
    response = client.post(
        url, {"definition": definition.pk, "unit": achiever.pk, "provider": orgs["wb"].pk}
    )
    assert response.status_code == 302
    assert Claim.objects.get().claimed_by == lead_a
    # A second claim is refused in Dutch, nothing changed.
    response = client.post(
        url,
        {"definition": definition.pk, "unit": achiever.pk, "provider": orgs["wb"].pk},
        follow=True,
    )
    assert "al een claim" in response.content.decode()
    assert Claim.objects.count() == 1


def test_office_pages_write_through_the_services(client, office, agreement, orgs):
    client.force_login(office)
    url = reverse("financing:amend", kwargs={"code": agreement.code})
    response = client.post(
        url,
        {
            "version": agreement.version,
            "date": "2025-05-01",
            "reason": "Meer gezinnen",
            "new_cap": "12000",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert str(agreement.cap) == "12000.00"
    response = client.post(
        reverse("financing:payments", kwargs={"code": agreement.code}),
        {"provider": orgs["wb"].pk, "kind": "actual", "amount": "99999", "date": "2025-05-01"},
    )
    assert "plafond" in response.content.decode()
    assert Payment.objects.count() == 0


# --- query counts -------------------------------------------------------------------------


def _claims(agreement, definition, participant, user, n):
    for _ in range(n):
        Claim.objects.create(
            agreement=agreement,
            definition=definition,
            provider=agreement.providers.first().organisation,
            participant=participant,
            unit_id=uuid.uuid4(),
            amount=definition.price,
            achieved_on=dt.date(2025, 6, 1),
            claimed_by=user,
            submitted_at=timezone.now(),
        )


def _payments(agreement, user, n):
    provider = agreement.providers.first().organisation
    for _ in range(n):
        Payment.objects.create(
            agreement=agreement,
            provider=provider,
            kind="planned",
            amount=1,
            date=dt.date(2025, 6, 1),
            created_by=user,
        )


@pytest.mark.parametrize("n", [1, 50])
def test_list_pages_and_api_lists_are_flat(
    client,
    n,
    office,
    orgs,
    evaluator,
    agreement,
    definition,
    achiever,
    lead_a,
    django_assert_max_num_queries,
):
    _claims(agreement, definition, achiever, lead_a, n)
    _payments(agreement, office, n)
    for index in range(n):
        extra = make_agreement(office, orgs, code=f"X-{index}")
        services.grant(actor=office, agreement=extra, user=evaluator)
    client.force_login(evaluator)
    raw = tokens.create_token(user=evaluator, name="t", scopes=["read"]).plaintext
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    pages = [
        (reverse("financing:agreements"), {}),
        (reverse("financing:claims", kwargs={"code": agreement.code}), {}),
        (reverse("financing:payments", kwargs={"code": agreement.code}), {}),
        (reverse("api:financing-agreement-list") + "?page_size=100", bearer),
        (reverse("api:financing-claim-list") + "?page_size=100", bearer),
    ]
    for url, headers in pages:
        with django_assert_max_num_queries(25):
            assert client.get(url, **headers).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_candidates_and_report_are_flat(
    n, lead_a, agreement, definition, caseworker_a, team_a, django_assert_max_num_queries
):
    for _ in range(n):
        rising_participant(caseworker_a, team_a)
    with django_assert_max_num_queries(12):
        rows = candidates.for_team_lead(lead_a, agreement)
    assert len(rows) == n
    with django_assert_max_num_queries(30):
        reports.build(agreement, "2025")


def _paid_claims(agreement, definition, participant, user, n):
    """n verified claims, each half paid: every query of the report has rows to read."""
    provider = agreement.providers.first().organisation
    for index in range(n):
        claim = Claim.objects.create(
            agreement=agreement,
            definition=definition,
            provider=provider,
            participant=participant,
            unit_id=uuid.uuid4(),
            amount=definition.price,
            status="verified",
            achieved_on=dt.date(2025, 6, 1),
            claimed_by=user,
            submitted_at=timezone.make_aware(dt.datetime(2025, 1 + index % 12, 3, 12)),
            decided_at=timezone.make_aware(dt.datetime(2025, 1 + index % 12, 4, 12)),
        )
        Payment.objects.create(
            agreement=agreement,
            provider=provider,
            claim=claim,
            kind="actual",
            amount=definition.price / 2,
            date=dt.date(2025, 8, 1),
            created_by=user,
        )


def test_report_page_and_api_queries_stay_flat_from_1_to_50_claims(
    client, office, evaluator, agreement, definition, achiever, lead_a
):
    """The report is built anew for each count (the cache is cleared): the same number of
    queries for 1 claim as for 50, on the page and in the API."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_milestone(office, agreement, "Claims", "claims_submitted", "interim", 10)
    client.force_login(evaluator)
    raw = tokens.create_token(user=evaluator, name="t", scopes=["read"]).plaintext
    code = {"code": agreement.code}
    requests = [
        (reverse("financing:report", kwargs=code) + "?periode=2025", {}),
        (
            reverse("api:financing-agreement-report", kwargs=code) + "?period=2025",
            {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
        ),
    ]

    def queries() -> list[int]:
        counts = []
        for url, headers in requests:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, **headers).status_code == 200
            counts.append(len(captured))
        return counts

    _paid_claims(agreement, definition, achiever, lead_a, 1)
    queries()  # the first requests of a session and a token do some writes of their own
    one = queries()
    _paid_claims(agreement, definition, achiever, lead_a, 49)
    fifty = queries()
    assert one == fifty, (one, fifty)
    assert max(fifty) <= 45, fifty


# --- no leak ------------------------------------------------------------------------------

KNOWN = {
    "given_name": "Wietske",
    "family_name": "Zwartkruis",
    "bsn": None,
    "client_ref": "GL-77123",
    "street": "Kalverdijkje",
    "house_number": "177-bis",
    "postcode": "8924AB",
    "phone": "06-98765432",
    "email": "wietske@example.org",
}


def test_no_identifier_reaches_any_page_file_or_api_response(
    client, office, evaluator, lead_a, agreement, definition, caseworker_a, team_a, orgs
):
    from tests.factories import valid_bsn

    identity = {k: v for k, v in KNOWN.items() if v}
    bsn = valid_bsn()
    participant = rising_participant(caseworker_a, team_a, bsn=bsn, **identity)
    enrolment = participant.enrolments.get()
    log_progress(caseworker_a, enrolment, dt.date(2025, 3, 1), "Geheime notitie over schulden")
    secrets_ = [
        *identity.values(),
        bsn,
        "Mijn post zelf bijhouden",
        "Geheime notitie",
        str(participant.pk),
    ]
    made = submit_claim(lead_a, agreement, definition, participant, orgs)
    outputs = []
    for user in (evaluator, office, lead_a):
        client.force_login(user)
        raw = tokens.create_token(user=user, name="t", scopes=["read"]).plaintext
        for name, url in urls(agreement, made).items():
            response = (
                client.get(
                    url + ("?formaat=csv" if name.endswith("download") else ""),
                    HTTP_AUTHORIZATION=f"Bearer {raw}",
                )
                if name.startswith("api:")
                else client.get(url + ("?formaat=csv" if name.endswith("download") else ""))
            )
            outputs.append(response.content.decode(errors="replace"))
    client.force_login(evaluator)
    xlsx = client.get(
        reverse("financing:report_download", kwargs={"code": agreement.code}) + "?formaat=xlsx"
    ).content
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx))
    outputs.append(repr([list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets]))
    outputs.append(reports.report_html(reports.build(agreement, "2025")))
    text = "\n".join(outputs)
    for secret in secrets_:
        assert secret not in text, secret


def test_claims_page_shows_the_spot_sample_only_on_request(client, evaluator, agreement, claim):
    client.force_login(evaluator)
    url = reverse("financing:claims", kwargs={"code": agreement.code})
    assert str(claim.pk)[:8] in client.get(url).content.decode()
    assert str(claim.pk)[:8] not in client.get(url + "?steekproef=1").content.decode()
    response = client.post(url, {"percentage": 100})
    assert response.status_code == 302
    assert str(claim.pk)[:8] in client.get(url + "?steekproef=1").content.decode()
