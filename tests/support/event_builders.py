"""Builders for the workshop and training tests: an event through the real service, members to
register, and a clock to stand at the door with (freezegun)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from tests.lifecycle import make_programme
from wushe.access.models import MemberRole
from wushe.support.event_services import event_create
from wushe.support.models import Event

_serial = count(1)


def make_event(
    personas: Any,
    *,
    programme: Any = None,
    capacity: int = 10,
    starts_at: datetime | None = None,
    hours: float = 3,
    **data: Any,
) -> Event:
    """A workshop of an active programme run by ``personas.support``, a week from now unless
    ``starts_at`` says otherwise, created by olivia."""
    programme = programme or make_programme(personas)
    starts_at = starts_at or (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    values = {
        "kind": "workshop",
        "title": f"项目设计赋能工作坊{next(_serial)}",
        "speakers": "李老师、王老师",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "place": personas.street,
        "venue": "前门街道社区服务中心三楼",
        "capacity": capacity,
        **data,
    }
    return event_create(programme=programme, by=personas.olivia_officer, data=values)


def make_member(organisation: Any, name: str, role: str = MemberRole.MEMBER) -> Any:
    user = UserFactory(name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
