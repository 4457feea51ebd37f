"""Writes for organisations and places. Each is one transaction and checks access."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.core.audit import acting_as
from wushe.core.validators import normalise_phone, normalise_uscc
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind, Place

ORG_FIELDS = (
    "name",
    "short_name",
    "kind",
    "uscc",
    "registered_on",
    "home_place",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "description",
    "logo",
)


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    clean = {k: v for k, v in data.items() if k in ORG_FIELDS}
    for key in ("name", "short_name", "contact_name"):
        if isinstance(clean.get(key), str):
            clean[key] = clean[key].strip()
    if "uscc" in clean:
        clean["uscc"] = normalise_uscc(clean["uscc"] or "") or None
    if clean.get("contact_phone"):
        clean["contact_phone"] = normalise_phone(clean["contact_phone"])
    return clean


def _check_kind_rules(org: Organisation) -> None:
    if not org.uscc and org.kind not in (OrganisationKind.COMMUNITY_GROUP, OrganisationKind.PARTNER):
        raise ValidationError(
            {"uscc": [_("该类型的组织须填写统一社会信用代码;只有社区社会组织(备案)和合作伙伴可以不填。")]}
        )


def _save(
    org: Organisation,
    *,
    service_places: Iterable[Place] | None,
    fields_of_work: Iterable[FieldOfWork] | None,
) -> Organisation:
    org.full_clean()
    _check_kind_rules(org)
    org.save()
    if service_places is not None:
        org.service_places.set(list(service_places))
    if fields_of_work is not None:
        org.fields_of_work.set(list(fields_of_work))
    return org


def organisation_create(
    *,
    by: Any,
    data: dict[str, Any],
    service_places: Iterable[Place] | None = None,
    fields_of_work: Iterable[FieldOfWork] | None = None,
) -> Organisation:
    require_create(by, Organisation)
    with transaction.atomic(), acting_as(by):
        org = Organisation(**_normalise(data))
        return _save(org, service_places=service_places, fields_of_work=fields_of_work)


def organisation_update(
    *,
    organisation: Organisation,
    by: Any,
    data: dict[str, Any],
    service_places: Iterable[Place] | None = None,
    fields_of_work: Iterable[FieldOfWork] | None = None,
) -> Organisation:
    require(by, "change", organisation)
    with transaction.atomic(), acting_as(by):
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        for key, value in _normalise(data).items():
            setattr(org, key, value)
        return _save(org, service_places=service_places, fields_of_work=fields_of_work)


def organisation_set_active(*, organisation: Organisation, by: Any, active: bool) -> Organisation:
    require(by, "archive", organisation)
    with transaction.atomic(), acting_as(by):
        organisation.is_active = active
        organisation.save(update_fields=["is_active", "updated_at"])
        return organisation


def place_create(*, by: Any, name: str, level: int, parent: Place | None, code: str = "") -> Place:
    require_create(by, Place, parent)
    with transaction.atomic(), acting_as(by):
        place = Place(name=name.strip(), level=level, parent=parent, code=code)
        if parent is not None and parent.level != level - 1:
            raise ValidationError({"parent": [_("上级地点的层级不对:须正好高一级。")]})
        if parent is None and level != 1:
            raise ValidationError({"parent": [_("只有区可以没有上级。")]})
        place.full_clean()
        place.save()
        return place
