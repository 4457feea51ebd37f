"""A call with a rubric and a proposal under review, and reviewers to assign to it.

The rubric has two criteria: 需求分析 (weight 2, out of 5) and 可行性 (weight 1, out of 10).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import PlatformRoleFactory, UserFactory
from tests.lifecycle import make_call, make_programme, make_proposal_under_review
from wushe.access.models import PlatformRoleKind
from wushe.accounts.services import api_token_create
from wushe.reviews.models import ReviewAssignment
from wushe.reviews.services import conflict_declare, review_submit, reviewer_assign, rubric_set

CRITERIA = [
    {"name": "需求分析", "description": "需求是否真实、清楚", "weight": "2", "scale_max": 5},
    {"name": "可行性", "description": "", "weight": "1", "scale_max": 10},
]


@pytest.fixture
def programme(personas):
    return make_programme(personas)


@pytest.fixture
def call(programme):
    return make_call(programme, budget=150_000, max_amount=100_000)


@pytest.fixture
def rubric(personas, call):
    return rubric_set(call=call, by=personas.olivia_officer, title="项目书评分标准", criteria=CRITERIA)


@pytest.fixture
def criteria(rubric):
    return list(rubric.criteria.order_by("order"))


@pytest.fixture
def proposal(personas, call, rubric):
    return make_proposal_under_review(personas, call, amount=80_000)


@pytest.fixture
def make_reviewer(db):
    def make(name: str = "评审专家") -> Any:
        user = UserFactory(name=name)
        PlatformRoleFactory(user=user, role=PlatformRoleKind.REVIEWER)
        return user

    return make


@pytest.fixture
def assign(personas):
    def do(proposal: Any, reviewer: Any) -> ReviewAssignment:
        return reviewer_assign(proposal=proposal, reviewer=reviewer, by=personas.olivia_officer)

    return do


@pytest.fixture
def score(criteria):
    """Declare no conflict and submit ``values`` (one per criterion, in order)."""

    def do(assignment: ReviewAssignment, *values: int, comment: str = "") -> ReviewAssignment:
        if assignment.status == "pending":
            assignment = conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=False)
        return review_submit(
            assignment=assignment,
            by=assignment.reviewer,
            scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
            comment=comment,
        )

    return do


@pytest.fixture
def api_client(db):
    """A client that sends ``Authorization: Bearer <token>`` for the given user."""

    def make(user: Any) -> Client:
        _token, secret = api_token_create(user=user, name="测试")
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make
