"""Grants, their tranches and disbursements. Money is a decimal string in yuan ("12345.00")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from wushe.access.door import get_for_user
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SafeText, responses
from wushe.grants import selectors
from wushe.grants.budget_services import MAX_BUDGET_LINES, grant_budget_revise, scaled_budget
from wushe.grants.models import BudgetRevision, Disbursement, Grant, GrantStatus, Tranche
from wushe.grants.services import grant_disburse
from wushe.proposals.models import BudgetCategory

router = Router(tags=["grants"])


class Ref(Schema):
    id: int
    name: str


class GrantOut(Schema):
    id: int
    agreement_number: str
    title: str
    proposal_id: int
    organisation: Ref
    programme: Ref
    amount: Decimal
    disbursed_total: Decimal
    remaining: Decimal
    starts_on: date
    ends_on: date
    status: GrantStatus
    status_display: str
    status_reason: str
    signed_at: datetime
    budget_needs_revision: bool = Field(
        description="approved for another amount than the budget adds up to, and not revised yet"
    )

    @staticmethod
    def resolve_status_display(obj: Grant) -> str:
        return str(obj.get_status_display())


class TrancheOut(Schema):
    id: int
    number: int
    label: str
    condition: str
    amount: Decimal
    disbursed: Decimal
    remaining: Decimal
    due_on: date | None


class BudgetLineOut(Schema):
    id: int
    category: BudgetCategory
    item: str
    amount: Decimal
    spent: Decimal


class GrantDetailOut(GrantOut):
    tranches: list[TrancheOut]
    budget_lines: list[BudgetLineOut]

    @staticmethod
    def resolve_budget_lines(obj: Grant) -> list[Any]:
        return selectors.budget_lines_with_spending(obj)


class DisbursementOut(Schema):
    id: int
    tranche_id: int
    tranche_label: str
    amount: Decimal
    paid_on: date
    reference: str
    created_at: datetime

    @staticmethod
    def resolve_tranche_label(obj: Disbursement) -> str:
        return obj.tranche.label


class DisbursementIn(Schema):
    tranche_id: Id
    amount: Decimal = Field(description="yuan, more than 0, at most two decimals")
    paid_on: date
    reference: Annotated[SafeText, Field(min_length=1, max_length=60)]


class BudgetLineWithSuggestionOut(BudgetLineOut):
    scaled_amount: Decimal = Field(
        description="this line scaled so the lines add up to the grant amount (whole yuan, the remainder on "
        "the largest line, never below what was spent on it): a suggestion to adjust, as the page's button fills in"
    )


class RevisedLineOut(Schema):
    category: BudgetCategory
    item: str
    before: Decimal | None = Field(description="empty for a line the revision added")
    after: Decimal | None = Field(description="empty for a line the revision removed")


class BudgetRevisionOut(Schema):
    id: int
    reason: str
    total_before: Decimal
    total_after: Decimal
    revised_by: Ref
    revised_at: datetime
    lines: list[RevisedLineOut]

    @staticmethod
    def resolve_revised_by(obj: BudgetRevision) -> dict[str, Any]:
        return {"id": obj.revised_by_id, "name": obj.revised_by.name}

    @staticmethod
    def resolve_lines(obj: BudgetRevision) -> list[dict[str, Any]]:
        return [
            {**line, "before": line.get("before") or None, "after": line.get("after") or None} for line in obj.lines
        ]


class BudgetOut(Schema):
    grant_id: int
    status: GrantStatus
    amount: Decimal
    budget_total: Decimal
    difference: Decimal = Field(description="budget_total less amount: above 0 the budget asks for more than granted")
    needs_revision: bool
    can_revise: bool = Field(description="whether the caller may revise it now (role and the grant's state)")
    lines: list[BudgetLineWithSuggestionOut]
    revisions: list[BudgetRevisionOut] = Field(description="latest first, at most 20")


class BudgetLineIn(Schema):
    id: Id | None = Field(None, description="a line of the grant to keep; leave out to add a line")
    category: BudgetCategory | None = Field(None, description="for an added line; a kept line keeps its own")
    item: Annotated[SafeText, Field(max_length=100)] | None = Field(
        None, description="for an added line; a kept line keeps its own"
    )
    amount: Decimal = Field(description="yuan, 0 or more, at most two decimals; not below what was spent on the line")


class BudgetRevisionIn(Schema):
    reason: Annotated[SafeText, Field(min_length=1, max_length=500)]
    lines: list[BudgetLineIn] = Field(
        max_length=MAX_BUDGET_LINES,
        description="the whole budget after the revision: kept lines (by id), added lines (no id); lines of the "
        "grant left out are removed. The amounts must add up to the grant amount.",
    )


class GrantFilters(Schema):
    programme: Id | None = None
    organisation: Id | None = None
    status: GrantStatus | None = None
    page: PageNumber = 1
    page_size: PageSize = 20


@router.get("/grants", response=responses({200: Page[GrantOut]}, 422), summary="List grants")
def list_grants(request: HttpRequest, filters: Query[GrantFilters]) -> dict[str, Any]:
    qs = selectors.grant_list(
        user=request.user,
        status=filters.status or "",
        programme_id=filters.programme,
        organisation_id=filters.organisation,
    )
    return page_of(qs, filters.page, filters.page_size)


@router.get("/grants/{grant_id}", response=responses({200: GrantDetailOut}, 404, 422), summary="One grant")
def get_grant(request: HttpRequest, grant_id: Id) -> Grant:
    return get_for_user(
        request.user,
        Grant.objects.select_related("organisation", "programme").prefetch_related("tranches"),
        grant_id,
    )


@router.get(
    "/grants/{grant_id}/tranches", response=responses({200: list[TrancheOut]}, 404, 422), summary="A grant's tranches"
)
def list_tranches(request: HttpRequest, grant_id: Id) -> list[Tranche]:
    grant = get_for_user(request.user, Grant, grant_id)
    return list(grant.tranches.all())


@router.get(
    "/grants/{grant_id}/disbursements",
    response=responses({200: list[DisbursementOut]}, 404, 422),
    summary="A grant's disbursements, latest first",
)
def list_disbursements(request: HttpRequest, grant_id: Id) -> list[Disbursement]:
    grant = get_for_user(request.user, Grant, grant_id)
    return list(grant.disbursements.select_related("tranche").order_by("-paid_on", "-pk"))


@router.post(
    "/grants/{grant_id}/disbursements",
    response=responses({201: DisbursementOut}, 400, 403, 404, 422),
    summary="Record a disbursement against a tranche",
)
def create_disbursement(request: HttpRequest, grant_id: Id, payload: DisbursementIn) -> Status:
    grant = get_for_user(request.user, Grant.objects.select_related("programme"), grant_id, "disburse")
    tranche = Tranche.objects.filter(pk=payload.tranche_id, grant=grant).first()
    if tranche is None:
        raise ValidationError({"tranche_id": [_("该批次不属于此资助协议。")]})
    try:
        payment = grant_disburse(
            grant=grant,
            tranche=tranche,
            amount=payload.amount,
            paid_on=payload.paid_on,
            reference=payload.reference,
            by=request.user,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "tranche" in exc.error_dict:
            exc.error_dict["tranche_id"] = exc.error_dict.pop("tranche")
        raise
    return Status(201, payment)


# --- the budget -------------------------------------------------------------------------------


def _budget(request: HttpRequest, grant: Grant) -> dict[str, Any]:
    page = selectors.grant_budget(user=request.user, grant=grant)
    lines = page["budget_lines"]
    suggested = scaled_budget([line.amount for line in lines], grant.amount, floors=[line.spent for line in lines])
    for line, scaled in zip(lines, suggested, strict=True):
        line.scaled_amount = scaled
    return {
        "grant_id": grant.pk,
        "status": grant.status,
        "amount": grant.amount,
        "budget_total": page["budget_total"],
        "difference": page["budget_gap"],
        "needs_revision": grant.budget_needs_revision,
        "can_revise": selectors.can_revise_budget(request.user, grant),
        "lines": lines,
        "revisions": page["revisions"],
    }


def _line_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """The service's ``lines.<i>.<field>`` as ``["body", "lines", i, field]``; its total and
    removed-line errors belong to ``lines`` as a whole."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": ["body"], "msg": str(msg), "type": "value_error"} for msg in exc.messages]
    items: list[dict[str, Any]] = []
    for key, msgs in exc.message_dict.items():
        parts = key.split(".")
        loc: list[str | int]
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit():
            loc = ["body", "lines", int(parts[1]), parts[2]]
        elif key in ("total", "lines"):
            loc = ["body", "lines"]
        elif key == NON_FIELD_ERRORS:
            loc = ["body"]
        else:
            loc = ["body", key]
        items.extend({"loc": loc, "msg": str(msg), "type": "value_error"} for msg in msgs)
    return items


