"""The Schuldenvrij pages through the Django test client: the week's work of a caseworker and a
team lead, bad input refused in Dutch, access events, and the programme office's counters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import PROGRAMME_OFFICE
from casework.models import OutcomeValue
from privacy.models import AccessEvent
from schuldenvrij import services
from schuldenvrij.models import BudgetSnapshot, Debt, FollowUp, Forgiveness, PilotPlace
from tests.factories import make_participant, make_user
from tests.helpers import page_as, refused_page, was_logged
from tests.paging import assert_paged, last_event, logged
from tests.schuldenvrij.conftest import (
    add_debt,
    debt_data,
    forgive,
    make_enrolment,
    propose,
    turning_18_soon,
)

pytestmark = pytest.mark.django_db


def test_home_lists_the_team_enrolments_and_logs_them(client, caseworker_a, enrolment, debts):
    body = page_as(client, caseworker_a, reverse("schuldenvrij:home"))
    assert "Sietske Hoekstra" in body and "€ 2.000,00" in body
    assert was_logged(enrolment.participant_id, "schuldenvrij_overview", action="list")


def test_home_pages_the_enrolments_by_name_and_logs_only_the_page(client, caseworker_a, team_a):
    made = {}
    for i in reversed(range(53)):  # made in the reverse of the order by name
        made[f"Deelnemer{i:02d} Test"] = make_enrolment(
            caseworker_a, team_a, given_name=f"Deelnemer{i:02d}", family_name="Test"
        ).participant_id
    names = sorted(made)
    client.force_login(caseworker_a)
    since = last_event()
    first = client.get(reverse("schuldenvrij:home")).content.decode()
    assert sorted(logged("schuldenvrij_overview", since)) == sorted(made[n] for n in names[:50])
    assert "Deelnemer52" not in first
    assert_paged(client, reverse("schuldenvrij:home"), r">(Deelnemer\d\d Test)</a></th>", names)
    since = last_event()
    assert client.get(reverse("schuldenvrij:home"), {"pagina": 2}).status_code == 200
    assert sorted(logged("schuldenvrij_overview", since)) == sorted(made[n] for n in names[50:])


def test_enrolment_page_shows_budget_chart_with_table_and_debts(
    client, caseworker_a, enrolment, debts
):
    for day, rent in ((dt.date(2025, 2, 1), "700"), (dt.date(2025, 8, 1), "650")):
        services.add_snapshot(
            actor=caseworker_a,
            enrolment=enrolment,
            date=day,
            amounts={"income_benefit": "1300", "cost_rent": rent},
        )
    body = page_as(
        client, caseworker_a, reverse("schuldenvrij:enrolment", kwargs={"pk": enrolment.pk})
    )
    assert body.count("<svg") == 1 and "<table" in body
    assert "1-2-2025" in body and "1-8-2025" in body
    assert "€ 600,00" in body and "€ 650,00" in body  # the room of each snapshot
    assert "Vattenfall" in body and "Zilveren Kruis" in body
    assert reverse("casework:plan_edit", kwargs={"pk": enrolment.pk}) in body
    assert reverse("casework:goal_new", kwargs={"pk": enrolment.pk}) in body
    assert AccessEvent.objects.filter(what="schuldenvrij_enrolment", action="view").count() == 1


def test_snapshot_form_saves_and_refuses_negative_amounts(client, caseworker_a, enrolment):
    client.force_login(caseworker_a)
    url = reverse("schuldenvrij:snapshot_new", kwargs={"pk": enrolment.pk})
    assert client.get(url).status_code == 200
    assert "Een bedrag kan niet negatief zijn." in refused_page(
        client, url, {"date": "2025-03-01", "income_benefit": "1200", "cost_rent": "-1"}
    )
    assert BudgetSnapshot.objects.count() == 0
    response = client.post(
        url, {"date": "2025-03-01", "income_benefit": "1200,50", "cost_rent": "700"}
    )
    assert response.status_code == 302
    assert BudgetSnapshot.objects.get().room == Decimal("500.50")


def test_debt_pages(client, caseworker_a, enrolment):
    client.force_login(caseworker_a)
    url = reverse("schuldenvrij:debt_new", kwargs={"pk": enrolment.pk})
    data = debt_data(original_amount="300", current_amount="-20", status="open", since="2024-09-01")
    assert "Een bedrag kan niet negatief zijn." in refused_page(client, url, data)
    assert Debt.objects.count() == 0
    assert "Geef de reden op" in refused_page(client, url, {**data, "current_amount": "375"})
    response = client.post(url, {**data, "current_amount": "375", "increase_reason": "Verhoging"})
    assert response.status_code == 302
    debt = Debt.objects.get()
    edit = reverse("schuldenvrij:debt_edit", kwargs={"pk": debt.pk})
    assert "CJIB" in client.get(edit).content.decode()
    response = client.post(
        edit, {**data, "current_amount": "100", "status": "arrangement", "version": debt.version}
    )
    assert response.status_code == 302
    assert "Iemand anders heeft dit intussen gewijzigd" in refused_page(
        client, edit, {**data, "current_amount": "50", "version": debt.version}
    )
    debt.refresh_from_db()
    assert (debt.current_amount, debt.status) == (Decimal("100.00"), "arrangement")


def test_pilot_place_page_refuses_beyond_the_cap(client, settings, caseworker_a, team_a, enrolment):
    settings.KOERS_SCHULDENVRIJ_PLACES = 1
    other = make_enrolment(caseworker_a, team_a, given_name="Ander")
    services.admit_to_pilot(actor=caseworker_a, enrolment=other, date=dt.date(2025, 2, 1))
    client.force_login(caseworker_a)
    url = reverse("schuldenvrij:place_admit", kwargs={"pk": enrolment.pk})
    assert "Alle 1 plaatsen in de pilot kwijtschelding zijn bezet" in refused_page(
        client, url, {"admitted_on": "2025-02-01"}
    )
    assert PilotPlace.objects.count() == 1


def test_propose_and_decide_with_four_eyes(client, caseworker_a, lead_a, lead2_a, enrolment, debts):
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    client.force_login(caseworker_a)
    url = reverse("schuldenvrij:forgiveness_new", kwargs={"pk": enrolment.pk})
    page = client.get(url).content.decode()
    assert "€ 2.000,00" in page
    assert "hoger dan de vastgelegde restschuld" in refused_page(
        client, url, {"amount": "2500", "date": "2025-06-01", "funding": "fno"}
    )
    response = client.post(url, {"amount": "2000", "date": "2025-06-01", "funding": "fno"})
    assert response.status_code == 302
    forgiveness = Forgiveness.objects.get()

    client.force_login(lead_a)
    home = client.get(reverse("schuldenvrij:home")).content.decode()
    assert "Goedkeuren" in home
    decide = reverse("schuldenvrij:forgiveness_decide", kwargs={"pk": forgiveness.pk})
    response = client.post(decide, {"version": 1, "decision": "approve"}, follow=True)
    assert "Uw besluit over de kwijtschelding is vastgelegd." in response.content.decode()
    assert Forgiveness.objects.get().status == "approved"
    assert FollowUp.objects.count() == 3
    reject = reverse("schuldenvrij:forgiveness_reject", kwargs={"pk": forgiveness.pk})
    assert client.post(decide, {"version": 1, "decision": "reject"}).url == reject
    assert "Iemand anders heeft dit intussen gewijzigd" in refused_page(
        client, reject, {"version": 1, "reason": "Te laat", "confirm": "on"}
    )


def test_the_proposer_sees_no_decision_buttons(client, lead_a, enrolment, debts):
    services.admit_to_pilot(actor=lead_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    propose(lead_a, enrolment, "100")
    client.force_login(lead_a)
    home = client.get(reverse("schuldenvrij:home")).content.decode()
    assert "Eigen voorstel: een andere teamleider beslist." in home
    forgiveness = Forgiveness.objects.get()
    response = client.post(
        reverse("schuldenvrij:forgiveness_decide", kwargs={"pk": forgiveness.pk}),
        {"version": 1, "decision": "approve"},
        follow=True,
    )
    assert "vier ogen" in response.content.decode()
    assert Forgiveness.objects.get().status == "proposed"


def test_due_follow_ups_and_recording(client, caseworker_a, lead_a, enrolment, debts):
    today = dt.date.today()
    forgive(caseworker_a, lead_a, enrolment, date=services.add_months(today, -6))
    client.force_login(caseworker_a)
    page = client.get(reverse("schuldenvrij:follow_ups")).content.decode()
    six = FollowUp.objects.get(months=6)
    assert "Sietske Hoekstra" in page and "6 maanden" in page
    assert "12 maanden" not in page
    url = reverse("schuldenvrij:follow_up", kwargs={"pk": six.pk})
    assert "Vul een bedrag in." in refused_page(
        client,
        url,
        {"version": 1, "done_on": today.isoformat(), "new_debts": "yes", "new_debts_amount": ""},
    )
    response = client.post(
        url,
        {"version": 1, "done_on": today.isoformat(), "new_debts": "yes", "new_debts_amount": "120"},
    )
    assert response.status_code == 302
    assert OutcomeValue.objects.filter(
        measure__code=services.MEASURE_NEW_DEBTS, value_number=Decimal("120.00")
    ).exists()
    assert "Sietske" not in client.get(reverse("schuldenvrij:follow_ups")).content.decode()


def test_turning_18_list_and_contact(client, caseworker_a, caseworker_b, team_a, team_b):
    today = dt.date.today()
    soon = turning_18_soon()
    young = make_participant(
        caseworker_a, team_a, "lifecoaching", name="Finn Bosma", date_of_birth=soon
    )
    make_participant(
        caseworker_a, team_a, name="Oud Genoeg", date_of_birth=dt.date(today.year - 30, 1, 1)
    )
    make_participant(caseworker_b, team_b, name="Ander Team", date_of_birth=soon)
    client.force_login(caseworker_a)
    page = client.get(reverse("schuldenvrij:turning_18")).content.decode()
    assert "Finn Bosma" in page and "Lifecoaching" in page
    assert "Genoeg" not in page and "Ander Team" not in page
    assert AccessEvent.objects.filter(what="schuldenvrij_turning_18").count() == 1
    url = reverse("schuldenvrij:contact_new", kwargs={"pk": young.pk})
    response = client.post(url, {"date": today.isoformat(), "done": "yes"}, follow=True)
    assert "Het preventieve contact is vastgelegd." in response.content.decode()
    assert young.schuldenvrij_contacts.count() == 1
    client.force_login(caseworker_b)
    assert client.post(url, {"date": today.isoformat(), "done": "yes"}).status_code == 404
    assert young.schuldenvrij_contacts.count() == 1


def test_figures_are_exact_for_the_programme_office(client, caseworker_a, lead_a, team_a):
    for index in range(3):
        enrolment = make_enrolment(caseworker_a, team_a, given_name=f"Pieternella{index}")
        add_debt(caseworker_a, enrolment, current="1000.00")
        forgive(caseworker_a, lead_a, enrolment, amount="1000.00")
    enrolment = make_enrolment(caseworker_a, team_a, given_name="Quirinus")
    add_debt(caseworker_a, enrolment, current="500.00")
    services.admit_to_pilot(actor=caseworker_a, enrolment=enrolment, date=dt.date(2025, 2, 1))
    office = make_user(PROGRAMME_OFFICE)
    client.force_login(office)
    body = client.get(reverse("schuldenvrij:figures")).content.decode()
    assert "4 / 100" in body and "€ 3.000,00" in body and "&lt;10" not in body
    assert "Pieternella" not in body and "Quirinus" not in body
    year = client.get(reverse("schuldenvrij:figures"), {"periode": "2025"})
    assert year.status_code == 200 and "€ 3.000,00" in year.content.decode()
    earlier = client.get(reverse("schuldenvrij:figures"), {"periode": "2024"}).content.decode()
    assert "€ 0,00" in earlier and "4 / 100" in earlier
    refused = client.get(reverse("schuldenvrij:figures"), {"periode": "9999-12"})
    assert refused.status_code == 400 and "2000 tot en met 2100" in refused.content.decode()


def test_nav_links(client, caseworker_a, enrolment):
    client.force_login(caseworker_a)
    body = client.get(reverse("casework:caseload")).content.decode()
    assert reverse("schuldenvrij:home") in body
    office = make_user(PROGRAMME_OFFICE)
    client.force_login(office)
    body = client.get(reverse("schuldenvrij:figures")).content.decode()
    assert "Schuldenvrij cijfers" in body


def test_contact_from_the_list_with_htmx_swaps_the_row(client, caseworker_a, team_a):
    today = dt.date.today()
    young = make_participant(
        caseworker_a, team_a, name="Jesse Nauta", date_of_birth=turning_18_soon()
    )
    client.force_login(caseworker_a)
    url = reverse("schuldenvrij:contact_new", kwargs={"pk": young.pk})
    response = client.post(url, {"date": "2099-01-01", "done": "yes"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<tr id="young-')
    assert "De datum ligt in de toekomst." in body and "nog niet" in body
    response = client.post(url, {"date": today.isoformat(), "done": "yes"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Het preventieve contact is vastgelegd." in body and "(gedaan)" in body
    assert "<html" not in body
    assert young.schuldenvrij_contacts.count() == 1
