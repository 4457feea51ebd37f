from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from wushe.access.door import can, get_for_user, visible_to
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SafeText, SearchText, responses
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
    """Contact phone and e-mail are given only to those who may see the organisation's people
    (its members, programme officers, platform admins); ``null`` for everyone else."""

    service_places: list[PlaceRef]
    contact_phone: str | None
    contact_email: str | None
    website: str

    @staticmethod
    def resolve_service_places(obj: Organisation) -> list[Place]:
        return list(obj.service_places.all())

    @staticmethod
    def resolve_contact_phone(obj: Organisation) -> str | None:
        return obj.contact_phone if getattr(obj, "show_people", False) else None

    @staticmethod
    def resolve_contact_email(obj: Organisation) -> str | None:
        return obj.contact_email if getattr(obj, "show_people", False) else None


Name = Annotated[SafeText, Field(min_length=1, max_length=100)]
ShortName = Annotated[SafeText, Field(max_length=30)]
Uscc = Annotated[SafeText, Field(max_length=18)]
PlaceIds = Annotated[list[Id], Field(max_length=200)]
FieldsOfWork = Annotated[list[Annotated[SafeText, Field(max_length=30)]], Field(max_length=20)]
ContactName = Annotated[SafeText, Field(max_length=50)]
Phone = Annotated[SafeText, Field(max_length=20)]
Email = Annotated[SafeText, Field(max_length=254)]
Website = Annotated[SafeText, Field(max_length=200)]
Description = Annotated[SafeText, Field(max_length=2000)]


class OrganisationIn(Schema):
    name: Name
    short_name: ShortName = ""
    kind: OrganisationKind
    uscc: Uscc | None = None
    registered_on: date | None = None
    home_place_id: Id | None = None
    service_place_ids: PlaceIds = []
    fields_of_work: FieldsOfWork = []
    contact_name: ContactName = ""
    contact_phone: Phone = ""
    contact_email: Email = ""
    website: Website = ""
    description: Description = ""


class OrganisationPatch(Schema):
    """Only the fields sent are changed. ``null`` clears a field; ``name`` and ``kind`` cannot be
    cleared."""

    name: Name | None = None
    short_name: ShortName | None = None
    kind: OrganisationKind | None = None
    uscc: Uscc | None = None
    registered_on: date | None = None
    home_place_id: Id | None = None
    service_place_ids: PlaceIds | None = None
    fields_of_work: FieldsOfWork | None = None
    contact_name: ContactName | None = None
    contact_phone: Phone | None = None
    contact_email: Email | None = None
    website: Website | None = None
    description: Description | None = None


class OrganisationFilters(Schema):
    search: SearchText = ""
    kind: OrganisationKind | None = None
    place: Id | None = None
    page: PageNumber = 1
    page_size: PageSize = 20


_REQUIRED = ("name", "kind")
_BLANKABLE = ("short_name", "contact_name", "contact_phone", "contact_email", "website", "description")
_REFS = ("home_place_id", "service_place_ids", "fields_of_work")


def _detail(request: HttpRequest, pk: int) -> Organisation:
    org = get_for_user(
        request.user,
        Organisation.objects.select_related("home_place").prefetch_related("fields_of_work", "service_places"),
        pk,
    )
    org.show_people = can(request.user, "view_people", org)  # read by OrganisationDetailOut
    return org


def _resolve_refs(
    user: Any, payload: dict[str, Any]
) -> tuple[dict[str, Any], list[Place] | None, list[FieldOfWork] | None]:
    """Turn ids and names into objects; unknown ones, and nulls where a value is needed, are
    field errors."""
    errors: dict[str, list[str]] = {}
    data = {k: v for k, v in payload.items() if k not in _REFS}
    for key in _REQUIRED:
        if key in data and data[key] is None:
            errors[key] = [_("此项不能为空。")]
    for key in _BLANKABLE:
        if key in data and data[key] is None:
            data[key] = ""
    if "home_place_id" in payload:
        pid = payload["home_place_id"]
        data["home_place"] = visible_to(user, Place).filter(pk=pid).first() if pid else None
        if pid and data["home_place"] is None:
            errors["home_place_id"] = [_("没有这个地点。")]
    places = None
    if payload.get("service_place_ids") is not None:
        ids = set(payload["service_place_ids"])
        places = list(visible_to(user, Place).filter(pk__in=ids))
        if len(places) != len(ids):
            missing = sorted(ids - {p.pk for p in places})
            errors["service_place_ids"] = [_("没有这些地点:%(ids)s。") % {"ids": ", ".join(map(str, missing))}]
    fields = None
    if payload.get("fields_of_work") is not None:
        names = set(payload["fields_of_work"])
        fields = list(visible_to(user, FieldOfWork).filter(name__in=names))
        if len(fields) != len(names):
            unknown = sorted(names - {f.name for f in fields})
            errors["fields_of_work"] = [_("未知的服务领域:%(names)s。") % {"names": "、".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    return data, places, fields


@router.get("/organisations", response=responses({200: Page[OrganisationOut]}, 422), summary="List organisations")
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> dict[str, Any]:
    """Active organisations (and archived ones the user belongs to), matched by a Chinese
    substring of the name, its full pinyin or its initials; by kind; by place served."""
    place = visible_to(request.user, Place).filter(pk=filters.place).first() if filters.place else None
    if filters.place and place is None:
        return {"count": 0, "page": filters.page, "page_size": filters.page_size, "results": []}
    qs = selectors.organisation_list(user=request.user, query=filters.search, kind=filters.kind or "", place=place)
    return page_of(qs, filters.page, filters.page_size)


@router.get(
    "/organisations/{org_id}",
    response=responses({200: OrganisationDetailOut}, 404, 422),
    summary="One organisation",
)
def get_organisation(request: HttpRequest, org_id: Id) -> Organisation:
    return _detail(request, org_id)


@router.post(
    "/organisations",
    response=responses({201: OrganisationDetailOut}, 400, 403, 422),
    summary="Create an organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status:
    """For programme officers and platform admins."""
    data, places, fields = _resolve_refs(request.user, payload.dict())
    org = organisation_create(by=request.user, data=data, service_places=places, fields_of_work=fields)
    return Status(201, _detail(request, org.pk))


@router.patch(
    "/organisations/{org_id}",
    response=responses({200: OrganisationDetailOut}, 400, 403, 404, 422),
    summary="Change an organisation",
)
def update_organisation(request: HttpRequest, org_id: Id, payload: OrganisationPatch) -> Organisation:
    """For the organisation's admins and platform admins."""
    org = get_for_user(request.user, Organisation, org_id, "change")
    data, places, fields = _resolve_refs(request.user, payload.dict(exclude_unset=True))
    organisation_update(organisation=org, by=request.user, data=data, service_places=places, fields_of_work=fields)
    return _detail(request, org.pk)
