"""The documents in the file, the documents page and a download keep a flat query count from
1 to 50 documents."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse

from casework.services import documents as document_services
from tests.casework import documents as files
from tests.factories import make_participant
from tests.paging import page_queries


def test_document_lists_are_flat(client, caseworker_a, team_a, django_assert_max_num_queries):
    client.force_login(caseworker_a)
    participant = make_participant(caseworker_a, team_a)
    enrolment = participant.enrolments.get()

    def add(index: int) -> None:
        document_services.add_document(
            actor=caseworker_a,
            participant=participant,
            name=f"Document {index}.pdf",
            data=files.PDF,
            enrolment=enrolment if index % 2 else None,
        )

    add(0)
    urls = [
        reverse("casework:participant_file", kwargs={"pk": participant.pk}),
        reverse("casework:documents", kwargs={"pk": participant.pk}),
    ]
    baselines = [page_queries(client, url) for url in urls]
    for index in range(1, 50):
        add(index)
    for url, baseline in zip(urls, baselines, strict=True):
        cache.clear()  # the header's work count is kept per user
        with django_assert_max_num_queries(baseline):
            response = client.get(url)
        assert "Document 49.pdf" in response.content.decode()
    assert "Document 0.pdf" in client.get(urls[1]).content.decode()
