from decimal import Decimal as D

from monitoring.course import Status, combined, interim_target, status


def test_interim_target_is_the_proportional_share_of_the_way():
    # Baseline 11.7 in 2021, target 7.6 in 2042: after 7 of 21 years a third of the way.
    assert interim_target(baseline=D("11.7"), target=D("7.6"), target_year=2042, year=2028) == D(
        "10.33"
    )
    assert interim_target(baseline=D("11.7"), target=D("7.6"), target_year=2042, year=2021) == D(
        "11.7"
    )
    assert interim_target(baseline=D("11.7"), target=D("7.6"), target_year=2042, year=2050) == D(
        "7.6"
    )


def course(value, *, higher=False, tolerance="10"):
    return status(
        value=D(value),
        interim=D("10"),
        baseline=D("12"),
        target=D("2"),
        higher_is_better=higher,
        tolerance=D(tolerance),
    )


def test_status_uses_the_direction_and_the_tolerance():
    # The way is 10 long; a tolerance of 10% is 1 either side of the interim target.
    assert course("10.9") is Status.ON_COURSE
    assert course("9.1") is Status.ON_COURSE
    assert course("8.9") is Status.AHEAD
    assert course("11.1") is Status.BEHIND
    assert course("11.1", tolerance="20") is Status.ON_COURSE
    assert course("8.9", higher=True) is Status.BEHIND


def test_a_node_is_behind_when_any_part_is_behind():
    assert combined([Status.AHEAD, Status.BEHIND]) is Status.BEHIND
    assert combined([Status.AHEAD, Status.AHEAD, Status.UNKNOWN]) is Status.AHEAD
    assert combined([Status.AHEAD, Status.ON_COURSE]) is Status.ON_COURSE
    assert combined([Status.UNKNOWN]) is Status.UNKNOWN
    assert combined([]) is Status.UNKNOWN
