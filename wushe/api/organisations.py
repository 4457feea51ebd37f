from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from wushe.access.door import can, get_for_user
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, MessageOut, Page, PageNumber, PageSize, SafeText, ValidationErrorOut
from wushe.core.validators import mask_phone
from wushe.orgs import selectors
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind, Place
from wushe.orgs.services import organisation_create, organisation_update

router = Router(tags=["organisations"])


class PlaceRef(Schema):
    id: int
    name: str
    full_name: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: OrganisationKind
    kind_display: str
    uscc: str | None
    registered_on: date | None
    home_place: PlaceRef | None
    fields_of_work: list[str]
    contact_name: str
    contact_phone_masked: str
    description: str
    is_active: bool

    @staticmethod
    def resolve_kind_display(obj: Organisation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_fields_of_work(obj: Organisation) -> list[str]:
        return [f.name for f in obj.fields_of_work.all()]

    @staticmethod
    def resolve_contact_phone_masked(obj: Organisation) -> str:
        return mask_phone(obj.contact_phone)


class OrganisationDetailOut(OrganisationOut):
    service_places: list[PlaceRef]
    contact_phone: str | None = None
    contact_email: str | None = None
    website: str


class OrganisationIn(Schema):
    name: Annotated[SafeText, Field(min_length=1, max_length=100)]
    short_name: Annotated[SafeText, Field(max_length=30)] = ""
    kind: OrganisationKind
    uscc: Annotated[SafeText, Field(max_length=18)] | None = None
    registered_on: date | None = None
    home_place_id: Id | None = None
    service_place_ids: Annotated[list[Id], Field(max_length=200)] = []
    fields_of_work: Annotated[list[Annotated[SafeText, Field(max_length=30)]], Field(max_length=20)] = []
    contact_name: Annotated[SafeText, Field(max_length=50)] = ""
    contact_phone: Annotated[SafeText, Field(max_length=20)] = ""
    contact_email: Annotated[SafeText, Field(max_length=254)] = ""
    website: Annotated[SafeText, Field(max_length=200)] = ""
    description: Annotated[SafeText, Field(max_length=2000)] = ""


class OrganisationPatch(Schema):
    name: Annotated[SafeText, Field(min_length=1, max_length=100)] | None = None
    short_name: Annotated[SafeText, Field(max_length=30)] | None = None
    kind: OrganisationKind | None = None
    uscc: Annotated[SafeText, Field(max_length=18)] | None = None
    registered_on: date | None = None
    home_place_id: Id | None = None
    service_place_ids: Annotated[list[Id], Field(max_length=200)] | None = None
    fields_of_work: Annotated[list[Annotated[SafeText, Field(max_length=30)]], Field(max_length=20)] | None = None
    contact_name: Annotated[SafeText, Field(max_length=50)] | None = None
    contact_phone: Annotated[SafeText, Field(max_length=20)] | None = None
    contact_email: Annotated[SafeText, Field(max_length=254)] | None = None
    website: Annotated[SafeText, Field(max_length=200)] | None = None
    description: Annotated[SafeText, Field(max_length=2000)] | None = None


class OrganisationFilters(Schema):
    search: Annotated[str, Field(max_length=100)] = ""
    kind: OrganisationKind | None = None
    place: Id | None = None
    page: PageNumber = 1
    page_size: PageSize = 20


def _detail(request: HttpRequest, org: Organisation) -> dict[str, Any]:
    data = OrganisationOut.from_orm(org).dict()
    data["service_places"] = list(org.service_places.all())
    data["website"] = org.website
    if can(request.user, "view_people", org):
        data["contact_phone"] = org.contact_phone
        data["contact_email"] = org.contact_email
    return data


def _resolve_refs(payload: dict[str, Any]) -> tuple[dict[str, Any], list[Place] | None, list[FieldOfWork] | None]:
    """Turn ids and names into objects; unknown ones are field errors."""
    errors: dict[str, list[str]] = {}
    data = {k: v for k, v in payload.items() if k not in ("home_place_id", "service_place_ids", "fields_of_work")}
    if "home_place_id" in payload:
        pid = payload["home_place_id"]
        data["home_place"] = Place.objects.filter(pk=pid).first() if pid else None
        if pid and data["home_place"] is None:
            errors["home_place_id"] = [_("没有这个地点。")]
    places = None
    if payload.get("service_place_ids") is not None:
        ids = set(payload["service_place_ids"])
        places = list(Place.objects.filter(pk__in=ids))
        if len(places) != len(ids):
            missing = sorted(ids - {p.pk for p in places})
            errors["service_place_ids"] = [_("没有这些地点:%(ids)s。") % {"ids": ", ".join(map(str, missing))}]
    fields = None
    if payload.get("fields_of_work") is not None:
        names = set(payload["fields_of_work"])
        fields = list(FieldOfWork.objects.filter(name__in=names))
        if len(fields) != len(names):
            unknown = sorted(names - {f.name for f in fields})
            errors["fields_of_work"] = [_("未知的服务领域:%(names)s。") % {"names": "、".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    return data, places, fields


@router.get("/organisations", response=Page[OrganisationOut], summary="List organisations")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> dict[str, Any]:
    place = Place.objects.filter(pk=filters.place).first() if filters.place else None
    if filters.place and place is None:
        return {"count": 0, "page": filters.page, "page_size": filters.page_size, "results": []}
    qs = selectors.organisation_list(user=request.user, query=filters.search, kind=filters.kind or "", place=place)
    return page_of(qs, filters.page, filters.page_size)


@router.get(
    "/organisations/{org_id}",
    response={200: OrganisationDetailOut, 404: MessageOut},
    summary="One organisation",
)
def get_organisation(request: HttpRequest, org_id: Id) -> dict[str, Any]:
    org = get_for_user(
        request.user,
        Organisation.objects.select_related("home_place").prefetch_related("fields_of_work", "service_places"),
        org_id,
    )
    return _detail(request, org)


@router.post(
    "/organisations",
    response={201: OrganisationDetailOut, 403: MessageOut, 422: ValidationErrorOut},
    summary="Create an organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> tuple[int, dict[str, Any]]:
    data, places, fields = _resolve_refs(payload.dict())
    org = organisation_create(by=request.user, data=data, service_places=places, fields_of_work=fields)
    return 201, _detail(request, org)


@router.patch(
    "/organisations/{org_id}",
    response={200: OrganisationDetailOut, 403: MessageOut, 404: MessageOut, 422: ValidationErrorOut},
    summary="Change an organisation",
)
def update_organisation(request: HttpRequest, org_id: Id, payload: OrganisationPatch) -> dict[str, Any]:
    org = get_for_user(request.user, Organisation, org_id, "change")
    data, places, fields = _resolve_refs(payload.dict(exclude_unset=True))
    org = organisation_update(
        organisation=org, by=request.user, data=data, service_places=places, fields_of_work=fields
    )
    org = (
        Organisation.objects.select_related("home_place")
        .prefetch_related("fields_of_work", "service_places")
        .get(pk=org.pk)
    )
    return _detail(request, org)
