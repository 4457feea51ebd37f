from __future__ import annotations

from decimal import Decimal

from wushe.reviews.selectors import review_summaries, review_summary
from wushe.reviews.services import conflict_declare


def test_it_aggregates_with_normalised_weights(personas, proposal, assign, score, make_reviewer):
    # 需求分析 ×2 out of 5, 可行性 ×1 out of 10; a total is Σ (value / scale) × weight / Σweight × 100.
    score(assign(proposal, personas.rita_reviewer), 5, 4)  # (1 × 2 + 0.4 × 1) / 3 = 80
    score(assign(proposal, make_reviewer()), 2, 10)  # (0.4 × 2 + 1 × 1) / 3 = 60
    assign(proposal, make_reviewer())  # not yet declared: missing
    conflicted = assign(proposal, make_reviewer())
    conflict_declare(assignment=conflicted, by=conflicted.reviewer, has_conflict=True, statement="回避")

    summary = review_summary(proposal)

    assert sorted(summary.totals) == [60.0, 80.0]
    assert summary.weighted_mean == 70.0
    assert summary.spread == 20.0
    assert summary.stdev == 10.0
    assert (summary.assigned, summary.submitted, summary.missing, summary.conflicts) == (3, 2, 1, 1)
    assert [(c.name, c.weight, c.mean, c.count) for c in summary.criteria] == [
        ("需求分析", Decimal("2.00"), 3.5, 2),
        ("可行性", Decimal("1.00"), 7.0, 2),
    ]


def test_weights_scaled_together_give_the_same_total(personas, call, criteria, proposal, assign, score):
    score(assign(proposal, personas.rita_reviewer), 5, 4)
    before = review_summary(proposal).weighted_mean
    for c in criteria:  # weights 2:1 → 20:10 (criteria are unscored-only editable, so change in place)
        c.weight *= 10
        c.save()
    assert review_summary(proposal).weighted_mean == before == 80.0


def test_with_no_reviews_there_is_nothing_to_average(proposal, assign, personas):
    assign(proposal, personas.rita_reviewer)
    summary = review_summary(proposal)
    assert (summary.weighted_mean, summary.spread, summary.stdev, summary.missing) == (None, None, None, 1)
    assert [c.mean for c in summary.criteria] == [None, None]


def test_many_summaries_take_a_fixed_number_of_queries(
    personas, call, proposal, assign, score, make_reviewer, django_assert_num_queries
):
    from tests.lifecycle import make_proposal_under_review

    other = make_proposal_under_review(personas, call, title="第二份")
    for p in (proposal, other):
        for _ in range(3):
            score(assign(p, make_reviewer()), 3, 5)
    with django_assert_num_queries(4):
        summaries = review_summaries([proposal.pk, other.pk])
    assert {pk: s.submitted for pk, s in summaries.items()} == {proposal.pk: 3, other.pk: 3}
