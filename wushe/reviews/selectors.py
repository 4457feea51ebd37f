"""Reads for reviews: the aggregate of a proposal's scores, a call's remaining budget, the
reviewer's list and the officer's panel. Query counts do not grow with the data."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from wushe.access.door import get_for_user, visible_to
from wushe.access.models import Membership, PlatformRole, PlatformRoleKind
from wushe.accounts.models import User
from wushe.programmes.models import Call
from wushe.proposals.models import Proposal
from wushe.reviews.models import (
    AssignmentStatus,
    Criterion,
    Decision,
    DecisionOutcome,
    ReviewAssignment,
    Rubric,
    Score,
)


@dataclass(frozen=True)
class CriterionMean:
    criterion_id: int
    name: str
    weight: Decimal
    scale_max: int
    mean: float | None  # on the criterion's own scale, over submitted reviews
    count: int


@dataclass
class ReviewSummary:
    """Aggregate of the submitted reviews of one proposal.

    A reviewer's *total* is on a 0–100 scale: each criterion's score as a share of its scale,
    weighted by the criterion's weight over the sum of weights. ``weighted_mean`` is the mean of
    the totals, ``spread`` their range (max − min) and ``stdev`` their population standard
    deviation. ``missing`` counts assigned reviewers without a conflict who have not submitted.
    """

    assigned: int = 0
    conflicts: int = 0
    submitted: int = 0
    missing: int = 0
    totals: list[float] = field(default_factory=list)
    criteria: list[CriterionMean] = field(default_factory=list)

    @property
    def weighted_mean(self) -> float | None:
        return round(statistics.fmean(self.totals), 2) if self.totals else None

    @property
    def spread(self) -> float | None:
        return round(max(self.totals) - min(self.totals), 2) if self.totals else None

    @property
    def stdev(self) -> float | None:
        return round(statistics.pstdev(self.totals), 2) if self.totals else None


def weighted_total(values: dict[int, int], criteria: Iterable[Criterion]) -> float:
    """One reviewer's 0–100 total from ``{criterion_id: value}``."""
    criteria = list(criteria)
    weight_sum = sum((c.weight for c in criteria), Decimal("0"))
    if not weight_sum:
        return 0.0
    total = sum((Decimal(values.get(c.pk, 0)) / Decimal(c.scale_max)) * (c.weight / weight_sum) for c in criteria)
    return round(float(total * 100), 2)


def review_summaries(proposal_ids: Iterable[int]) -> dict[int, ReviewSummary]:
    """Summaries of many proposals in four queries."""
    ids = list(proposal_ids)
    calls = dict(Proposal.objects.filter(pk__in=ids).values_list("pk", "call_id"))
    criteria_by_call: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in Criterion.objects.filter(rubric__call_id__in=set(calls.values())).select_related("rubric"):
        criteria_by_call[criterion.rubric.call_id].append(criterion)
    summaries = {pk: ReviewSummary() for pk in calls}
    for proposal_id, status in ReviewAssignment.objects.filter(proposal_id__in=ids).values_list(
        "proposal_id", "status"
    ):
        summary = summaries[proposal_id]
        if status == AssignmentStatus.CONFLICT:
            summary.conflicts += 1
            continue
        summary.assigned += 1
        if status == AssignmentStatus.SUBMITTED:
            summary.submitted += 1
        else:
            summary.missing += 1
    values: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for proposal_id, assignment_id, criterion_id, value in Score.objects.filter(
        assignment__proposal_id__in=ids, assignment__status=AssignmentStatus.SUBMITTED
    ).values_list("assignment__proposal_id", "assignment_id", "criterion_id", "value"):
        values[proposal_id][assignment_id][criterion_id] = value
    for proposal_id, summary in summaries.items():
        _add_scores(summary, values.get(proposal_id, {}), criteria_by_call.get(calls[proposal_id], []))
    return summaries


