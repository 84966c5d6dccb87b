from decimal import Decimal as D
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.roles import CASEWORKER, TEAM_LEAD
from monitoring import selectors, services
from monitoring.course import Status
from monitoring.models import Indicator, IndicatorValue, Node, Target
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_plan_loads_its_tree_and_baseline(plan):
    assert set(Node.objects.filter(kind="pillar").values_list("code", flat=True)) == {
        "leren",
        "werken",
        "wonen",
        "gezondheid",
        "veiligheid",
    }
    bijstand = {
        v.area: v.value
        for v in IndicatorValue.objects.filter(indicator__code="bijstand", year=2021)
    }
    assert bijstand == {"leeuwarden-oost": D("11.7"), "leeuwarden": D("7.6"), "g40": D("4.6")}
    assert IndicatorValue.objects.get(
        indicator__code="havo-of-hoger", area="g40", year=2021
    ).value == D("43")
    goal = Node.objects.get(code="werken-geen-jongeren-in-bijstand")
    assert (goal.phase, goal.target_year) == ("D", 2042)
    assert Target.objects.filter(goal=goal, indicator__code="bijstand").exists()


def test_loading_the_plan_again_keeps_the_office_s_edits(plan):
    node = Node.objects.get(code="werken")
    services.update_node(actor=plan, node=node, version=node.version, title_nl="Werk")
    count = Node.objects.count()
    services.load_plan(actor=plan)
    assert Node.objects.count() == count
    assert Node.objects.get(code="werken").title_nl == "Werk"


def test_a_stale_edit_of_the_tree_is_refused(plan):
    node = Node.objects.get(code="werken")
    read_version = node.version
    services.update_node(actor=plan, node=node, version=read_version, title_nl="Eerst")
    with pytest.raises(services.ConcurrentEditError):
        services.update_node(actor=plan, node=node, version=read_version, title_nl="Daarna")
    assert Node.objects.get(code="werken").title_nl == "Eerst"
    assert Node.objects.get(code="werken").history.count() == 2


@pytest.mark.parametrize("role", [CASEWORKER, TEAM_LEAD])
def test_only_the_programme_office_edits(plan, role):
    node = Node.objects.get(code="werken")
    with pytest.raises(PermissionDenied):
        services.update_node(actor=make_user(role), node=node, version=node.version, title_nl="X")


def test_a_goal_needs_a_phase_and_gets_its_year(plan):
    pillar = Node.objects.get(code="leren")
    with pytest.raises(ValidationError):
        services.create_node(
            actor=plan, code="nieuw", kind="goal", parent=pillar, title_nl="Nieuw doel"
        )
    goal = services.create_node(
        actor=plan, code="nieuw", kind="goal", parent=pillar, title_nl="Nieuw doel", phase="B"
    )
    assert goal.target_year == 2032


def test_an_adjusted_baseline_needs_a_reason_and_moves_the_course(plan, office):
    adjust = partial(
        services.adjust_baseline,
        actor=office,
        indicator=Indicator.objects.get(code="bijstand"),
        area="leeuwarden-oost",
        version=None,
    )
    with pytest.raises(ValidationError):
        adjust(value=D("12"), reason=" ")
    adjust(value=D("12.5"), reason="2021 vertekend door corona")
    course = selectors.monitor(office).courses["bijstand"]
    assert course.baseline == D("12.5")
    assert course.measured_baseline == D("11.7")


def test_status_follows_the_latest_value_and_the_tolerance(plan, office):
    indicator = Indicator.objects.get(code="bijstand")
    # Target 7.6 in 2042 from 11.7 in 2021: the interim target of 2028 is 10.33.
    IndicatorValue.objects.create(
        indicator=indicator,
        area="leeuwarden-oost",
        year=2028,
        value=D("11.5"),
        source="CBS",
        published="2029-03-01",
    )
    monitor = selectors.monitor(office)
    target = next(t for _g, t in monitor.goals_of("bijstand"))
    assert target.status is Status.BEHIND
    assert monitor.pillar("werken").status is Status.BEHIND
    settings = services.current_settings()
    services.set_tolerance(actor=office, tolerance=D("40"), version=settings.version)
    target = next(t for _g, t in selectors.monitor(office).goals_of("bijstand"))
    assert target.status is Status.ON_COURSE


def test_the_monitor_reads_in_the_same_number_of_queries_however_large(
    plan, office, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        selectors.monitor(None)
    indicator = Indicator.objects.get(code="bijstand")
    for year in range(2022, 2072):
        IndicatorValue.objects.create(
            indicator=indicator,
            area="leeuwarden-oost",
            year=year,
            value=D("10"),
            source="CBS",
            published="2025-01-01",
        )
    for index in range(50):
        services.create_node(
            actor=office,
            code=f"extra-{index}",
            kind="goal",
            parent=Node.objects.get(code="leren"),
            title_nl=f"Doel {index}",
            phase="A",
        )
    with CaptureQueriesContext(connection) as large:
        selectors.monitor(None)
    assert len(large) == len(small)


def test_the_monitor_is_reused_until_a_source_changes(plan, office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    selectors.monitor(None)
    with CaptureQueriesContext(connection) as reused:
        first = selectors.monitor(None)
    assert len(reused) == 1  # the watermark only
    node = Node.objects.get(code="werken")
    services.update_node(actor=office, node=node, version=node.version, title_nl="Werk")
    assert selectors.monitor(None).pillar("werken").node.title_nl == "Werk"
    assert first.pillar("werken").node.title_nl == "Werken"
