from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from wushe.access.door import get_for_user, visible_to
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SafeText, SearchText, responses
from wushe.orgs.models import Organisation
from wushe.programmes.models import Call
from wushe.proposals import selectors
from wushe.proposals.models import CoachComment, Proposal, ProposalStatus, ProposalVersion, Section
from wushe.proposals.services import (
    StaleEdit,
    proposal_create,
    proposal_save_draft,
    proposal_set_budget,
    proposal_transition,
)
from wushe.proposals.transitions import TRANSITIONS

router = Router(tags=["proposals"])

SectionKey = Literal["need", "goals", "activities", "budget_notes", "monitoring", "sustainability", "linkage"]
CommentSection = Literal[
    "need", "goals", "activities", "budget_notes", "monitoring", "sustainability", "linkage", "budget"
]
Action = Literal["submit", "request_revision", "resubmit", "start_review", "approve", "reject", "waitlist", "withdraw"]


class BudgetLineOut(Schema):
    category: str
    item: str
    amount: Decimal


class ProposalOut(Schema):
    id: int
    title: str
    status: ProposalStatus
    call_id: int
    organisation_id: int
    organisation_name: str
    requested_amount: Decimal
    version_count: int
    round_count: int
    updated_at: datetime

    @staticmethod
    def resolve_organisation_name(obj: Proposal) -> str:
        return obj.organisation.name


class ProposalDetailOut(ProposalOut):
    edit_version: int
    sections: dict[str, str]
    budget_lines: list[BudgetLineOut]

    @staticmethod
    def resolve_sections(obj: Proposal) -> dict[str, str]:
        return {key: obj.section_text(key) for key in Section.values}

    @staticmethod
    def resolve_budget_lines(obj: Proposal) -> list[Any]:
        return list(obj.budget_lines.all())


class VersionOut(Schema):
    number: int
    title: str
    sections: dict[str, str]
    budget: list[BudgetLineOut]
    total: Decimal
    submitted_at: datetime


class DiffOp(Schema):
    op: Literal["equal", "insert", "delete"]
    text: str


class SectionDiffOut(Schema):
    key: str
    label: str
    changed: bool
    ops: list[DiffOp]


class BudgetRowOut(Schema):
    category: str
    item: str
    old: Decimal | None
    new: Decimal | None
    state: str


class DiffOut(Schema):
    a: int
    b: int
    sections: list[SectionDiffOut]
    budget: list[BudgetRowOut]


class CommentOut(Schema):
    id: int
    round_number: int | None
    version_number: int
    section: str
    body: str
    author: str
    created_at: datetime
    reply: str
    addressed: bool

    @staticmethod
    def resolve_round_number(obj: CoachComment) -> int | None:
        return obj.round.number if obj.round else None

    @staticmethod
    def resolve_version_number(obj: CoachComment) -> int:
        return obj.version.number

    @staticmethod
    def resolve_author(obj: CoachComment) -> str:
        return obj.author.name


class ProposalFilters(Schema):
    call: Id | None = None
    organisation: Id | None = None
    status: ProposalStatus | None = None
    search: SearchText = ""
    page: PageNumber = 1
    page_size: PageSize = 20


class ProposalIn(Schema):
    call_id: Id
    organisation_id: Id
    title: Annotated[SafeText, Field(min_length=1, max_length=100)]


class DraftIn(Schema):
    edit_version: Annotated[int, Field(ge=1, le=2**31)]
    title: Annotated[SafeText, Field(min_length=1, max_length=100)] | None = None
    sections: dict[SectionKey, Annotated[SafeText, Field(max_length=6000)]] = {}


class BudgetLineIn(Schema):
    category: Annotated[SafeText, Field(max_length=12)]
    item: Annotated[SafeText, Field(max_length=100)]
    amount: Annotated[Decimal, Field(ge=0, le=Decimal("9999999999.99"), decimal_places=2)]


class BudgetIn(Schema):
    lines: Annotated[list[BudgetLineIn], Field(max_length=200)]


class CommentIn(Schema):
    section: CommentSection
    body: Annotated[SafeText, Field(min_length=1, max_length=2000)]


class TransitionIn(Schema):
    action: Action
    reason: Annotated[SafeText, Field(max_length=4000)] = ""
    summary: Annotated[SafeText, Field(max_length=4000)] = ""
    comments: Annotated[list[CommentIn], Field(max_length=50)] = []


def _proposal(request: HttpRequest, pk: int, action: str = "view") -> Proposal:
    qs = Proposal.objects.select_related("organisation", "call__programme").prefetch_related("budget_lines")
    return get_for_user(request.user, qs, pk, action)


