"""The demo database of the test suite (tests/demo_database.py): seeded once, seen only by the
tests that ask for it, and whatever a demo test changes is gone for the next one."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Team, User
from casework.models import Participant
from tests.factories import TeamFactory


def _demo_users() -> int:
    return User.objects.filter(username__in=["hulpverlener", "onderzoeker"]).count()


def test_the_demo_is_seen_inside_only_and_changes_do_not_last(_demo_database, django_db_blocker):
    with django_db_blocker.unblock():
        assert _demo_users() == 0 and not Participant.objects.exists()
        assert not Team.objects.filter(code="nieuw").exists()
        for _ in range(2):
            _demo_database.enter()
            try:
                with transaction.atomic():
                    # Each visit finds the whole demo as seeded, whatever the one before did.
                    assert _demo_users() == 2
                    assert not Team.objects.filter(code="nieuw").exists()
                    assert (
                        Participant.objects.count()
                        == _demo_database.data.counts["casework.Participant"]
                    )
                    User.objects.filter(username="onderzoeker").update(username="weg")
                    TeamFactory(code="nieuw", name="Nieuw team")
                    transaction.set_rollback(True)
            finally:
                _demo_database.leave()
            assert _demo_users() == 0 and not Participant.objects.exists()
            assert not Team.objects.filter(code="nieuw").exists()


def test_a_demo_test_reads_the_seed_and_its_rerun(demo_data):
    assert "hulpverlener" in demo_data.output and "overgeslagen" in demo_data.rerun_output
    assert demo_data.counts["casework.Participant"] >= 60
    assert User.objects.filter(username="hulpverlener").exists()
