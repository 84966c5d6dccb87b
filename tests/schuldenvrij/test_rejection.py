"""Rejecting a forgiveness proposal asks why and a second yes; the reason stays with it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schuldenvrij import services
from schuldenvrij.models import Forgiveness

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(caseworker_a, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    return services.propose_forgiveness(
        actor=caseworker_a,
        enrolment=enrolment,
        amount="500",
        date=dt.date(2025, 6, 1),
        funding="fno",
    )


def test_a_rejection_without_reason_is_refused(lead_a, proposal):
    with pytest.raises(ValidationError) as refused:
        services.decide_forgiveness(
            actor=lead_a, forgiveness=proposal, expected_version=1, approve=False
        )
    assert "reason" in refused.value.message_dict
    assert Forgiveness.objects.get().status == "proposed"


def test_rejecting_on_the_page_asks_reason_and_confirmation(
    client, caseworker_a, lead_a, enrolment, proposal
):
    client.force_login(lead_a)
    decide = reverse("schuldenvrij:forgiveness_decide", kwargs={"pk": proposal.pk})
    page = client.post(decide, {"version": 1, "decision": "reject", "next": "enrolment"})
    url = reverse("schuldenvrij:forgiveness_reject", kwargs={"pk": proposal.pk})
    assert page.status_code == 302 and page.url.startswith(url)
    form = client.get(page.url).content.decode()
    assert "€ 500,00" in form and "Ja, ik wijs dit voorstel af." in form
    for data in ({"version": 1, "reason": "Eerst een regeling"}, {"version": 1, "confirm": "on"}):
        assert client.post(page.url, data).status_code == 400
        assert Forgiveness.objects.get().status == "proposed"
    done = client.post(
        page.url,
        {"version": 1, "reason": "Eerst een betalingsregeling proberen", "confirm": "on"},
        follow=True,
    )
    assert "Het voorstel is afgewezen" in done.content.decode()
    assert Forgiveness.objects.get().status == "rejected"
    assert "Eerst een betalingsregeling" not in str(Forgiveness.objects.get().decision_reason)
    client.force_login(caseworker_a)
    detail = client.get(reverse("schuldenvrij:enrolment", kwargs={"pk": enrolment.pk}))
    assert "Eerst een betalingsregeling proberen" in detail.content.decode()
