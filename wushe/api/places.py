from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from wushe.access.door import get_for_user, visible_to
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SearchText, responses
from wushe.orgs.models import Place, PlaceLevel

router = Router(tags=["places"])


class PlaceOut(Schema):
    id: int
    name: str
    full_name: str
    level: PlaceLevel
    level_display: str
    parent_id: int | None
    code: str

    @staticmethod
    def resolve_level_display(obj: Place) -> str:
        return str(obj.get_level_display())


class PlaceFilters(Schema):
    search: SearchText = ""
    level: PlaceLevel | None = None
    parent: Id | None = None
    page: PageNumber = 1
    page_size: PageSize = 20


@router.get("/places", response=responses({200: Page[PlaceOut]}, 422), summary="List or search places")
def list_places(request: HttpRequest, filters: Query[PlaceFilters]) -> dict[str, Any]:
    qs = visible_to(request.user, Place).search(filters.search)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    return page_of(qs.order_by("level", "pinyin", "pk"), filters.page, filters.page_size)


@router.get("/places/{place_id}", response=responses({200: PlaceOut}, 404, 422), summary="One place")
def get_place(request: HttpRequest, place_id: Id) -> Place:
    return get_for_user(request.user, Place, place_id)
