"""A reviewer's list of assignments issues the same number of queries however many they have."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.lifecycle import make_proposal_under_review


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/reviews/").status_code == 200
    return len(ctx.captured_queries)


def test_the_review_list_stays_flat_as_assignments_grow(
    personas, call, proposal, make_reviewer, assign, score, client_for
):
    reviewer = make_reviewer("评审专家甲")
    assign(proposal, reviewer)
    client = client_for(reviewer)
    few = _count(client)
    for n in range(4):
        other = make_proposal_under_review(personas, call, title=f"另一份项目书{n}", amount=50_000)
        assignment = assign(other, reviewer)
        if n % 2:
            score(assignment, 4, 8)
    assert _count(client) == few
