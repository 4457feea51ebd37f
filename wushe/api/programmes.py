from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from wushe.access.door import get_for_user, visible_to
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, responses
from wushe.programmes.models import Call, Programme, ProgrammeStatus
from wushe.programmes.selectors import programme_list

router = Router(tags=["programmes"])


class OrgRef(Schema):
    id: int
    name: str


class FunderOut(Schema):
    funder: OrgRef
    committed_amount: Decimal


class ProgrammeOut(Schema):
    id: int
    name: str
    short_name: str
    status: ProgrammeStatus
    support_organisation: OrgRef
    guidance_organisation: OrgRef | None
    total_budget: Decimal
    starts_on: date
    ends_on: date


class ProgrammeDetailOut(ProgrammeOut):
    summary: str
    eligibility: str
    funders: list[FunderOut]
    themes: list[str]

    @staticmethod
    def resolve_funders(obj: Programme) -> list[Any]:
        return list(obj.funders.all())

    @staticmethod
    def resolve_themes(obj: Programme) -> list[str]:
        return [t.name for t in obj.themes.all()]


class CallOut(Schema):
    id: int
    programme_id: int
    title: str
    rules: str
    opens_at: datetime
    closes_at: datetime
    budget: Decimal
    max_amount: Decimal
    is_published: bool
    is_open: bool

    @staticmethod
    def resolve_is_open(obj: Call) -> bool:
        return obj.is_open()


class Paging(Schema):
    page: PageNumber = 1
    page_size: PageSize = 20


class CallFilters(Paging):
    programme: Id | None = None
    open: bool | None = None


@router.get("/programmes", response=responses({200: Page[ProgrammeOut]}, 422), summary="List programmes")
def list_programmes(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    return page_of(programme_list(user=request.user), paging.page, paging.page_size)


@router.get(
    "/programmes/{programme_id}", response=responses({200: ProgrammeDetailOut}, 404, 422), summary="One programme"
)
def get_programme(request: HttpRequest, programme_id: Id) -> Programme:
    qs = Programme.objects.select_related("support_organisation", "guidance_organisation").prefetch_related(
        "funders__funder", "themes"
    )
    return get_for_user(request.user, qs, programme_id)


@router.get("/calls", response=responses({200: Page[CallOut]}, 422), summary="List calls", auth=None)
def list_calls(request: HttpRequest, filters: Query[CallFilters]) -> dict[str, Any]:
    """Published calls are public; officers also see their unpublished ones."""
    qs = visible_to(request.user, Call).order_by("-opens_at", "pk")
    if filters.programme:
        qs = qs.filter(programme_id=filters.programme)
    if filters.open is True:
        qs = qs.open_at()
    return page_of(qs, filters.page, filters.page_size)


@router.get("/calls/{call_id}", response=responses({200: CallOut}, 404, 422), summary="One call", auth=None)
def get_call(request: HttpRequest, call_id: Id) -> Call:
    return get_for_user(request.user, Call, call_id)
