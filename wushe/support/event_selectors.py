"""Reads for workshops and trainings, scoped by the door, with a fixed number of queries per page."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from wushe.access.door import can, get_for_user, visible_to
from wushe.access.models import Membership
from wushe.access.roles import actor_for
from wushe.core.validators import mask_phone
from wushe.orgs.models import Organisation, OrganisationQuerySet
from wushe.orgs.selectors import suggest_organisations
from wushe.programmes.policies import runs
from wushe.support.attendance_services import ATTENDED
from wushe.support.event_policies import registrar_org_ids
from wushe.support.models import AttendanceStatus, Event, Feedback, Registration, RegistrationStatus
from wushe.support.registration_services import registration_closes_at, registration_is_open

CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)
WAITLISTED = Q(registrations__status=RegistrationStatus.WAITLISTED)


def event_list(
    *,
    user: Any,
    programme_id: int | None = None,
    when: str = "upcoming",
    starts_from: Any = None,
    starts_to: Any = None,
) -> QuerySet[Event]:
    """Events the user may see, with their seat counts; ``when`` is upcoming, past or all."""
    qs = (
        visible_to(user, Event)
        .select_related("programme", "place")
        .annotate(confirmed_count=Count("registrations", filter=CONFIRMED))
    )
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if starts_from:
        qs = qs.filter(starts_at__date__gte=starts_from)
    if starts_to:
        qs = qs.filter(starts_at__date__lte=starts_to)
    now = timezone.now()
    if when == "upcoming":
        return qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if when == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return qs.order_by("-starts_at", "-pk")


def event_for(user: Any, pk: Any, action: str = "view") -> Event:
    qs = Event.objects.select_related("programme__support_organisation", "place")
    return get_for_user(user, qs, pk, action)


def shown_phone(registration: Registration, officer: bool) -> str:
    """A guest's phone: in full for the programme's officers, masked for anyone else."""
    return registration.guest_phone if officer else mask_phone(registration.guest_phone)


def registrations_for(user: Any, event: Event, officer: bool) -> list[Registration]:
    """The event's registrations the user may see (an officer: all; an organisation: its own;
    an attendee: their own), cancelled ones left out, each with ``shown_phone``."""
    rows = list(
        visible_to(user, Registration)
        .filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("organisation", "user", "feedback")
        .order_by("status", "waitlist_position", "registered_at", "pk")
    )
    for row in rows:
        row.shown_phone = shown_phone(row, officer)  # type: ignore[attr-defined]
    return rows


def registrar_organisations(user: Any) -> list[Organisation]:
    actor = actor_for(user)
    return list(Organisation.objects.filter(pk__in=registrar_org_ids(actor), is_active=True).order_by("name"))


def registrable_members(organisation: Organisation | None, event: Event) -> list[Any]:
    """Members of ``organisation`` not yet registered for ``event``."""
    if organisation is None:
        return []
    taken = (
        Registration.objects.filter(event=event, user__isnull=False)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("user_id")
    )
    memberships = (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .exclude(user_id__in=taken)
        .select_related("user")
        .order_by("user__name")
    )
    return [m.user for m in memberships]


def seat_counts(event: Event) -> dict[str, int]:
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        checked_in=Count(
            "pk",
            filter=Q(status=RegistrationStatus.CONFIRMED, attendance__in=ATTENDED),
        ),
    )
    counts["left"] = max(event.capacity - counts["confirmed"], 0)
    return counts


def event_detail(*, user: Any, pk: Any, organisation_id: Any = None) -> dict[str, Any]:
    event = event_for(user, pk)
    actor = actor_for(user)
    officer = runs(actor, event.programme)
    registrations = registrations_for(user, event, officer)
    organisations = registrar_organisations(user) if can(user, "register", event) else []
    chosen = next((o for o in organisations if str(o.pk) == str(organisation_id)), None)
    chosen = chosen or (organisations[0] if organisations else None)
    mine = next((r for r in registrations if r.user_id == user.pk), None)
    return {
        "event": event,
        "officer": officer,
        "materials": list(event.materials.select_related("uploaded_by").order_by("uploaded_at", "pk")),
        "confirmed": [r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
        "waitlist": [r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
        "counts": seat_counts(event),
        "registration_open": registration_is_open(event),
        "started": timezone.now() >= event.starts_at,
        "registration_closes_at": registration_closes_at(event),
        "organisations": organisations,
        "organisation": chosen,
        "members": registrable_members(chosen, event),
        "mine": mine,
        "can_feedback": bool(mine and mine.attendance in ATTENDED and not has_feedback(mine)),
        "has_feedback": bool(mine and has_feedback(mine)),
    }


def own_registration(event: Event, user: Any) -> Registration | None:
    """The user's own registration for the event (not a cancelled one), with its feedback if any."""
    return (
        Registration.objects.filter(event=event, user_id=user.pk)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("feedback")
        .first()
    )


