"""Selectors, the programme-wide dashboard (exact for management, per period, no identifiers),
the file sections and the access log of Gezinslab and Buurtgezinnen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.roles import PROGRAMME_OFFICE
from gezinslab import selectors, services
from gezinslab.models import Barrier
from privacy import periods, release
from privacy.models import AccessEvent
from tests.factories import end_enrolment, enrol, make_user, record_consent
from tests.gezinslab.conftest import make_barrier, make_trajectory, record_breakthrough

pytestmark = pytest.mark.django_db


def test_scope_follows_team_and_household(caseworker_a, caseworker_b, trajectory_a, match_a):
    assert list(selectors.visible_trajectories(caseworker_a)) == [trajectory_a]
    assert not selectors.visible_trajectories(caseworker_b).exists()
    assert not selectors.visible_matches(caseworker_b).exists()
    assert not selectors.visible_support_families(caseworker_b).exists()
    assert not selectors.visible_trajectories(make_user(PROGRAMME_OFFICE)).exists()


def test_ended_enrolments_take_the_trajectory_out_of_view(caseworker_a, trajectory_a):
    from casework.models import Enrolment

    for enrolment in Enrolment.objects.all():
        end_enrolment(caseworker_a, enrolment, dt.date(2025, 6, 1), "completed")
    assert not selectors.visible_trajectories(caseworker_a).exists()


def test_trajectory_view_decrypts_and_logs_the_household(caseworker_a, trajectory_a, barrier_a):
    record_breakthrough(
        caseworker_a, barrier_a, "Belafspraak", dt.date(2025, 3, 1), expected_version=1
    )
    services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text="Rust in huis")
    view = selectors.trajectory_view(caseworker_a, trajectory_a.pk)
    assert view.name == "Bosma"
    assert view.plan_summary == "Rust in de post"
    assert [g.text for g in view.goals] == ["Rust in huis"]
    assert view.barriers[0].how == "Belafspraak"
    event = AccessEvent.objects.exclude(purpose="security").order_by("-id").first()
    assert (event.subject_id, event.subject_type, event.what) == (
        trajectory_a.household_id,
        "household",
        "gezinslab_trajectory",
    )


def test_households_to_start_lists_gezinslab_families_without_a_trajectory(
    caseworker_a, household_a, asking_household, team_a, peer_a
):
    assert [c.household for c in selectors.households_to_start(caseworker_a)] == [household_a]
    make_trajectory(actor=caseworker_a, team=team_a, peer=peer_a, household=household_a)
    assert selectors.households_to_start(caseworker_a) == []
    assert [c.household for c in selectors.buurtgezinnen_households(caseworker_a)] == [
        asking_household
    ]


def _barriers(actor, trajectory, n, code="uwv", kind="rule", breakthroughs=0, change=False):
    for index in range(n):
        barrier = make_barrier(actor=actor, trajectory=trajectory, code=code, kind=kind)
        if index < breakthroughs:
            record_breakthrough(
                actor,
                barrier,
                "Vrije tekst die nooit op het dashboard komt",
                dt.date(2025, 2, 1) + dt.timedelta(days=10 + index),
                expected_version=1,
                needs_system_change=change,
                system_change="Regel aanpassen" if change else "",
            )


def _cell(grid, organisation, kind):
    row = next(r for r in grid.rows if r.label == organisation)
    return row.cells[grid.column_labels.index(kind)].value


EVERYTHING = periods.parse("alles")
RULE, DEBT = "Regel of wet", "Incasso of invordering"


def test_the_dashboard_is_exact_for_management_and_shows_no_identifiers(
    client, caseworker_a, trajectory_a, lead_a
):
    _barriers(caseworker_a, trajectory_a, 12, breakthroughs=11, change=True)
    _barriers(caseworker_a, trajectory_a, 3, code="cjib", kind="debt_collection")
    office = make_user(PROGRAMME_OFFICE)
    board = selectors.dashboard(office, period=EVERYTHING)
    assert board.exact and board.audience == "management"
    assert _cell(board.barriers, "UWV", RULE) == 12
    assert _cell(board.barriers, "CJIB", DEBT) == 3
    assert _cell(board.open_barriers, "UWV", RULE) == 1
    assert _cell(board.breakthroughs, "UWV", RULE) == 11
    assert board.barriers.total.value == 15 and board.breakthroughs.total.value == 11
    assert board.system_changes.value == 11
    medians = {m.label: m for m in board.medians}
    assert medians[RULE].n.value == 11 and medians[RULE].median_days.value == 15  # 10..20 days
    assert medians[DEBT].median_days.value is None  # no breakthroughs of that kind
    # The same for a team lead (beyond the own team), and every view is logged.
    assert selectors.dashboard(lead_a, period=EVERYTHING).barriers.total.value == 15
    events = AccessEvent.objects.filter(subject_type="aggregate")
    assert events.count() == 2 and events.first().subject_id is None

    client.force_login(office)
    html = client.get(reverse("gezinslab:dashboard")).content.decode()
    assert "&lt;10" not in html and "Exacte aantallen" in html
    for secret in ("Bosma", "Vrije tekst", "Regel aanpassen", "Bijverdienen", "Rust in de post"):
        assert secret not in html
    data = client.get(reverse("api:gezinslab-barrier-table-list")).json()
    cjib = data["barriers"]["organisations"].index("CJIB")
    debt = data["barriers"]["kinds"].index(DEBT)
    assert data["barriers"]["cells"][cjib][debt] == 3 and data["method"] == "exact"
    assert "Bosma" not in str(data)


def test_the_period_chooses_what_played_what_stayed_open_and_what_broke_through(
    client, caseworker_a, trajectory_a
):
    # Barriers since 2025-02-01 (the factory); breakthroughs 2025-02-11 .. 2025-02-14.
    _barriers(caseworker_a, trajectory_a, 4, breakthroughs=4)
    _barriers(caseworker_a, trajectory_a, 2, code="cjib")
    office = make_user(PROGRAMME_OFFICE)
    january = selectors.dashboard(office, period=periods.parse("2025-01"))
    assert january.barriers.total.value == 0 and january.breakthroughs.total.value == 0
    february = selectors.dashboard(office, period=periods.parse("2025-02"))
    assert february.barriers.total.value == 6
    assert february.breakthroughs.total.value == 4
    assert february.open_barriers.total.value == 2
    march = selectors.dashboard(office, period=periods.parse("2025-K1"))
    assert march.breakthroughs.total.value == 4
    later = selectors.dashboard(office, period=periods.parse("2025-04"))
    assert later.barriers.total.value == 2  # the broken-through ones no longer played
    assert later.breakthroughs.total.value == 0 and later.open_barriers.total.value == 2

    client.force_login(office)
    page = client.get(reverse("gezinslab:dashboard"), {"periode": "2025-02"})
    assert page.status_code == 200 and "februari 2025" in page.content.decode()
    for bad in ("9999-12", "2025-13", "volgende week"):
        refused = client.get(reverse("gezinslab:dashboard"), {"periode": bad})
        assert refused.status_code == 400 and "periode" in refused.content.decode().lower()
        api = client.get(reverse("api:gezinslab-barrier-table-list"), {"periode": bad})
        assert api.status_code == 400


@override_settings(KOERS_RELEASE_MANAGEMENT="public")
def test_the_privacy_officer_can_put_the_dashboard_on_the_public_method(
    client, caseworker_a, trajectory_a
):
    from privacy import cellkey

    _barriers(caseworker_a, trajectory_a, 3, breakthroughs=2)
    board = selectors.dashboard(make_user(PROGRAMME_OFFICE), period=EVERYTHING)
    assert not board.exact
    assert all(m.median_days is None for m in board.medians)  # a median is never perturbed
    keys = [
        release.unit_record_key("barrier", pk)
        for pk in Barrier.objects.values_list("pk", flat=True)
    ]
    assert board.barriers.total.value == cellkey.perturb(3, sum(keys))
    client.force_login(make_user(PROGRAMME_OFFICE))
    html = client.get(reverse("gezinslab:dashboard")).content.decode()
    assert "celsleutelmethode" in html and "niet gepubliceerd" in html


def test_pairs_progress_is_exact_for_the_team_and_for_the_office(client, caseworker_a, match_a):
    assert selectors.team_pairs_progress(caseworker_a).active.value == 1
    office = make_user(PROGRAMME_OFFICE)
    assert selectors.dashboard(office, period=EVERYTHING).pairs.active.value == 1
    client.force_login(caseworker_a)
    assert "1 van 20 koppels actief" in client.get(reverse("gezinslab:matches")).content.decode()
    client.force_login(office)
    assert "1 van 20 koppels actief" in client.get(reverse("gezinslab:dashboard")).content.decode()


# --- file sections ------------------------------------------------------------------------


def _file(client, user, participant_id) -> str:
    client.force_login(user)
    response = client.get(reverse("casework:participant_file", kwargs={"pk": participant_id}))
    assert response.status_code == 200
    return response.content.decode()


def test_file_section_own_mode_shows_goals_barriers_and_links(
    client, caseworker_a, trajectory_a, barrier_a
):
    services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text="Rust in huis")
    member = trajectory_a.household.memberships.first().participant_id
    html = _file(client, caseworker_a, member)
    assert "Rust in huis" in html
    assert "Bijverdienen wordt gekort" in html
    assert reverse("gezinslab:trajectory", kwargs={"pk": trajectory_a.pk}) in html


def test_file_section_shared_mode_is_read_only_without_free_text(
    client, caseworker_a, trajectory_a, barrier_a, team_b
):
    services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text="Rust in huis")
    participant = trajectory_a.household.memberships.first().participant
    lead_both = make_user("team_lead", teams=[trajectory_a.team, team_b])
    enrol(lead_both, participant, "schuldenvrij", team_b, dt.date(2025, 2, 1), "consent")
    other = make_user("caseworker", teams=[team_b])
    record_consent(
        other, participant, "sharing", "given", dt.date(2025, 1, 6), text_version="2025-01"
    )
    html = _file(client, other, participant.pk)
    assert "Gezinstraject" in html and "UWV" in html
    assert "Rust in huis" not in html and "Bijverdienen" not in html
    assert reverse("gezinslab:trajectory", kwargs={"pk": trajectory_a.pk}) not in html
    assert AccessEvent.objects.filter(what="programme_section:gezinslab").exists()


def test_file_section_hook_returns_buurtgezinnen_matches(caseworker_a, match_a):
    from gezinslab.file_sections import buurtgezinnen_section
    from privacy.crypto import Cipher

    participant = match_a.household.memberships.first().participant
    enrolments = list(participant.enrolments.all())

    def section(mode):
        return buurtgezinnen_section(
            user=caseworker_a,
            participant=participant,
            cipher=Cipher(),
            enrolments=enrolments,
            mode=mode,
        )

    template, ctx = section("own")
    assert template == "gezinslab/_section_buurtgezinnen.html"
    assert ctx["rows"][0]["family_name"] == "Familie Steun" and ctx["links"]
    _t, shared = section("shared")
    assert shared["rows"][0]["family_name"] is None and not shared["links"]
