"""Builders for the support activity tests, over the real services: a programme run by
``personas.support``, activities recorded by olivia, and attendance at an event."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from tests.lifecycle import make_programme
from wushe.programmes.models import Programme
from wushe.support.models import AttendanceStatus, Event, Registration, RegistrationStatus, SupportActivity
from wushe.support.services import activity_create


def at(days: int, hour: int = 9, minute: int = 30) -> datetime:
    """``days`` from today (negative: in the past) at a given local time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def make_activity(
    personas: Any,
    programme: Programme | None = None,
    *,
    kind: str = "roundtable",
    days: int = -3,
    minutes: int = 90,
    organisations: Any = None,
    staff: Any = None,
    status: str = "held",
    topic: str = "社区垃圾分类项目设计圆桌",
    **extra: Any,
) -> SupportActivity:
    """An activity of ``programme`` for 三正社工 delivered by olivia, held three days ago unless
    told otherwise."""
    return activity_create(
        by=personas.olivia_officer,
        programme=programme or make_programme(personas),
        kind=kind,
        starts_at=at(days),
        duration_minutes=minutes,
        topic=topic,
        organisations=organisations if organisations is not None else [personas.grantee],
        staff=staff if staff is not None else [personas.olivia_officer],
        status=status,
        summary="讨论了入户宣传的节奏。",
        private_notes="机构负责人近期压力较大,需要多关心。",
        **extra,
    )


def attend(
    event: Event, organisation: Any, by: Any, *, user: Any = None, guest: str = "", late: bool = False
) -> Registration:
    """A confirmed registration of ``organisation`` at ``event``, checked in."""
    return Registration.objects.create(
        event=event,
        organisation=organisation,
        user=user,
        guest_name=guest if user is None else "",
        status=RegistrationStatus.CONFIRMED,
        registered_by=by,
        attendance=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
        checked_in_at=event.starts_at,
    )


def register(event: Event, organisation: Any, by: Any, *, user: Any = None, guest: str = "") -> Registration:
    """A confirmed registration, not (yet) checked in."""
    return Registration.objects.create(
        event=event,
        organisation=organisation,
        user=user,
        guest_name=guest if user is None else "",
        status=RegistrationStatus.CONFIRMED,
        registered_by=by,
    )
