"""Workshops and trainings: events, registrations (with the waiting list), attendance and feedback."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BeforeValidator

from wushe.access.door import get_for_user
from wushe.access.models import Membership
from wushe.access.roles import actor_for
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SafeText, responses
from wushe.orgs.models import Organisation
from wushe.programmes.policies import runs
from wushe.support import attendance_services, event_selectors, registration_services
from wushe.support.feedback_views import feedback_url
from wushe.support.models import AttendanceStatus, Event, EventKind, Registration, RegistrationStatus

router = Router(tags=["events"])


class Ref(Schema):
    id: int
    name: str


class PlaceRef(Schema):
    id: int
    full_name: str


class EventOut(Schema):
    id: int
    programme: Ref
    kind: EventKind
    title: str
    speakers: str
    starts_at: datetime
    ends_at: datetime
    place: PlaceRef | None
    venue: str
    online_url: str
    capacity: int
    registration_closes_at: datetime
    confirmed_count: int

    @staticmethod
    def resolve_registration_closes_at(obj: Event) -> datetime:
        return registration_services.registration_closes_at(obj)


class MaterialOut(Schema):
    id: int
    name: str
    uploaded_at: datetime


class EventDetailOut(EventOut):
    description: str
    waitlisted_count: int
    seats_left: int
    registration_open: bool
    materials: list[MaterialOut]

    @staticmethod
    def resolve_materials(obj: Event) -> list[Any]:
        return list(obj.materials.order_by("uploaded_at", "pk"))

    @staticmethod
    def resolve_seats_left(obj: Event) -> int:
        return max(obj.capacity - getattr(obj, "confirmed_count", 0), 0)

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return registration_services.registration_is_open(obj)


class RegistrationOut(Schema):
    id: int
    event_id: int
    organisation: Ref | None = Field(description="None for a walk-in who came for no organisation")
    name: str
    is_guest: bool
    walk_in: bool = Field(description="Registered at the door by the programme's officers")
    phone: str = Field(description="A guest's mobile number: in full for the programme's officers, masked for others")
    status: RegistrationStatus
    waitlist_position: int | None
    attendance: AttendanceStatus
    checked_in_at: datetime | None

    @staticmethod
    def resolve_organisation(obj: Registration) -> dict[str, Any] | None:
        if obj.organisation is None:
            return None
        return {"id": obj.organisation_id, "name": obj.organisation.display_name}

    @staticmethod
    def resolve_name(obj: Registration) -> str:
        return obj.display_name

    @staticmethod
    def resolve_is_guest(obj: Registration) -> bool:
        return obj.user_id is None

    @staticmethod
    def resolve_phone(obj: Registration) -> str:
        return getattr(obj, "shown_phone", "")


class RegistrationCreatedOut(RegistrationOut):
    message: str

    @staticmethod
    def resolve_message(obj: Registration) -> str:
        return registration_services.registration_outcome(obj)


class FeedbackSummaryOut(Schema):
    count: int
    attended: int
    response_rate: int | None = Field(description="Feedback received per attendee, in per cent")
    satisfaction: float | None = Field(description="Mean satisfaction, 1–5")
    usefulness: float | None = Field(description="Mean usefulness, 1–5")
    satisfaction_distribution: list[int] = Field(description="How many gave 1, 2, 3, 4 and 5")
    usefulness_distribution: list[int] = Field(description="How many gave 1, 2, 3, 4 and 5")
    comments: list[str]
    feedback_link: str = Field(
        description="The public questionnaire for everyone who came, guests and walk-ins included: "
        "show it as a QR code at the end of the event"
    )
    feedback_link_open: bool = Field(description="Whether the link takes answers now")
    feedback_link_closes_at: datetime = Field(description="30 days after the end of the event")


class FeedbackLinkOut(Schema):
    feedback_link: str


class FeedbackOut(Schema):
    id: int
    registration_id: int
    satisfaction: int
    usefulness: int
    comments: str
    created_at: datetime


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: pydantic would also take a number as a Unix time."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError(_("请输入有效的日期,格式为 YYYY-MM-DD。"))


Day = Annotated[date, BeforeValidator(_iso_day)]


class EventFilters(Schema):
    programme: Id | None = None
    starts_from: Day | None = Field(None, description="Events starting on or after this day (YYYY-MM-DD)")
    starts_to: Day | None = Field(None, description="Events starting on or before this day (YYYY-MM-DD)")
    page: PageNumber = 1
    page_size: PageSize = 20


Name = Annotated[SafeText, Field(max_length=50)]
Phone = Annotated[SafeText, Field(max_length=20)]
Score = Annotated[int, Field(ge=1, le=5)]


class RegistrationIn(Schema):
    organisation_id: Id
    user_id: Id | None = Field(None, description="A member of the organisation; or leave out and name a guest")
    guest_name: Name = ""
    guest_phone: Phone = ""


class WalkInIn(Schema):
    organisation_id: Id | None = Field(None, description="Any active organisation; leave out for none")
    guest_name: Name
    guest_phone: Phone
    attended: bool = Field(False, description="Check them in at once (from an hour before the start)")
    waitlist: bool = Field(False, description="When every seat is taken, put them on the waiting list")


class WalkInOut(RegistrationOut):
    existing: bool = Field(description="They were registered already: that registration was checked in")
    message: str


class AttendanceIn(Schema):
    registration_id: Id
    status: Literal["present", "late", "no_show", ""]


class FeedbackIn(Schema):
    satisfaction: Score
    usefulness: Score
    comments: Annotated[SafeText, Field(max_length=2000)] = ""


def _events() -> Any:
    return Event.objects.select_related("programme", "place").annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        waitlisted_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )


def _event(request: HttpRequest, pk: int, action: str = "view") -> Event:
    return get_for_user(request.user, _events(), pk, action)


def _with_phone(request: HttpRequest, registration: Registration, event: Event) -> Registration:
    officer = runs(actor_for(request.user), event.programme)
    registration.shown_phone = event_selectors.shown_phone(registration, officer)  # type: ignore[attr-defined]
    return registration


@router.get("/events", response=responses({200: Page[EventOut]}, 422), summary="List events")
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> dict[str, Any]:
    qs = event_selectors.event_list(
        user=request.user,
        programme_id=filters.programme,
        when="all",
        starts_from=filters.starts_from,
        starts_to=filters.starts_to,
    )
    return page_of(qs, filters.page, filters.page_size)


@router.get("/events/{event_id}", response=responses({200: EventDetailOut}, 404, 422), summary="One event")
def get_event(request: HttpRequest, event_id: Id) -> Event:
    return _event(request, event_id)


@router.get(
    "/events/{event_id}/registrations",
    response=responses({200: list[RegistrationOut]}, 404, 422),
    summary="Registrations one may see: all (officers), one's organisation's, or one's own",
)
def list_registrations(request: HttpRequest, event_id: Id) -> list[Registration]:
    event = _event(request, event_id)
    officer = runs(actor_for(request.user), event.programme)
    return event_selectors.registrations_for(request.user, event, officer)


@router.post(
    "/events/{event_id}/registrations",
    response=responses({201: RegistrationCreatedOut}, 400, 403, 404, 422),
    summary="Register a member or a guest (confirmed while seats are left, else waitlisted)",
)
def create_registration(request: HttpRequest, event_id: Id, payload: RegistrationIn) -> Status:
    event = _event(request, event_id, "register")
    organisation = get_for_user(request.user, Organisation, payload.organisation_id)
    user = None
    if payload.user_id is not None:
        membership = (
            Membership.objects.select_related("user").filter(organisation=organisation, user_id=payload.user_id).first()
        )
        if membership is None:
            raise ValidationError({"user_id": [_("只能为本机构的成员报名;其他人请作为来宾填写姓名和手机号。")]})
        user = membership.user
    registration = registration_services.registration_add(
        event=event,
        organisation=organisation,
        by=request.user,
        user=user,
        guest_name=payload.guest_name,
        guest_phone=payload.guest_phone,
    )
    return Status(201, _with_phone(request, registration, event))


@router.post(
    "/events/{event_id}/walk-ins",
    response=responses({200: WalkInOut, 201: WalkInOut}, 400, 403, 404, 422),
    summary="Register someone at the door (the programme's officers)",
    description="For any active organisation or for none. 201 for a new registration; 200 when the "
    "mobile number was registered already and that registration was checked in instead. A full event "
    "answers 422 unless `waitlist` is set.",
)
def create_walk_in(request: HttpRequest, event_id: Id, payload: WalkInIn) -> Status:
    event = _event(request, event_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = get_for_user(request.user, Organisation, payload.organisation_id)
    result = registration_services.registration_walk_in(
        event=event,
        by=request.user,
        organisation=organisation,
        guest_name=payload.guest_name,
        guest_phone=payload.guest_phone,
        attended=payload.attended,
        waitlist=payload.waitlist,
    )
    registration = _with_phone(request, result.registration, event)
    registration.existing = result.existing  # type: ignore[attr-defined]
    registration.message = result.message()  # type: ignore[attr-defined]
    return Status(200 if result.existing else 201, registration)


@router.get(
    "/events/{event_id}/attendance",
    response=responses({200: list[RegistrationOut]}, 403, 404, 422),
    summary="The attendance sheet: every confirmed registration (officers)",
)
def list_attendance(request: HttpRequest, event_id: Id) -> list[Registration]:
    return event_selectors.attendance_sheet(user=request.user, pk=event_id)["rows"]


@router.post(
    "/events/{event_id}/attendance",
    response=responses({200: RegistrationOut}, 400, 403, 404, 422),
    summary="Mark one attendee present, late or no-show (officers)",
)
def mark_attendance(request: HttpRequest, event_id: Id, payload: AttendanceIn) -> Registration:
    event = _event(request, event_id)
    registration = get_for_user(
        request.user,
        Registration.objects.filter(event=event).select_related("organisation", "user", "event__programme"),
        payload.registration_id,
        "mark_attendance",
    )
    registration = attendance_services.attendance_mark(
        registration=registration, status=payload.status, by=request.user
    )
    return _with_phone(request, registration, event)


@router.get(
    "/events/{event_id}/feedback",
    response=responses({200: FeedbackSummaryOut}, 403, 404, 422),
    summary="Feedback summary: counts, means, distributions and comments (officers)",
)
def feedback_summary(request: HttpRequest, event_id: Id) -> dict[str, Any]:
    event = _event(request, event_id, "view_feedback")
    summary = event_selectors.feedback_summary(event)
    return {
        **summary,
        "satisfaction_distribution": summary["distribution"]["satisfaction"],
        "usefulness_distribution": summary["distribution"]["usefulness"],
        "feedback_link": feedback_url(request, event),
        "feedback_link_open": attendance_services.feedback_link_is_open(event),
        "feedback_link_closes_at": attendance_services.feedback_link_closes_at(event),
    }


@router.post(
    "/events/{event_id}/feedback-link",
    response=responses({200: FeedbackLinkOut}, 403, 404, 422),
    summary="Renew the event's feedback link; the old link stops working (the programme's officers)",
)
def renew_feedback_link(request: HttpRequest, event_id: Id) -> dict[str, str]:
    event = _event(request, event_id, "take_attendance")
    event = attendance_services.feedback_link_renew(event=event, by=request.user)
    return {"feedback_link": feedback_url(request, event)}


@router.post(
    "/events/{event_id}/feedback",
    response=responses({201: FeedbackOut}, 400, 403, 404, 409, 422),
    summary="Submit one's own feedback, once, after attending",
)
def submit_feedback(request: HttpRequest, event_id: Id, payload: FeedbackIn) -> Status:
    event = _event(request, event_id)
    registration = event_selectors.own_registration(event, request.user)
    if registration is None:
        raise ValidationError(_("你没有报名这个活动,不能填写反馈。"))
    try:
        feedback = attendance_services.feedback_submit(
            registration=registration,
            by=request.user,
            satisfaction=payload.satisfaction,
            usefulness=payload.usefulness,
            comments=payload.comments,
        )
    except attendance_services.FeedbackExists as exc:
        return Status(409, {"detail": exc.messages[0]})
    return Status(201, feedback)
