"""Writes for workshops and trainings themselves: the event and its materials. Registration,
the waiting list and walk-ins are in ``registration_services``; check-in, attendance and
feedback in ``attendance_services``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.core.audit import acting_as, audit_event
from wushe.core.uploads import MATERIALS, check_upload, content_type_for
from wushe.programmes.models import Programme, ProgrammeStatus
from wushe.support.models import Event, EventMaterial
from wushe.support.registration_services import confirmed_count, promote_from_waitlist

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "speakers",
    "starts_at",
    "ends_at",
    "place",
    "venue",
    "online_url",
    "capacity",
    "registration_closes_at",
)


# --- events -----------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = [_("结束时间须晚于开始时间。")]
    if event.registration_closes_at and event.starts_at and event.registration_closes_at > event.starts_at:
        errors["registration_closes_at"] = [_("报名截止时间不能晚于活动开始时间。")]
    if not (event.place_id or event.venue.strip() or event.online_url.strip()):
        errors["venue"] = [_("请填写活动地点或线上会议链接。")]
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["created_by", "programme"])


def event_create(*, programme: Programme, by: Any, data: Mapping[str, Any]) -> Event:
    require_create(by, Event, programme)
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("资助计划已结项,不能再安排活动。"))
    event = Event(programme=programme, created_by=by, **{k: v for k, v in data.items() if k in EVENT_FIELDS})
    _check_event(event)
    with transaction.atomic(), acting_as(by):
        event.save()
        audit_event(obj=event, actor=by, event="event.create", changes={"title": ["", event.title]})
        return event


def event_update(*, event: Event, by: Any, data: Mapping[str, Any]) -> Event:
    """Change an event; its capacity can't drop below the seats already confirmed, and seats
    added go to the waiting list in order."""
    require(by, "change", event)
    with transaction.atomic(), acting_as(by):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = {k: str(getattr(locked, k)) for k in EVENT_FIELDS}
        for key, value in data.items():
            if key in EVENT_FIELDS:
                setattr(locked, key, value)
        _check_event(locked)
        confirmed = confirmed_count(locked)
        if locked.capacity < confirmed:
            raise ValidationError({"capacity": [_("已有 %(n)s 人确认报名,名额不能少于 %(n)s。") % {"n": confirmed}]})
        locked.save()
        promote_from_waitlist(locked, seats=locked.capacity - confirmed, by=by)
        changes = {
            k: [before[k], str(getattr(locked, k))] for k in EVENT_FIELDS if before[k] != str(getattr(locked, k))
        }
        audit_event(obj=locked, actor=by, event="event.update", changes=changes)
        return locked


# --- materials --------------------------------------------------------------------------------


def material_content_type(name: str) -> str:
    return content_type_for(name)


def material_add(*, event: Event, by: Any, upload: Any, name: str = "") -> EventMaterial:
    """Type- and size-checked by extension and the file's first bytes."""
    require_create(by, EventMaterial, event)
    check_upload(upload, allowed=MATERIALS, max_megabytes=20)
    filename = str(getattr(upload, "name", "") or "")
    name = (name or "").strip() or filename.rsplit("/", 1)[-1]
    with transaction.atomic(), acting_as(by):
        material = EventMaterial.objects.create(event=event, file=upload, name=name[:120], uploaded_by=by)
        audit_event(obj=event, actor=by, event="event.material_add", changes={"material": ["", material.name]})
        return material


def material_delete(*, material: EventMaterial, by: Any) -> None:
    require(by, "delete", material)
    with transaction.atomic(), acting_as(by):
        audit_event(
            obj=material.event, actor=by, event="event.material_delete", changes={"material": [material.name, ""]}
        )
        material.file.delete(save=False)
        material.delete()
