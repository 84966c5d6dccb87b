"""The one count still shown with primary suppression: a study's cohort size on the research
pages (privacy.disclosure). Everything else goes through privacy.release."""

from __future__ import annotations

from django.test import override_settings

from privacy import disclosure


def test_small_counts_are_shown_as_below_ten():
    assert str(disclosure.count(3)) == "<10"
    assert str(disclosure.count(0)) == "<10"
    assert str(disclosure.count(10)) == "10"
    assert disclosure.count(9).suppressed


@override_settings(KOERS_SUPPRESSION_THRESHOLD=20)
def test_the_threshold_comes_from_the_settings():
    assert str(disclosure.count(19)) == "<20" and str(disclosure.count(20)) == "20"