@router.get(
    "/grants/{grant_id}/budget",
    response=responses({200: BudgetOut}, 404, 422),
    summary="A grant's budget against its amount, with its revisions",
)
def get_budget(request: HttpRequest, grant_id: Id) -> dict[str, Any]:
    grant = get_for_user(request.user, Grant.objects.select_related("programme"), grant_id)
    return _budget(request, grant)


@router.post(
    "/grants/{grant_id}/budget",
    response=responses({201: BudgetOut}, 400, 403, 404, 422),
    summary="Revise a grant's budget to its amount",
    description="Replaces the budget lines in one revision, kept with its reason and each line before and "
    "after. Refused (422, nothing written) when the lines do not add up to the grant amount, a line is below "
    "what was spent on it, a line with spending is left out, nothing changes, or the grant is closed. The "
    "grantee organisation's admins and the programme's officers may revise.",
)
def revise_budget(request: HttpRequest, grant_id: Id, payload: BudgetRevisionIn) -> Status:
    grant = get_for_user(request.user, Grant.objects.select_related("programme"), grant_id, "revise_budget")
    try:
        grant_budget_revise(
            grant=grant,
            by=request.user,
            lines=[line.dict() for line in payload.lines],
            reason=payload.reason,
        )
    except ValidationError as exc:
        return Status(422, {"detail": _line_errors(exc)})
    grant.refresh_from_db()
    return Status(201, _budget(request, grant))
