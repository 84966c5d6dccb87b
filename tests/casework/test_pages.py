"""Every caseworker page, for every role: allowed and refused, and what a user sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import ALL_ROLES, FILE_ROLES, FUNCTIONAL_ADMIN, PEER_EXPERT, TEAM_LEAD
from casework import services
from casework.models import Instrument, Participant, ProgressEntry
from tests.factories import make_household, make_participant, make_user, valid_bsn
from tests.helpers import urls_of

NO_FILE_ROLES = [role for role in ALL_ROLES if role not in FILE_ROLES]


@pytest.fixture
def world(team_a, team_b, caseworker_a, caseworker_b, lead_a):
    bsn = valid_bsn()
    participant = make_participant(
        caseworker_a, team_a, name="Sietske Hoekstra", bsn=bsn, client_ref="GL-7781"
    )
    enrolment = participant.enrolments.get()
    goal = services.add_goal(actor=caseworker_a, enrolment=enrolment, text="Weer rust in huis")
    household = make_household(caseworker_a, participant, name="Gezin Hoekstra")
    return {
        "participant": participant,
        "enrolment": enrolment,
        "goal": goal,
        "household": household,
        "bsn": bsn,
    }


def file_urls(world):
    p, e, g, h = world["participant"], world["enrolment"], world["goal"], world["household"]
    return [
        *urls_of(p, "casework:participant_file", "casework:enrol", "casework:household_new"),
        *urls_of(
            e,
            "casework:measurement_new",
            "casework:plan_edit",
            "casework:goal_new",
            "casework:enrolment_end",
        ),
        *urls_of(g, "casework:goal_edit"),
        *urls_of(h, "casework:household", "casework:household_member_add"),
    ]


def test_anonymous_is_sent_to_login(client, world):
    for url in file_urls(world) + [reverse("casework:caseload")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_caseworker_of_the_team_sees_every_page(client, world, caseworker_a):
    client.force_login(caseworker_a)
    for url in file_urls(world):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("casework:participant_file", kwargs={"pk": world["participant"].pk}))
    content = page.content.decode()
    assert "Sietske Hoekstra" in content
    assert world["bsn"] in content
    assert "Weer rust in huis" in content


def test_caseworker_of_another_team_gets_no_page_hit_or_file(client, world, caseworker_b):
    client.force_login(caseworker_b)
    for url in file_urls(world):
        assert client.get(url).status_code == 404, url
    caseload = client.get(reverse("casework:caseload")).content.decode()
    assert "Sietske" not in caseload
    for query in ("Sietske", world["bsn"], "GL-7781"):
        hits = client.post(reverse("casework:caseload_search"), {"q": query}).content.decode()
        assert "Sietske Hoekstra" not in hits
        assert "Hoekstra</a>" not in hits
        assert "0 deelnemers gevonden" in hits


@pytest.mark.parametrize("role", NO_FILE_ROLES)
def test_roles_without_file_access_are_refused(client, world, role, team_a):
    user = make_user(role, teams=[team_a])
    client.force_login(user)
    assert client.get(reverse("casework:caseload")).status_code == 403
    assert client.post(reverse("casework:caseload_search"), {"q": "Sietske"}).status_code == 403
    for url in file_urls(world):
        assert client.get(url).status_code == 403, url


def test_peer_expert_sees_the_file_without_bsn_and_cannot_edit_identity(client, world, team_a):
    peer = make_user(PEER_EXPERT, teams=[team_a])
    client.force_login(peer)
    url = reverse("casework:participant_file", kwargs={"pk": world["participant"].pk})
    content = client.get(url).content.decode()
    assert "Sietske Hoekstra" in content
    assert world["bsn"] not in content
    edit = reverse("casework:participant_edit", kwargs={"pk": world["participant"].pk})
    assert client.get(edit).status_code == 403


def test_search_by_bsn_client_ref_and_name(client, world, caseworker_a):
    client.force_login(caseworker_a)
    for query in (world["bsn"], "GL-7781", "hoekstra", "Siets"):
        hits = client.post(reverse("casework:caseload_search"), {"q": query}).content.decode()
        assert "Sietske Hoekstra" in hits, query
        assert "1 deelnemer gevonden" in hits


def _register(client, team, **fields):
    """The register form posted for Gezinslab in ``team`` from 1 February 2025 (by consent),
    with the person's ``fields``."""
    enrolment = {
        "programme": "gezinslab",
        "team": team.code,
        "start_date": "2025-02-01",
        "legal_basis": "consent",
    }
    return client.post(reverse("casework:participant_new"), {**fields, **enrolment})


