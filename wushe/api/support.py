"""Professional support: activities of the five kinds (and a programme's own kinds), their
follow-ups, and the support ledgers of an organisation and of a programme. Private notes are
only in an activity's detail, and only for the support organisation's people."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import BeforeValidator

from wushe.access.door import get_for_user
from wushe.api.pagination import page_of
from wushe.api.schemas import Id, Page, PageNumber, PageSize, SafeText, responses
from wushe.programmes.models import Programme
from wushe.support import ledger_selectors, selectors
from wushe.support.followup_services import followup_add, followup_complete
from wushe.support.models import ActivityStatus, FollowUp, SupportActivity
from wushe.support.services import activity_create

router = Router(tags=["support"])


def _iso_day(value: Any) -> Any:
    """Only a calendar date written as YYYY-MM-DD (pydantic would also take a number of seconds)."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return value
    raise ValueError(_("日期格式应为 YYYY-MM-DD。"))


Day = Annotated[date, BeforeValidator(_iso_day)]
KindCode = Annotated[str, Field(min_length=1, max_length=30, pattern=r"^[a-z0-9_]+$")]


class Ref(Schema):
    id: int
    name: str


class KindOut(Schema):
    code: str
    name: str


class _ActivityFields(Schema):
    id: int
    programme: Ref
    kind: KindOut
    status: ActivityStatus
    status_display: str
    starts_at: datetime
    duration_minutes: int
    topic: str
    summary: str
    outcome: str
    place: str | None
    organisations: list[Ref]
    staff: list[Ref]


class ActivityOut(_ActivityFields):
    @staticmethod
    def resolve_programme(obj: SupportActivity) -> dict[str, Any]:
        return {"id": obj.programme_id, "name": obj.programme.display_name}

    @staticmethod
    def resolve_kind(obj: SupportActivity) -> dict[str, str]:
        return {"code": obj.kind.code, "name": selectors.kind_label(obj.kind)}

    @staticmethod
    def resolve_status_display(obj: SupportActivity) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_place(obj: SupportActivity) -> str | None:
        return obj.place.full_name if obj.place_id and obj.place else None

    @staticmethod
    def resolve_organisations(obj: SupportActivity) -> list[dict[str, Any]]:
        return [{"id": o.pk, "name": o.name} for o in obj.organisations.all()]

    @staticmethod
    def resolve_staff(obj: SupportActivity) -> list[dict[str, Any]]:
        return [{"id": p.pk, "name": p.name} for p in obj.staff.all()]


class FollowUpOut(Schema):
    id: int
    activity_id: int
    description: str
    owner: Ref
    due_on: Day
    done: bool
    done_at: datetime | None
    evidence: str
    overdue: bool

    @staticmethod
    def resolve_owner(obj: FollowUp) -> dict[str, Any]:
        return {"id": obj.owner_id, "name": obj.owner.name}

    @staticmethod
    def resolve_overdue(obj: FollowUp) -> bool:
        return not obj.done and obj.due_on < timezone.localdate()


class ActivityDetailOut(_ActivityFields):
    private_notes: str | None = Field(description="only for the support organisation's people; otherwise null")
    proposal_ids: list[int]
    grant_ids: list[int]
    coaching_round_ids: list[int]
    follow_ups: list[FollowUpOut]


class ActivityFilters(Schema):
    programme: Id | None = None
    organisation: Id | None = None
    kind: KindCode | None = None
    status: ActivityStatus | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    page: PageNumber = 1
    page_size: PageSize = 20


class ActivityIn(Schema):
    programme_id: Id
    kind: KindCode = Field(
        description="a built-in code (plan_coaching, training, field_visit, roundtable, "
        "consultation) or one of the programme's own"
    )
    status: ActivityStatus = ActivityStatus.PLANNED
    starts_at: datetime
    duration_minutes: int = Field(description="more than 0, at most 10080 (a week)")
    topic: Annotated[SafeText, Field(min_length=1, max_length=100)]
    organisation_ids: Annotated[list[Id], Field(min_length=1, max_length=200)]
    staff_ids: Annotated[list[Id], Field(min_length=1, max_length=50)]
    summary: Annotated[SafeText, Field(max_length=4000)] = ""
    outcome: Annotated[SafeText, Field(max_length=4000)] = ""
    private_notes: Annotated[SafeText, Field(max_length=4000)] = ""
    place_id: Id | None = None
    proposal_ids: Annotated[list[Id], Field(max_length=200)] = []
    grant_ids: Annotated[list[Id], Field(max_length=200)] = []
    coaching_round_ids: Annotated[list[Id], Field(max_length=200)] = []


class FollowUpFilters(Schema):
    mine: bool = Field(False, description="only those I own")
    open: bool | None = Field(None, description="true: not done; false: done")
    programme: Id | None = None
    activity: Id | None = None
    page: PageNumber = 1
    page_size: PageSize = 20


class FollowUpIn(Schema):
    description: Annotated[SafeText, Field(min_length=1, max_length=200)]
    owner_id: Id
    due_on: Day


