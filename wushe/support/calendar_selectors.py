"""Reads for the calendars (a person's, an organisation's, a programme's) and their .ics feeds."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wushe.access.door import visible_to
from wushe.orgs.models import Organisation
from wushe.programmes.models import Programme
from wushe.support.calendar_services import feed_token_hash
from wushe.support.models import (
    ActivityStatus,
    CalendarFeed,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
    SupportActivity,
)
from wushe.support.selectors import day_bounds, event_url, kind_label

# --- the calendar ---------------------------------------------------------------------------


@dataclass
class CalendarItem:
    uid: str
    source: str  # "activity" or "event"
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    status: str
    place: str = ""
    url: str = ""
    description: str = ""

    @property
    def day(self) -> date:
        return timezone.localdate(self.starts_at)


def _activity_item(activity: SupportActivity) -> CalendarItem:
    return CalendarItem(
        uid=f"support-activity-{activity.pk}@wushe",
        source="activity",
        title=activity.topic,
        kind=kind_label(activity.kind),
        starts_at=activity.starts_at,
        ends_at=activity.starts_at + timedelta(minutes=activity.duration_minutes),
        status=activity.status,
        place=activity.place.full_name if activity.place_id and activity.place else "",
        url=reverse("activity-detail", args=[activity.pk]),
        description=f"{kind_label(activity.kind)} · {activity.programme.display_name}",
    )


def _event_item(event: Event) -> CalendarItem:
    where = [event.place.full_name if event.place_id and event.place else "", event.venue]
    return CalendarItem(
        uid=f"support-event-{event.pk}@wushe",
        source="event",
        title=event.title,
        kind=str(EventKind(event.kind).label),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        status="planned",
        place=" ".join(w for w in where if w) or (str(_("线上")) if event.online_url else ""),
        url=event_url(event),
        description=f"{EventKind(event.kind).label} · {event.programme.display_name}",
    )


def _items(
    activities: QuerySet[SupportActivity], events: QuerySet[Event], start: datetime, end: datetime
) -> list[CalendarItem]:
    acts = (
        activities.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("kind", "programme", "place")
    )
    evs = events.filter(starts_at__lt=end, ends_at__gt=start).select_related("programme", "place")
    items = [_activity_item(a) for a in acts] + [_event_item(e) for e in evs]
    items.sort(key=lambda i: (i.starts_at, i.uid))
    return items


def user_calendar(user: Any, start: datetime, end: datetime) -> list[CalendarItem]:
    """Activities the user delivers and events they are registered for (confirmed)."""
    staffed = SupportActivity.staff.through.objects.filter(user_id=user.pk).values("supportactivity_id")
    registered = Registration.objects.filter(user_id=user.pk, status=RegistrationStatus.CONFIRMED).values("event_id")
    return _items(SupportActivity.objects.filter(pk__in=staffed), Event.objects.filter(pk__in=registered), start, end)


def organisation_calendar(
    organisation: Organisation, start: datetime, end: datetime, *, user: Any = None
) -> list[CalendarItem]:
    """Activities the organisation receives and events its people are registered for; with a
    ``user``, narrowed to the activities that user may see."""
    received = SupportActivity.organisations.through.objects.filter(organisation_id=organisation.pk)
    activities = SupportActivity.objects.filter(pk__in=received.values("supportactivity_id"))
    if user is not None:
        activities = visible_to(user, activities)
    registered = Registration.objects.filter(organisation=organisation, status=RegistrationStatus.CONFIRMED)
    return _items(activities, Event.objects.filter(pk__in=registered.values("event_id")), start, end)


def programme_calendar(programme: Programme, start: datetime, end: datetime) -> list[CalendarItem]:
    return _items(
        SupportActivity.objects.filter(programme=programme), Event.objects.filter(programme=programme), start, end
    )


@dataclass
class CalendarView:
    mode: str  # "month" or "week"
    anchor: date
    days: list[date]
    weeks: list[list[date]]
    previous: date
    following: date
    title: str


def calendar_view(mode: str, anchor: date) -> CalendarView:
    """The days a month (whole weeks, Monday first) or a week shows, and where to go next."""
    if mode == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        days = [monday + timedelta(days=i) for i in range(7)]
        sunday = days[-1]
        return CalendarView(
            mode="week",
            anchor=anchor,
            days=days,
            weeks=[days],
            previous=monday - timedelta(days=7),
            following=monday + timedelta(days=7),
            title=str(_("%(first)s 至 %(last)s"))
            % {"first": date_format(monday, "SHORT_DATE_FORMAT"), "last": date_format(sunday, "SHORT_DATE_FORMAT")},
        )
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(anchor.year, anchor.month)
    first = anchor.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return CalendarView(
        mode="month",
        anchor=first,
        days=[d for week in weeks for d in week],
        weeks=weeks,
        previous=previous,
        following=following,
        title=str(_("%(year)d年%(month)d月")) % {"year": anchor.year, "month": anchor.month},
    )


def by_day(items: list[CalendarItem], days: list[date]) -> dict[date, list[CalendarItem]]:
    grouped: dict[date, list[CalendarItem]] = {d: [] for d in days}
    for item in items:
        if item.day in grouped:
            grouped[item.day].append(item)
    return grouped


# --- feeds ----------------------------------------------------------------------------------


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed behind a secret, or None (unknown or revoked)."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user", "organisation")
        .filter(token_hash=feed_token_hash(token), revoked_at__isnull=True)
        .first()
    )


FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 366


def feed_items(feed: CalendarFeed, today: date | None = None) -> list[CalendarItem]:
    """What a feed carries: three months back to a year ahead."""
    today = today or timezone.localdate()
    start, end = day_bounds(today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_FUTURE_DAYS))
    if feed.organisation is not None:
        if not feed.organisation.is_active:
            return []
        return organisation_calendar(feed.organisation, start, end)
    if feed.user is None or not feed.user.is_active:
        return []
    return user_calendar(feed.user, start, end)


def feed_list(*, user: Any) -> list[CalendarFeed]:
    return list(visible_to(user, CalendarFeed).select_related("organisation").order_by("revoked_at", "-created_at"))
