import datetime as dt

import pytest

from monitoring import selectors, services
from monitoring.models import ComputedValue
from privacy.release import Audience
from tests.factories import make_participant

pytestmark = pytest.mark.django_db


def test_koers_indicators_are_counted_and_released_per_audience(plan, office, caseworker_a, team_a):
    for _ in range(3):
        make_participant(
            actor=caseworker_a, team=team_a, programme="gezinslab", start_date=dt.date(2025, 3, 1)
        )
    services.refresh_koers_values(actor=office, today=dt.date(2026, 6, 1))
    exact = ComputedValue.objects.get(
        indicator__code="gezinslab-bereik",
        area="leeuwarden-oost",
        year=2025,
        audience=Audience.MANAGEMENT,
    )
    assert exact.value == 3
    assert (
        ComputedValue.objects.get(
            indicator__code="gezinslab-bereik",
            area="leeuwarden-oost",
            year=2024,
            audience=Audience.MANAGEMENT,
        ).value
        == 0
    )
    # The office reads exact figures; the public reads the published ones (cell key method).
    assert selectors.monitor(office).courses["gezinslab-bereik"].value("leeuwarden-oost", 2025) == 3
    public = ComputedValue.objects.get(
        indicator__code="gezinslab-bereik",
        area="leeuwarden-oost",
        year=2025,
        audience=Audience.PUBLIC,
    )
    assert (
        selectors.monitor(None).courses["gezinslab-bereik"].value("leeuwarden-oost", 2025)
        == public.value
    )


def test_the_public_figures_come_from_the_release_policy(plan, office, caseworker_a, team_a):
    from unittest import mock

    from privacy import release

    make_participant(actor=caseworker_a, team=team_a, start_date=dt.date(2025, 3, 1))
    with mock.patch.object(release.cellkey, "perturb", return_value=99) as perturb:
        services.refresh_koers_values(actor=office, today=dt.date(2025, 6, 1))
    assert perturb.called
    assert (
        ComputedValue.objects.get(
            indicator__code="gezinslab-bereik",
            area="leeuwarden-oost",
            year=2025,
            audience=Audience.PUBLIC,
        ).value
        == 99
    )