@router.get("/proposals", response=responses({200: Page[ProposalOut]}, 422), summary="List proposals")
def list_proposals(request: HttpRequest, filters: Query[ProposalFilters]) -> dict[str, Any]:
    qs = selectors.proposal_list(
        user=request.user,
        call_id=filters.call,
        organisation_id=filters.organisation,
        status=filters.status or "",
        query=filters.search,
    )
    return page_of(qs, filters.page, filters.page_size)


@router.post("/proposals", response=responses({201: ProposalDetailOut}, 400, 403, 404, 422), summary="Start a proposal")
def create_proposal(request: HttpRequest, payload: ProposalIn) -> Status:
    call = get_for_user(request.user, Call, payload.call_id)
    organisation = get_for_user(request.user, Organisation, payload.organisation_id)
    proposal = proposal_create(by=request.user, call=call, organisation=organisation, title=payload.title)
    return Status(201, _proposal(request, proposal.pk))


@router.get("/proposals/{proposal_id}", response=responses({200: ProposalDetailOut}, 404, 422), summary="One proposal")
def get_proposal(request: HttpRequest, proposal_id: Id) -> Proposal:
    return _proposal(request, proposal_id)


@router.patch(
    "/proposals/{proposal_id}",
    response=responses({200: ProposalDetailOut}, 400, 403, 404, 409, 422),
    summary="Save the draft (refused with 409 if it changed since edit_version)",
)
def save_draft(request: HttpRequest, proposal_id: Id, payload: DraftIn) -> Any:
    proposal = _proposal(request, proposal_id, "edit")
    try:
        proposal_save_draft(
            proposal=proposal,
            by=request.user,
            edit_version=payload.edit_version,
            title=payload.title,
            sections=dict(payload.sections),
        )
    except StaleEdit as exc:
        return Status(409, {"detail": exc.messages[0]})
    return _proposal(request, proposal_id)


@router.put(
    "/proposals/{proposal_id}/budget",
    response=responses({200: ProposalDetailOut}, 400, 403, 404, 422),
    summary="Replace the budget table",
)
def put_budget(request: HttpRequest, proposal_id: Id, payload: BudgetIn) -> Proposal:
    proposal = _proposal(request, proposal_id, "edit")
    proposal_set_budget(proposal=proposal, by=request.user, lines=[line.dict() for line in payload.lines])
    return _proposal(request, proposal_id)


@router.get(
    "/proposals/{proposal_id}/versions", response=responses({200: list[VersionOut]}, 404, 422), summary="Versions"
)
def list_versions(request: HttpRequest, proposal_id: Id) -> Any:
    proposal = _proposal(request, proposal_id)
    return list(visible_to(request.user, ProposalVersion).filter(proposal=proposal).order_by("number"))


@router.get(
    "/proposals/{proposal_id}/diff",
    response=responses({200: DiffOut}, 404, 422),
    summary="Word-level diff of two versions, section by section",
)
def diff(
    request: HttpRequest,
    proposal_id: Id,
    a: Annotated[int, Query(ge=1, le=1000)],
    b: Annotated[int, Query(ge=1, le=1000)],
) -> dict[str, Any]:
    result = selectors.version_pair(user=request.user, proposal_pk=proposal_id, a=a, b=b)
    return {
        "a": result.a.number,
        "b": result.b.number,
        "sections": [
            {"key": s.key, "label": s.label, "changed": s.changed, "ops": [{"op": o, "text": t} for o, t in s.ops]}
            for s in result.sections
        ],
        "budget": [
            {"category": r.category, "item": r.item, "old": r.old, "new": r.new, "state": r.state}
            for r in result.budget
        ],
    }


@router.get(
    "/proposals/{proposal_id}/comments",
    response=responses({200: list[CommentOut]}, 404, 422),
    summary="Coaching comments and answers",
)
def list_comments(request: HttpRequest, proposal_id: Id) -> Any:
    proposal = _proposal(request, proposal_id)
    return list(
        visible_to(request.user, CoachComment)
        .filter(proposal=proposal)
        .select_related("round", "version", "author")
        .order_by("created_at", "pk")
    )


@router.post(
    "/proposals/{proposal_id}/transitions",
    response=responses({200: ProposalDetailOut}, 400, 403, 404, 422),
    summary="Fire a state transition",
    description="Actions: "
    + "; ".join(
        f"`{t.action}` ({', '.join(str(source.value) for source in t.sources)} → {t.target.value})"
        for t in TRANSITIONS.values()
    ),
)
def transition(request: HttpRequest, proposal_id: Id, payload: TransitionIn) -> Proposal:
    proposal = _proposal(request, proposal_id)
    proposal_transition(
        proposal=proposal,
        action=payload.action,
        by=request.user,
        reason=payload.reason,
        summary=payload.summary,
        comments=[(c.section, c.body) for c in payload.comments],
    )
    return _proposal(request, proposal_id)