def test_register_participant_through_the_form(client, caseworker_a, team_a):
    client.force_login(caseworker_a)
    response = _register(
        client,
        team_a,
        given_name="Jelle",
        family_name="Visser",
        bsn=valid_bsn(),
        date_of_birth="1990-04-02",
        gender="M",
        wijk="bilgaard",
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.year_of_birth == 1990
    page = client.get(response["Location"]).content.decode()
    assert "Jelle Visser" in page


def test_register_form_rejects_bad_bsn_next_to_the_field(client, caseworker_a, team_a):
    client.force_login(caseworker_a)
    response = _register(client, team_a, given_name="Jelle", bsn="123456789", postcode="12AB")
    assert response.status_code == 400
    content = response.content.decode()
    assert "11-proef" in content
    assert "vier cijfers en twee letters" in content
    assert Participant.objects.count() == 0


def log_progress_with_htmx(client, user, enrolment, kind, note):
    """``user`` logs progress on 3 March 2025 from the file (an htmx request)."""
    client.force_login(user)
    url = reverse("casework:progress_new", kwargs={"pk": enrolment.pk})
    data = {"date": "2025-03-03", "kind": kind, "note": note}
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_log_progress_with_htmx_updates_the_timeline(client, world, caseworker_a):
    response = log_progress_with_htmx(
        client, caseworker_a, world["enrolment"], "home_visit", "Huisbezoek: post geordend"
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="timeline"' in content
    assert "Huisbezoek: post geordend" in content
    assert ProgressEntry.objects.count() == 1


def test_log_progress_with_empty_note_shows_message_and_saves_nothing(client, world, caseworker_a):
    response = log_progress_with_htmx(client, caseworker_a, world["enrolment"], "contact", "")
    assert "Dit veld is verplicht" in response.content.decode()
    assert ProgressEntry.objects.count() == 0


def test_record_zrm_measurement_and_see_the_chart_with_its_table(client, world, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("casework:measurement_new", kwargs={"pk": world["enrolment"].pk})
    assert (
        client.post(
            url,
            {
                "instrument": "zrm",
                "wave": "intake",
                "date": "2025-01-10",
                "item_financien": "1",
                "item_huisvesting": "2",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            url,
            {
                "instrument": "zrm",
                "wave": "m6",
                "date": "2025-07-10",
                "item_financien": "3",
                "item_huisvesting": "4",
            },
        ).status_code
        == 302
    )
    page = client.get(
        reverse("casework:participant_file", kwargs={"pk": world["participant"].pk})
    ).content.decode()
    assert "<svg" in page
    assert "Zelfredzaamheidsmatrix per peilmoment" in page
    assert "eerste meting" in page


def test_measuring_per_goal_scores_the_open_goals_only(client, world, caseworker_a):
    closed = services.add_goal(actor=caseworker_a, enrolment=world["enrolment"], text="Schuld weg")
    services.update_goal(
        actor=caseworker_a,
        goal=closed,
        expected_version=closed.version,
        text="Schuld weg",
        status="achieved",
    )
    client.force_login(caseworker_a)
    url = reverse("casework:measurement_new", kwargs={"pk": world["enrolment"].pk})
    page = client.get(url, {"instrument": "goal_attainment"}).content.decode()
    assert "Weer rust in huis" in page and "Schuld weg" not in page
    response = client.post(
        url,
        {
            "instrument": "goal_attainment",
            "wave": "intake",
            "date": "2025-01-10",
            f"item_{world['goal'].pk}": "6",
        },
    )
    assert response.status_code == 302


def test_measurement_out_of_scale_is_refused_next_to_the_field(client, world, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("casework:measurement_new", kwargs={"pk": world["enrolment"].pk})
    response = client.post(
        url, {"instrument": "zrm", "wave": "intake", "date": "2025-01-10", "item_financien": "9"}
    )
    assert response.status_code == 400
    assert Instrument.objects.get(code="zrm")
    assert "financien" not in response.content.decode() or "5" in response.content.decode()


def test_second_editor_of_a_goal_is_told_and_nothing_is_overwritten(client, world, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("casework:goal_edit", kwargs={"pk": world["goal"].pk})
    first = client.post(url, {"text": "Eerste versie", "status": "open", "version": "1"})
    assert first.status_code == 302
    second = client.post(url, {"text": "Tweede versie", "status": "open", "version": "1"})
    assert second.status_code == 400
    assert "Iemand anders heeft dit intussen gewijzigd" in second.content.decode()
    page = client.get(
        reverse("casework:participant_file", kwargs={"pk": world["participant"].pk})
    ).content.decode()
    assert "Eerste versie" in page and "Tweede versie" not in page


def test_team_lead_transfers_and_other_team_accepts(
    client, world, lead_a, team_b, caseworker_a, caseworker_b
):
    lead_b = make_user(TEAM_LEAD, teams=[team_b])
    client.force_login(lead_a)
    url = reverse("casework:transfer_new", kwargs={"pk": world["enrolment"].pk})
    assert (
        client.post(
            url, {"to_team": team_b.code, "reason": "Verhuisd naar Camminghaburen"}
        ).status_code
        == 302
    )
    client.force_login(lead_b)
    page = client.get(reverse("casework:transfers")).content.decode()
    assert "Verhuisd naar Camminghaburen" in page
    transfer = world["enrolment"].transfers.get()
    client.post(
        reverse("casework:transfer_decide", kwargs={"pk": transfer.pk}),
        {"decision": "accept", "version": "1"},
    )
    file_url = reverse("casework:participant_file", kwargs={"pk": world["participant"].pk})
    client.force_login(caseworker_b)
    assert client.get(file_url).status_code == 200
    client.force_login(caseworker_a)
    assert client.get(file_url).status_code == 404


def test_caseworker_cannot_transfer_or_assign(client, world, caseworker_a):
    client.force_login(caseworker_a)
    assert (
        client.get(
            reverse("casework:transfer_new", kwargs={"pk": world["enrolment"].pk})
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("casework:assign", kwargs={"pk": world["enrolment"].pk})).status_code
        == 403
    )


def test_login_page_is_dutch_and_logs_in(client, caseworker_a):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen bij Koers" in page and 'lang="nl"' in page
    response = client.post(
        reverse("accounts:login"),
        {"username": caseworker_a.username, "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_functional_admin_manages_users_but_sees_no_case_data(client, world):
    admin = make_user(FUNCTIONAL_ADMIN)
    client.force_login(admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_team_changelist")).status_code == 200
    assert client.get(reverse("casework:caseload")).status_code == 403
    assert client.get("/beheer/casework/participant/").status_code == 404


def test_caseworker_cannot_use_the_admin(client, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_edit_form_logs_a_look_at_the_identity_only(client, world, caseworker_a):
    from privacy.models import AccessEvent

    client.force_login(caseworker_a)
    page = client.get(reverse("casework:participant_edit", kwargs={"pk": world["participant"].pk}))
    assert page.status_code == 200
    assert world["bsn"] in page.content.decode()
    whats = list(
        AccessEvent.objects.filter(subject_id=world["participant"].pk).values_list(
            "what", flat=True
        )
    )
    assert "participant_identity" in whats
    assert "participant_file" not in whats


def test_the_plan_form_opens_only_the_plan(client, world, caseworker_a):
    from casework import services
    from privacy.models import AccessEvent

    enrolment = world["enrolment"]
    plan = enrolment.plan
    services.save_plan_summary(
        actor=caseworker_a,
        plan=plan,
        expected_version=plan.version,
        summary="Eerst de schulden op een rij",
    )
    before = AccessEvent.objects.exclude(purpose="security").count()
    client.force_login(caseworker_a)
    response = client.get(reverse("casework:plan_edit", kwargs={"pk": enrolment.pk}))
    assert response.status_code == 200
    assert "Eerst de schulden op een rij" in response.content.decode()
    new = AccessEvent.objects.exclude(purpose="security").order_by("id")[before:]
    assert [event.what for event in new] == ["plan"]
