"""The review panel summarises the assignments it has already loaded: the same summary as the
one computed from the database."""

from __future__ import annotations

from wushe.reviews.models import ReviewAssignment
from wushe.reviews.selectors import review_summary, rubric_for, summary_of
from wushe.reviews.services import conflict_declare


def test_it_gives_the_summary_the_database_gives(personas, proposal, assign, score, make_reviewer):
    score(assign(proposal, personas.rita_reviewer), 5, 4)
    score(assign(proposal, make_reviewer()), 2, 10)
    assign(proposal, make_reviewer())
    conflicted = assign(proposal, make_reviewer())
    conflict_declare(assignment=conflicted, by=conflicted.reviewer, has_conflict=True, statement="回避")
    assignments = ReviewAssignment.objects.filter(proposal=proposal).prefetch_related("scores")
    criteria = list(rubric_for(proposal.call_id).criteria.all())

    assert summary_of(assignments, criteria) == review_summary(proposal)


def test_without_assignments_it_is_empty(proposal, criteria):
    summary = summary_of([], criteria)
    assert (summary.assigned, summary.weighted_mean) == (0, None)
    assert [c.count for c in summary.criteria] == [0, 0]
