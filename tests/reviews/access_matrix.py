"""The review rows of the access matrix (see ``tests/access/matrix.py``).

From the product's rules: officers of the support organisation running the programme and
platform admins see and manage every review; a reviewer sees their own assignments and scores,
and others' scores only once they have submitted their own; the applicant organisation sees the
decisions on its proposals, never reviews or scores; funders of the programme see decisions and
aggregates, never individual reviews; government viewers, other organisations and people with
no organisation see none. A rubric is part of its published call's rules, public like the call.
"""

from __future__ import annotations

from typing import Any

from tests.access.matrix import NOBODY, PERSONAS, only
from tests.lifecycle import make_call, make_programme, make_proposal_under_review
from wushe.reviews.services import conflict_declare, decision_make, review_submit, reviewer_assign, rubric_set

EVERYONE = frozenset(PERSONAS)
RUNS = only("alice_admin", "olivia_officer")
REVIEW_SEEN = RUNS | only("rita_reviewer")
DECISION_SEEN = RUNS | only("frank_funder", "gina_grantee", "sam_staff")

EXPECTED = {
    "review: the call's rubric": ("reviews.Rubric", {"visible": EVERYONE, "view": EVERYONE, "change": RUNS}),
    "review: a criterion": ("reviews.Criterion", {"visible": EVERYONE, "view": EVERYONE}),
    "review: rita's assignment": (
        "reviews.ReviewAssignment",
        {
            "visible": REVIEW_SEEN,
            "view": REVIEW_SEEN,
            "declare": only("rita_reviewer"),  # nobody declares or scores for the reviewer
            "submit": only("rita_reviewer"),
        },
    ),
    "review: rita's score": ("reviews.Score", {"visible": REVIEW_SEEN, "view": REVIEW_SEEN}),
    "review: the decision": ("reviews.Decision", {"visible": DECISION_SEEN, "view": DECISION_SEEN}),
}

CREATE = {
    "reviews.Rubric": RUNS,
    "reviews.Criterion": NOBODY,  # only with the rubric (rubric_set)
    "reviews.ReviewAssignment": RUNS,
    "reviews.Score": NOBODY,  # only by submitting a review
    "reviews.Decision": RUNS,
}

CREATE_PARENT = {
    "reviews.Rubric": "review: the call",
    "reviews.ReviewAssignment": "review: the proposal",
    "reviews.Decision": "review: the proposal",
}


def targets(personas: Any) -> dict[str, Any]:
    call = make_call(make_programme(personas))
    rubric = rubric_set(
        call=call,
        by=personas.olivia_officer,
        title="项目书评分标准",
        criteria=[{"name": "需求分析", "weight": 2, "scale_max": 5}, {"name": "可行性", "weight": 1, "scale_max": 10}],
    )
    proposal = make_proposal_under_review(personas, call)
    rita = personas.rita_reviewer
    assignment = reviewer_assign(proposal=proposal, reviewer=rita, by=personas.olivia_officer)
    conflict_declare(assignment=assignment, by=rita, has_conflict=False)
    assignment = review_submit(
        assignment=assignment, by=rita, scores={c.pk: 3 for c in rubric.criteria.all()}, comment="可行"
    )
    decision = decision_make(proposal=proposal, by=personas.olivia_officer, outcome="reject", reasons="不符合本期主题")
    return {
        "review: the call": call,
        "review: the proposal": proposal,
        "review: the call's rubric": rubric,
        "review: a criterion": rubric.criteria.first(),
        "review: rita's assignment": assignment,
        "review: rita's score": assignment.scores.first(),
        "review: the decision": decision,
    }
