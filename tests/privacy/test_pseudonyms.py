"""Pseudonyms: stable within a study or agreement, different between any two contexts, and
never the id itself."""

from __future__ import annotations

import uuid

import pytest

from privacy.pseudonyms import Pseudonymiser, pseudonym


def test_stable_within_a_context_and_unlinkable_between_contexts():
    ids = [uuid.uuid4() for _ in range(200)]
    study_a = [pseudonym("study", "A", i) for i in ids]
    assert study_a == [pseudonym("study", "A", str(i)) for i in ids]
    assert study_a == [Pseudonymiser("study", "A")(i) for i in ids]
    others = [
        {pseudonym("study", "B", i) for i in ids},
        {pseudonym("agreement", "A", i) for i in ids},
        {pseudonym("study", "A", i, subject="h") for i in ids},
    ]
    for other in others:
        assert set(study_a).isdisjoint(other)
    assert len(set(study_a)) == len(ids)
    assert all(str(i).replace("-", "")[:12] not in p for i, p in zip(ids, study_a, strict=True))


def test_unknown_context_is_refused():
    with pytest.raises(ValueError):
        pseudonym("export", "A", uuid.uuid4())
    with pytest.raises(ValueError):
        pseudonym("study", "", uuid.uuid4())