def event_for_feedback_code(code: str) -> Event | None:
    """The event whose current feedback link carries ``code``, or None (unknown or renewed)."""
    if not code or len(code) > 24:
        return None
    return Event.objects.filter(feedback_code=code).first()


def has_feedback(registration: Registration) -> bool:
    try:
        registration.feedback  # noqa: B018  (loaded with select_related)
    except Feedback.DoesNotExist:
        return False
    return True


def attendance_sheet(*, user: Any, pk: Any) -> dict[str, Any]:
    event = event_for(user, pk, "take_attendance")
    rows = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("organisation", "user")
        .order_by("organisation__name", "registered_at", "pk")
    )
    for row in rows:
        row.shown_phone = shown_phone(row, officer=True)  # type: ignore[attr-defined]
    tally = dict.fromkeys(AttendanceStatus.values, 0)
    for row in rows:
        tally[row.attendance] += 1
    return {
        "event": event,
        "rows": rows,
        "tally": [(label, tally[value]) for value, label in AttendanceStatus.choices],
        "can_close": timezone.now() >= event.ends_at and tally[AttendanceStatus.UNKNOWN] > 0,
        "statuses": AttendanceStatus.choices,
    }


WALK_IN_MATCHES = 8


def walk_in_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations a walk-in may come for: any active one the officer can see."""
    return cast(OrganisationQuerySet, visible_to(user, Organisation)).active()


def walk_in_matches(*, user: Any, query: str, chosen: Any = None) -> tuple[list[Organisation], bool]:
    """Up to :data:`WALK_IN_MATCHES` organisations matching ``query`` (Chinese, pinyin or
    initials), the one already chosen first so that searching again does not lose it; and
    whether more matched."""
    organisations = walk_in_organisations(user).order_by("name", "pk")
    return suggest_organisations(organisations, query=query, limit=WALK_IN_MATCHES, first=chosen)


def feedback_count(event: Event) -> dict[str, int]:
    """How many answered the questionnaire, of how many who came."""
    return Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, attendance__in=ATTENDED
    ).aggregate(attended=Count("pk"), answered=Count("feedback"))


def feedback_summary(event: Event) -> dict[str, Any]:
    """Counts, means and the spread of both scores, the comments, and the response rate."""
    feedback = Feedback.objects.filter(registration__event=event)
    numbers = feedback.aggregate(count=Count("pk"), satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness"))
    spread = {
        field: dict(feedback.values_list(field).annotate(n=Count("pk")).order_by())
        for field in ("satisfaction", "usefulness")
    }
    attended = feedback_count(event)["attended"]
    comments = list(feedback.exclude(comments="").order_by("created_at", "pk").values_list("comments", flat=True)[:500])
    return {
        "count": numbers["count"],
        "attended": attended,
        "response_rate": round(100 * numbers["count"] / attended) if attended else None,
        "satisfaction": round(numbers["satisfaction"], 2) if numbers["satisfaction"] is not None else None,
        "usefulness": round(numbers["usefulness"], 2) if numbers["usefulness"] is not None else None,
        "distribution": {
            "scores": [1, 2, 3, 4, 5],
            "satisfaction": [spread["satisfaction"].get(i, 0) for i in range(1, 6)],
            "usefulness": [spread["usefulness"].get(i, 0) for i in range(1, 6)],
        },
        "comments": comments,
    }
