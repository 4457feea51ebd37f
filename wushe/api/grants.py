"""Grants, their tranches and disbursements. Money is a decimal string in yuan ("12345.00")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from wushe.access.door import get_for_user
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SafeText, responses
from wushe.grants import selectors
from wushe.grants.models import Disbursement, Grant, GrantStatus, Tranche
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
