"""Selectors, the programme office's dashboard (suppression, no identifiers), the file
sections and the access log of Gezinslab and Buurtgezinnen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import PROGRAMME_OFFICE
from casework import services as core
from gezinslab import selectors, services
from privacy.models import AccessEvent
from tests.factories import make_user
from tests.gezinslab.conftest import make_barrier, make_trajectory

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
        core.end_enrolment(
            actor=caseworker_a,
            enrolment=enrolment,
            expected_version=enrolment.version,
            end_date=dt.date(2025, 6, 1),
            status="completed",
        )
    assert not selectors.visible_trajectories(caseworker_a).exists()


def test_trajectory_view_decrypts_and_logs_the_household(caseworker_a, trajectory_a, barrier_a):
    services.record_breakthrough(
        actor=caseworker_a,
        barrier=barrier_a,
        expected_version=1,
        how="Belafspraak",
        date=dt.date(2025, 3, 1),
    )
    services.add_family_goal(actor=caseworker_a, trajectory=trajectory_a, text="Rust in huis")
    view = selectors.trajectory_view(caseworker_a, trajectory_a.pk)
    assert view.name == "Bosma"
    assert view.plan_summary == "Rust in de post"
    assert [g.text for g in view.goals] == ["Rust in huis"]
    assert view.barriers[0].how == "Belafspraak"
    event = AccessEvent.objects.order_by("-sequence").first()
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


from tests.privacy.test_disclosure import _alternative_exists, _small_hidden  # noqa: E402


def _barriers(actor, trajectory, n, code="uwv", kind="rule", breakthroughs=0, change=False):
    for index in range(n):
        barrier = make_barrier(actor=actor, trajectory=trajectory, code=code, kind=kind)
        if index < breakthroughs:
            services.record_breakthrough(
                actor=actor,
                barrier=barrier,
                expected_version=1,
                how="Vrije tekst die nooit op het dashboard komt",
                date=dt.date(2025, 2, 1) + dt.timedelta(days=10 + index),
                needs_system_change=change,
                system_change="Regel aanpassen" if change else "",
            )


def _values(board, model_rows):
    """The true counts behind a dashboard table, for the audit below."""
    orgs = board.barriers.row_labels
    kinds = [str(k) for k in board.barriers.column_labels]
    values = [[0] * len(kinds) for _ in orgs]
    for org, kind, n in model_rows:
        values[orgs.index(org)][kinds.index(kind)] = n
    return values


def _part_values(board):
    """The true counts behind the open-barrier and breakthrough tables."""
    from django.db.models import Count

    from gezinslab.models import Barrier

    labels = dict(Barrier.Kind.choices)

    def rows(queryset):
        return [
            (r["organisation__name"], str(labels[r["kind"]]), r["n"])
            for r in queryset.values("organisation__name", "kind").annotate(n=Count("pk"))
        ]

    return (
        _values(board, rows(Barrier.objects.filter(breakthrough__isnull=True))),
        _values(board, rows(Barrier.objects.filter(breakthrough__isnull=False))),
    )


def _entry(values, entry):
    """A count of the augmented table (row totals in the last column, column totals in the
    last row)."""
    from privacy import disclosure

    return disclosure._augmented(values, len(values), len(values[0]))[entry[0]][entry[1]]


def test_breakthroughs_cannot_give_away_a_hidden_barrier_count(caseworker_a, trajectory_a):
    """Found in review: barriers [[12, 3], [20, 25]] beside breakthroughs [[12, 0], [20, 25]],
    each table audited alone, gave away the 3: the breakthroughs shown are lower bounds of the
    barriers hidden. Now the dashboard shows open barriers and breakthroughs, audited each on
    its own, and all barriers only where both parts are shown."""
    _barriers(caseworker_a, trajectory_a, 12, breakthroughs=12)
    _barriers(caseworker_a, trajectory_a, 3, kind="benefit")
    _barriers(caseworker_a, trajectory_a, 20, code="cjib", breakthroughs=20)
    _barriers(caseworker_a, trajectory_a, 25, code="cjib", kind="benefit", breakthroughs=25)
    board = selectors.dashboard()
    orgs = board.barriers.row_labels
    kinds = [str(k) for k in board.barriers.column_labels]
    uwv, benefit = orgs.index("UWV"), kinds.index("Uitkering of toeslag")
    assert board.barriers.cells[uwv][benefit].suppressed
    assert board.open_barriers.cells[uwv][benefit].suppressed
    assert board.breakthroughs.cells[uwv][benefit].value == 0  # a zero about organisations
    open_values, _ = _part_values(board)
    small = [e for e in _small_hidden(open_values, board.open_barriers) if _entry(open_values, e)]
    assert small and all(_alternative_exists(open_values, board.open_barriers, e) for e in small)
    # All barriers: shown exactly where both parts are, as their sum.
    for part_a, part_b, whole in (
        (board.open_barriers.cells, board.breakthroughs.cells, board.barriers.cells),
        (
            [board.open_barriers.row_totals],
            [board.breakthroughs.row_totals],
            [board.barriers.row_totals],
        ),
    ):
        for ra, rb, rw in zip(part_a, part_b, whole, strict=True):
            for a, b, w in zip(ra, rb, rw, strict=True):
                assert w.suppressed == (a.suppressed or b.suppressed)
                assert w.suppressed or w.value == a.value + b.value


def test_dashboard_suppresses_small_cells_and_shows_no_identifiers(
    client, caseworker_a, trajectory_a
):
    _barriers(caseworker_a, trajectory_a, 12, breakthroughs=11, change=True)
    _barriers(caseworker_a, trajectory_a, 3, code="cjib", kind="debt_collection")
    board = selectors.dashboard()
    orgs = board.barriers.row_labels
    kinds = [str(k) for k in board.barriers.column_labels]
    uwv, cjib = orgs.index("UWV"), orgs.index("CJIB")
    debt = kinds.index("Incasso of invordering")
    assert board.barriers.cells[cjib][debt].suppressed
    assert board.barriers.row_totals[cjib].suppressed
    # No hidden small count (cell or total) can be derived from what the tables show: the
    # open barriers and the breakthroughs are audited each on its own.
    open_values, breakthrough_values = _part_values(board)
    assert open_values[uwv][kinds.index("Regel of wet")] == 1
    assert breakthrough_values[uwv][kinds.index("Regel of wet")] == 11
    for values, table in (
        (open_values, board.open_barriers),
        (breakthrough_values, board.breakthroughs),
    ):
        small = [e for e in _small_hidden(values, table) if _entry(values, e)]
        assert all(_alternative_exists(values, table, e) for e in small)
    assert board.barriers.cells[uwv][kinds.index("Regel of wet")].suppressed  # 1 open
    # All 11 breakthroughs need a change of the system: shown beside their total, that
    # count would say so of every one of them.
    assert board.system_changes.suppressed
    # The medians' counts are the breakthrough table's totals, suppressed as there.
    medians = {m.label: m for m in board.medians}
    for index, kind in enumerate(kinds):
        assert str(medians[kind].n) == str(board.breakthroughs.column_totals[index])
    assert str(medians["Totaal"].n) == str(board.breakthroughs.total)
    assert medians["Incasso of invordering"].median_days is None

    client.force_login(make_user(PROGRAMME_OFFICE))
    html = client.get(reverse("gezinslab:dashboard")).content.decode()
    assert "&lt;10" in html
    for secret in ("Bosma", "Vrije tekst", "Regel aanpassen", "Bijverdienen", "Rust in de post"):
        assert secret not in html
    data = client.get(reverse("api:gezinslab-barrier-table-list")).json()
    assert data["barriers"]["cells"][cjib][debt] is None
    assert "Bosma" not in str(data)


def test_dashboard_shows_counts_of_ten_or_more(caseworker_a, trajectory_a):
    """A fuller table: 12 UWV rule barriers, 14 benefit barriers at the tax office, 3 at the
    CJIB: the two large cells are shown, the small one is not."""
    _barriers(caseworker_a, trajectory_a, 12)
    _barriers(caseworker_a, trajectory_a, 14, code="toeslagen", kind="benefit")
    _barriers(caseworker_a, trajectory_a, 3, code="cjib", kind="debt_collection")
    board = selectors.dashboard()
    shown = sorted(c.value for row in board.barriers.cells for c in row if not c.suppressed)
    # Zeros are shown (barriers are about organisations), the small count is not, and at
    # least one of the large ones is.
    assert 3 not in shown and {12, 14} & set(shown)
    assert all(v == 0 or v >= 10 for v in shown)
    assert board.barriers.total.value in (29, None)


def test_dashboard_hides_the_median_below_ten(trajectory_a, caseworker_a):
    _barriers(caseworker_a, trajectory_a, 9, breakthroughs=9)
    board = selectors.dashboard()
    assert all(m.median_days is None for m in board.medians)
    assert board.system_changes.suppressed


def test_pairs_progress_is_exact_for_the_team_and_suppressed_for_the_office(
    client, caseworker_a, match_a
):
    assert selectors.team_pairs_progress(caseworker_a).active == 1
    assert str(selectors.programme_pairs_progress().active) == "<10"
    client.force_login(caseworker_a)
    assert "1 van 20 koppels actief" in client.get(reverse("gezinslab:matches")).content.decode()
    client.force_login(make_user(PROGRAMME_OFFICE))
    assert (
        "&lt;10 van 20 koppels actief"
        in client.get(reverse("gezinslab:dashboard")).content.decode()
    )


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
    core.enrol(
        actor=lead_both,
        participant=participant,
        programme_code="schuldenvrij",
        team=team_b,
        start_date=dt.date(2025, 2, 1),
        legal_basis="consent",
    )
    other = make_user("caseworker", teams=[team_b])
    core.record_consent(
        actor=other,
        participant=participant,
        purpose="sharing",
        status="given",
        effective_on=dt.date(2025, 1, 6),
        text_version="2025-01",
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
    template, ctx = buurtgezinnen_section(
        user=caseworker_a,
        participant=participant,
        cipher=Cipher(),
        enrolments=enrolments,
        mode="own",
    )
    assert template == "gezinslab/_section_buurtgezinnen.html"
    assert ctx["rows"][0]["family_name"] == "Familie Steun" and ctx["links"]
    _t, shared = buurtgezinnen_section(
        user=caseworker_a,
        participant=participant,
        cipher=Cipher(),
        enrolments=enrolments,
        mode="shared",
    )
    assert shared["rows"][0]["family_name"] is None and not shared["links"]