def _add_scores(summary: ReviewSummary, reviews: dict[int, dict[int, int]], criteria: list[Criterion]) -> None:
    """Totals and criterion means from ``{assignment id: {criterion id: value}}`` of submitted reviews."""
    summary.totals = [weighted_total(v, criteria) for _a, v in sorted(reviews.items())]
    for c in criteria:
        scored = [v[c.pk] for v in reviews.values() if c.pk in v]
        mean = round(statistics.fmean(scored), 2) if scored else None
        summary.criteria.append(CriterionMean(c.pk, c.name, c.weight, c.scale_max, mean, len(scored)))


def summary_of(assignments: Iterable[ReviewAssignment], criteria: list[Criterion]) -> ReviewSummary:
    """The summary of one proposal from its assignments already loaded with their scores, as
    :func:`review_summaries` computes it, without querying again."""
    summary = ReviewSummary()
    reviews: dict[int, dict[int, int]] = {}
    for a in assignments:
        if a.status == AssignmentStatus.CONFLICT:
            summary.conflicts += 1
            continue
        summary.assigned += 1
        if a.status == AssignmentStatus.SUBMITTED:
            summary.submitted += 1
            reviews[a.pk] = {score.criterion_id: score.value for score in a.scores.all()}
        else:
            summary.missing += 1
    _add_scores(summary, reviews, criteria)
    return summary


def review_summary(proposal: Proposal) -> ReviewSummary:
    return review_summaries([proposal.pk])[proposal.pk]


def approved_total(call: Call) -> Decimal:
    return Decision.objects.filter(proposal__call_id=call.pk, outcome=DecisionOutcome.APPROVE).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")


def remaining_budget(call: Call) -> Decimal:
    """The call's budget less the amounts of its approved decisions."""
    return call.budget - approved_total(call)


def rubric_for(call_id: int) -> Rubric | None:
    return Rubric.objects.filter(call_id=call_id).prefetch_related("criteria").first()


def my_reviews(*, user: Any) -> Any:
    """The reviewer's own assignments, newest first."""
    return (
        visible_to(user, ReviewAssignment)
        .filter(reviewer_id=user.pk)
        .select_related("proposal__organisation", "proposal__call")
        .order_by("-assigned_at", "-pk")
    )


def eligible_reviewers(proposal: Proposal) -> Any:
    """Active users holding the reviewer role, not members of the applicant organisation and not
    already assigned to this proposal."""
    reviewer_ids = PlatformRole.objects.filter(role=PlatformRoleKind.REVIEWER).values("user_id")
    members = Membership.objects.filter(organisation_id=proposal.organisation_id).values("user_id")
    assigned = ReviewAssignment.objects.filter(proposal_id=proposal.pk).values("reviewer_id")
    return (
        User.objects.filter(pk__in=reviewer_ids, is_active=True)
        .exclude(pk__in=members)
        .exclude(pk__in=assigned)
        .order_by("name", "pk")
    )


def review_panel(*, user: Any, pk: Any) -> dict[str, Any]:
    """Everything the officer's panel shows, in a fixed number of queries."""
    proposal = get_for_user(
        user, Proposal.objects.select_related("organisation", "call__programme"), pk, "review_manage"
    )
    rubric = rubric_for(proposal.call_id)
    criteria = list(rubric.criteria.all()) if rubric else []
    assignments = list(
        ReviewAssignment.objects.filter(proposal_id=proposal.pk)
        .select_related("reviewer")
        .prefetch_related("scores")
        .order_by("assigned_at", "pk")
    )
    rows = []
    for a in assignments:
        by_criterion = {s.criterion_id: s for s in a.scores.all()}
        rows.append(
            {
                "assignment": a,
                "scores": [by_criterion.get(c.pk) for c in criteria],
                "total": weighted_total({k: s.value for k, s in by_criterion.items()}, criteria)
                if a.status == AssignmentStatus.SUBMITTED
                else None,
            }
        )
    return {
        "proposal": proposal,
        "rubric": rubric,
        "criteria": criteria,
        "rows": rows,
        "summary": summary_of(assignments, criteria),
        "decisions": list(Decision.objects.filter(proposal_id=proposal.pk).select_related("decided_by")),
        "reviewers": list(eligible_reviewers(proposal).only("id", "name")),
        "remaining": remaining_budget(proposal.call),
    }
