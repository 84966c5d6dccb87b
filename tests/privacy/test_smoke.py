from casework import selectors
from tests.factories import make_participant, valid_bsn


def test_registered_participant_appears_decrypted_in_own_caseload_only(
    caseworker_a, caseworker_b, team_a
):
    bsn = valid_bsn()
    participant = make_participant(actor=caseworker_a, team=team_a, bsn=bsn)
    rows = selectors.caseload(caseworker_a)
    assert [row.person.display_name for row in rows] == ["Anna de Vries"]
    assert selectors.caseload(caseworker_b) == []
    assert [r.person.id for r in selectors.search_caseload(caseworker_a, bsn)] == [participant.pk]
    assert selectors.search_caseload(caseworker_b, bsn) == []