class FollowUpCompleteIn(Schema):
    evidence: Annotated[SafeText, Field(min_length=1, max_length=2000)]


class KindCount(Schema):
    kind: str
    code: str
    count: int
    hours: float


class EventKindCount(Schema):
    kind: str
    count: int
    attendees: int
    hours: float


class LedgerEntryOut(Schema):
    source: str = Field(description="activity (support received) or event (workshop or training attended)")
    id: int
    when: datetime
    kind: str
    topic: str
    hours: float
    status: str
    programme: str
    attendees: int


class OrganisationLedgerOut(Schema):
    organisation: Ref
    activity_count: int
    event_count: int
    activity_hours: float
    event_hours: float
    total_hours: float
    by_kind: list[KindCount]
    events_by_kind: list[EventKindCount]
    open_follow_ups: list[FollowUpOut]
    entries: list[LedgerEntryOut]
    truncated: bool


class MonthCount(Schema):
    month: str = Field(description="YYYY-MM")
    counts: dict[str, int] = Field(description="held activities by kind code")
    total: int


class WorkloadOut(Schema):
    user_id: int
    name: str
    count: int
    hours: float


class ProgrammeLedgerOut(Schema):
    programme: Ref
    level: str = Field(description="full (the support organisation), funder, or aggregate (government viewers)")
    held_count: int
    held_hours: float
    planned_count: int
    cancelled_count: int
    organisations_served: int
    follow_ups_open: int
    follow_ups_overdue: int
    event_count: int
    attendance_count: int
    grantee_count: int
    not_visited_count: int
    by_kind: list[KindCount]
    by_month: list[MonthCount]
    staff_workload: list[WorkloadOut] | None = Field(description="full level only")
    not_visited: list[Ref] | None = Field(description="full level only")


# --- activities -----------------------------------------------------------------------------


@router.get(
    "/support-activities",
    response=responses({200: Page[ActivityOut]}, 422),
    summary="List support activities",
)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> dict[str, Any]:
    qs = selectors.activity_list(
        user=request.user,
        programme_id=filters.programme,
        organisation_id=filters.organisation,
        kind=filters.kind,
        status=filters.status,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    return page_of(qs, filters.page, filters.page_size)


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    context = selectors.activity_detail(user=request.user, pk=pk)
    activity = context["activity"]
    return {
        "id": activity.pk,
        "programme": {"id": activity.programme_id, "name": activity.programme.display_name},
        "kind": {"code": activity.kind.code, "name": context["kind_name"]},
        "status": activity.status,
        "status_display": str(activity.get_status_display()),
        "starts_at": activity.starts_at,
        "duration_minutes": activity.duration_minutes,
        "topic": activity.topic,
        "summary": activity.summary,
        "outcome": activity.outcome,
        "place": activity.place.full_name if activity.place else None,
        "organisations": [{"id": o.pk, "name": o.name} for o in context["organisations"]],
        "staff": [{"id": p.pk, "name": p.name} for p in context["staff"]],
        "private_notes": activity.private_notes if context["show_private"] else None,
        "proposal_ids": [p.pk for p in context["proposals"]],
        "grant_ids": [g.pk for g in context["grants"]],
        "coaching_round_ids": [r.pk for r in context["coaching_rounds"]],
        "follow_ups": context["follow_ups"],
    }


@router.get(
    "/support-activities/{activity_id}",
    response=responses({200: ActivityDetailOut}, 404, 422),
    summary="One support activity",
)
def get_activity(request: HttpRequest, activity_id: Id) -> dict[str, Any]:
    return _detail(request, activity_id)


@router.post(
    "/support-activities",
    response=responses({201: ActivityDetailOut}, 400, 403, 404, 422),
    summary="Record a support activity (officers of the programme)",
)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status:
    programme = get_for_user(
        request.user, Programme.objects.select_related("support_organisation"), payload.programme_id
    )
    try:
        activity = activity_create(
            by=request.user,
            programme=programme,
            kind=payload.kind,
            status=payload.status,
            starts_at=payload.starts_at,
            duration_minutes=payload.duration_minutes,
            topic=payload.topic,
            organisations=payload.organisation_ids,
            staff=payload.staff_ids,
            summary=payload.summary,
            outcome=payload.outcome,
            private_notes=payload.private_notes,
            place=payload.place_id,
            proposals=payload.proposal_ids,
            grants=payload.grant_ids,
            coaching_rounds=payload.coaching_round_ids,
        )
    except ValidationError as exc:
        raise _renamed(
            exc,
            {
                "organisations": "organisation_ids",
                "staff": "staff_ids",
                "place": "place_id",
                "proposals": "proposal_ids",
                "grants": "grant_ids",
                "coaching_rounds": "coaching_round_ids",
            },
        ) from None
    return Status(201, _detail(request, activity.pk))


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's field names as the API calls them."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


# --- follow-ups -----------------------------------------------------------------------------


@router.get("/follow-ups", response=responses({200: Page[FollowUpOut]}, 422), summary="List follow-up actions")
def list_follow_ups(request: HttpRequest, filters: Query[FollowUpFilters]) -> dict[str, Any]:
    qs = selectors.follow_up_list(
        user=request.user,
        owner_only=filters.mine,
        programme_id=filters.programme,
        activity_id=filters.activity,
    )
    if filters.open is not None:
        qs = qs.filter(done=not filters.open)
    return page_of(qs, filters.page, filters.page_size)


@router.post(
    "/support-activities/{activity_id}/follow-ups",
    response=responses({201: FollowUpOut}, 400, 403, 404, 422),
    summary="Add a follow-up action to an activity (officers of the programme)",
)
def create_follow_up(request: HttpRequest, activity_id: Id, payload: FollowUpIn) -> Status:
    activity = get_for_user(
        request.user,
        SupportActivity.objects.select_related("programme__support_organisation"),
        activity_id,
        "add_follow_up",
    )
    try:
        follow_up = followup_add(
            activity=activity,
            by=request.user,
            description=payload.description,
            owner=payload.owner_id,
            due_on=payload.due_on,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"owner": "owner_id"}) from None
    return Status(201, FollowUp.objects.select_related("owner").get(pk=follow_up.pk))


