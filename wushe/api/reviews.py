"""Review assignments: the reviewer's conflict declaration and scores; officers see all of a
programme's reviews. Scores appear only where the access door lets the caller see them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from wushe.access.door import get_for_user, visible_to
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SafeText, responses
from wushe.reviews.models import AssignmentStatus, ReviewAssignment, Score
from wushe.reviews.services import conflict_declare, review_submit

router = Router(tags=["reviews"])


class ReviewerRef(Schema):
    id: int
    name: str


class ReviewOut(Schema):
    id: int
    proposal_id: int
    proposal_title: str
    reviewer: ReviewerRef
    status: AssignmentStatus
    status_display: str
    has_conflict: bool
    assigned_at: datetime
    declared_at: datetime | None
    submitted_at: datetime | None

    @staticmethod
    def resolve_proposal_title(obj: ReviewAssignment) -> str:
        return obj.proposal.title

    @staticmethod
    def resolve_status_display(obj: ReviewAssignment) -> str:
        return str(obj.get_status_display())


class ScoreOut(Schema):
    criterion_id: int
    criterion_name: str
    weight: Decimal
    scale_max: int
    value: int
    note: str


class ReviewDetailOut(ReviewOut):
    conflict_statement: str
    comment: str
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scores(obj: ReviewAssignment) -> list[dict[str, Any]]:
        # set by _detail, through the door
        return obj.visible_scores  # type: ignore[attr-defined, no-any-return]


class ReviewFilters(Schema):
    proposal: Id | None = None
    status: AssignmentStatus | None = None
    page: PageNumber = 1
    page_size: PageSize = 20


class ConflictIn(Schema):
    has_conflict: bool
    statement: Annotated[SafeText, Field(max_length=500)] = ""


class ScoreIn(Schema):
    criterion_id: Id
    value: int = Field(description="0 … the criterion's scale_max")
    note: Annotated[SafeText, Field(max_length=500)] = ""


class SubmitIn(Schema):
    scores: Annotated[list[ScoreIn], Field(min_length=1, max_length=20)]
    comment: Annotated[SafeText, Field(max_length=4000)] = ""


def _assignments() -> Any:
    return ReviewAssignment.objects.select_related("proposal", "reviewer")


def _detail(request: HttpRequest, assignment: ReviewAssignment) -> ReviewAssignment:
    """The assignment with the scores the caller may see attached."""
    scores = (
        visible_to(request.user, Score)
        .filter(assignment_id=assignment.pk)
        .select_related("criterion")
        .order_by("criterion__order", "criterion_id")
    )
    assignment.visible_scores = [  # type: ignore[attr-defined]
        {
            "criterion_id": s.criterion_id,
            "criterion_name": s.criterion.name,
            "weight": s.criterion.weight,
            "scale_max": s.criterion.scale_max,
            "value": s.value,
            "note": s.note,
        }
        for s in scores
    ]
    return assignment


@router.get("/reviews", response=responses({200: Page[ReviewOut]}, 422), summary="List review assignments")
def list_reviews(request: HttpRequest, filters: Query[ReviewFilters]) -> dict[str, Any]:
    qs = visible_to(request.user, _assignments()).order_by("-assigned_at", "-pk")
    if filters.proposal:
        qs = qs.filter(proposal_id=filters.proposal)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return page_of(qs, filters.page, filters.page_size)


@router.get("/reviews/{review_id}", response=responses({200: ReviewDetailOut}, 404, 422), summary="One review")
def get_review(request: HttpRequest, review_id: Id) -> ReviewAssignment:
    return _detail(request, get_for_user(request.user, _assignments(), review_id))


@router.post(
    "/reviews/{review_id}/conflict",
    response=responses({200: ReviewDetailOut}, 400, 403, 404, 422),
    summary="Declare a conflict of interest, or its absence, before scoring",
)
def declare_conflict(request: HttpRequest, review_id: Id, payload: ConflictIn) -> ReviewAssignment:
    assignment = get_for_user(request.user, _assignments(), review_id, "declare")
    assignment = conflict_declare(
        assignment=assignment, by=request.user, has_conflict=payload.has_conflict, statement=payload.statement
    )
    return _detail(request, _assignments().get(pk=assignment.pk))


@router.post(
    "/reviews/{review_id}/submit",
    response=responses({200: ReviewDetailOut}, 400, 403, 404, 422),
    summary="Submit a score for every criterion (final)",
)
def submit_review(request: HttpRequest, review_id: Id, payload: SubmitIn) -> ReviewAssignment:
    assignment = get_for_user(request.user, _assignments(), review_id, "submit")
    ids = [s.criterion_id for s in payload.scores]
    if len(set(ids)) != len(ids):
        raise ValidationError({"scores": [_("同一评分项只能打一次分。")]})
    assignment = review_submit(
        assignment=assignment,
        by=request.user,
        scores={s.criterion_id: s.value for s in payload.scores},
        notes={s.criterion_id: s.note for s in payload.scores},
        comment=payload.comment,
    )
    return _detail(request, _assignments().get(pk=assignment.pk))