@router.post(
    "/follow-ups/{follow_up_id}/complete",
    response=responses({200: FollowUpOut}, 400, 403, 404, 409, 422),
    summary="Mark a follow-up action done, with evidence (its owner or an officer)",
)
def complete_follow_up(request: HttpRequest, follow_up_id: Id, payload: FollowUpCompleteIn) -> Any:
    follow_up = get_for_user(
        request.user, FollowUp.objects.select_related("activity__programme", "owner"), follow_up_id, "complete"
    )
    if follow_up.done:
        return Status(409, {"detail": _("该跟进事项已完成。")})
    done = followup_complete(follow_up=follow_up, by=request.user, evidence=payload.evidence)
    done.owner = follow_up.owner
    return done


# --- ledgers --------------------------------------------------------------------------------


@router.get(
    "/ledgers/organisations/{organisation_id}",
    response=responses({200: OrganisationLedgerOut}, 404, 422),
    summary="An organisation's support ledger (its own people, programme officers)",
)
def organisation_ledger(request: HttpRequest, organisation_id: Id) -> dict[str, Any]:
    organisation = ledger_selectors.organisation_for_ledger(user=request.user, pk=organisation_id)
    ledger = ledger_selectors.organisation_ledger(user=request.user, organisation=organisation)
    return {
        "organisation": {"id": organisation.pk, "name": organisation.name},
        "activity_count": ledger["activity_count"],
        "event_count": ledger["event_count"],
        "activity_hours": ledger["activity_hours"],
        "event_hours": ledger["event_hours"],
        "total_hours": ledger["total_hours"],
        "by_kind": ledger["kind_rows"],
        "events_by_kind": ledger["event_rows"],
        "open_follow_ups": ledger["open_follow_ups"],
        "entries": [
            {
                "source": e.source,
                "id": e.pk,
                "when": e.when,
                "kind": e.kind,
                "topic": e.topic,
                "hours": e.hours,
                "status": e.status,
                "programme": e.programme,
                "attendees": e.attendees,
            }
            for e in ledger["entries"]
        ],
        "truncated": ledger["truncated"],
    }


@router.get(
    "/ledgers/programmes/{programme_id}",
    response=responses({200: ProgrammeLedgerOut}, 403, 404, 422),
    summary="A programme's support ledger: counts by kind and month, workload, grantees not yet visited",
)
def programme_ledger(request: HttpRequest, programme_id: Id) -> dict[str, Any]:
    programme, level = ledger_selectors.programme_for_ledger(user=request.user, pk=programme_id)
    ledger = ledger_selectors.programme_ledger(programme=programme, level=level)
    codes = [k.code for k in ledger["kinds"]]
    full = level == "full"
    return {
        "programme": {"id": programme.pk, "name": programme.name},
        "level": level,
        "held_count": ledger["held_count"],
        "held_hours": ledger["held_hours"],
        "planned_count": ledger["planned_count"],
        "cancelled_count": ledger["cancelled_count"],
        "organisations_served": ledger["organisations_served"],
        "follow_ups_open": ledger["follow_ups"]["open"],
        "follow_ups_overdue": ledger["follow_ups"]["overdue"],
        "event_count": ledger["event_count"],
        "attendance_count": ledger["attendance_count"],
        "grantee_count": ledger["grantee_count"],
        "not_visited_count": ledger["not_visited_count"],
        "by_kind": ledger["kind_rows"],
        "by_month": [
            {
                "month": f"{row['month']:%Y-%m}",
                "counts": dict(zip(codes, row["counts"], strict=True)),
                "total": row["total"],
            }
            for row in ledger["month_rows"]
        ],
        "staff_workload": ledger["workload"] if full else None,
        "not_visited": [{"id": o.pk, "name": o.name} for o in ledger["not_visited"]] if full else None,
    }
