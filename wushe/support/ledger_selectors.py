"""Reads for the support ledgers: an organisation's support history and a programme's counts,
workload and grantees not yet visited. Each ledger is a fixed number of queries however many
activities there are (counts by kind and month are one GROUP BY)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wushe.access.door import get_for_user, visible_to
from wushe.access.roles import actor_for
from wushe.grants.models import Grant
from wushe.orgs.models import Organisation
from wushe.programmes.models import Programme
from wushe.proposals.models import Proposal, ProposalStatus
from wushe.support.models import (
    ActivityStatus,
    AttendanceStatus,
    Event,
    EventKind,
    FollowUp,
    Registration,
    SupportActivity,
)
from wushe.support.policies import ledger_level, reads_organisation_ledger
from wushe.support.selectors import (
    BUILT_IN_KIND_LABELS,
    activity_list,
    event_url,
    hours,
    people_shown,
    usable_kinds,
)
from wushe.support.services import FIELD_VISIT

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
HISTORY_LIMIT = 300


# --- the organisation's ledger --------------------------------------------------------------


@dataclass
class LedgerEntry:
    """One line of an organisation's support history: an activity received or an event attended."""

    source: str  # "activity" or "event"
    pk: int
    when: datetime
    kind: str
    topic: str
    minutes: int
    status: str
    status_display: str
    programme: str
    url: str
    attendees: int = 0

    @property
    def hours(self) -> float:
        return hours(self.minutes)


def organisation_for_ledger(*, user: Any, pk: Any) -> Organisation:
    """The organisation whose ledger ``user`` may read; anyone else is told it is not there."""
    organisation = get_for_user(user, Organisation, pk)
    if not reads_organisation_ledger(actor_for(user), organisation):
        raise Http404
    return organisation


def _events_of(organisation: Organisation, user: Any) -> QuerySet[Event]:
    """Events the organisation's people attended (present or late), each with how many of them
    came; for a programme officer, only those of the programmes they run."""
    actor = actor_for(user)
    attended = Registration.objects.filter(organisation=organisation, attendance__in=ATTENDED)
    qs = Event.objects.filter(pk__in=attended.values("event_id"))
    if not (actor.platform_admin or actor.is_member(organisation.pk)):
        qs = qs.filter(programme__support_organisation_id__in=actor.officer_of)
    return qs.select_related("programme").annotate(
        attendees=Count(
            "registrations",
            filter=Q(registrations__organisation=organisation, registrations__attendance__in=ATTENDED),
        )
    )


def organisation_ledger(*, user: Any, organisation: Organisation, limit: int = HISTORY_LIMIT) -> dict[str, Any]:
    """An organisation's support history in time order (newest first, at most ``limit`` lines),
    its hours, open follow-ups and totals by kind. Hours count what was held or attended."""
    received = activity_list(user=user, organisation_id=organisation.pk).exclude(status=ActivityStatus.CANCELLED)
    plain = received.prefetch_related(None).order_by()
    by_kind = list(
        plain.filter(status=ActivityStatus.HELD)
        .values("kind_id", "kind__code", "kind__name", "kind__programme_id", "kind__order")
        .annotate(count=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by("kind__order", "kind_id")
    )
    kind_rows = [
        {
            "kind": _kind_name_from_values(row),
            "code": row["kind__code"],
            "count": row["count"],
            "hours": hours(row["minutes"]),
        }
        for row in by_kind
    ]
    events = list(_events_of(organisation, user).order_by("-starts_at", "-pk"))
    event_rows: dict[str, dict[str, Any]] = {}
    for event in events:
        row = event_rows.setdefault(
            event.kind, {"kind": str(EventKind(event.kind).label), "count": 0, "attendees": 0, "minutes": 0}
        )
        row["count"] += 1
        row["attendees"] += getattr(event, "attendees", 0)
        row["minutes"] += _event_minutes(event)
    for row in event_rows.values():
        row["hours"] = hours(row.pop("minutes"))

    # The history shows each activity's time, kind, topic, programme, hours and status: read just
    # those columns as plain values (no model instances, summaries, people or places), and build
    # each line without per-line lookups.
    lines = received.prefetch_related(None).select_related(None).values(*LEDGER_LINE_FIELDS)
    url = _url_for("activity-detail")
    statuses = {value: str(label) for value, label in ActivityStatus.choices}
    entries = [_activity_entry(line, url, statuses) for line in lines[:limit]]
    entries += [_event_entry(event) for event in events[:limit]]
    entries.sort(key=lambda e: (e.when, e.pk), reverse=True)
    activity_minutes = sum(row["minutes"] or 0 for row in by_kind)
    event_minutes = sum(_event_minutes(event) for event in events)
    open_follow_ups = list(
        visible_to(user, FollowUp)
        .filter(done=False, activity__in=plain.values("pk"))
        .select_related("owner", "activity__kind")
        .order_by("due_on", "pk")
    )
    today = timezone.localdate()
    for follow_up in open_follow_ups:
        setattr(follow_up, "overdue", follow_up.due_on < today)  # noqa: B010
    return {
        "organisation": organisation,
        "entries": entries[:limit],
        "truncated": len(entries) > limit,
        "limit": limit,
        "kind_rows": kind_rows,
        "event_rows": list(event_rows.values()),
        "activity_count": sum(row["count"] for row in by_kind),
        "event_count": len(events),
        "activity_hours": hours(activity_minutes),
        "event_hours": hours(event_minutes),
        "total_hours": hours(activity_minutes + event_minutes),
        "open_follow_ups": open_follow_ups,
    }


def _kind_name_from_values(row: Mapping[str, Any]) -> str:
    if row["kind__programme_id"] is None and row["kind__code"] in BUILT_IN_KIND_LABELS:
        return str(BUILT_IN_KIND_LABELS[row["kind__code"]])
    return row["kind__name"]


def _event_minutes(event: Event) -> int:
    return max(0, int((event.ends_at - event.starts_at).total_seconds() // 60))


LEDGER_LINE_FIELDS = (
    "id",
    "starts_at",
    "topic",
    "duration_minutes",
    "status",
    "kind__code",
    "kind__name",
    "kind__programme_id",
    "programme__name",
    "programme__short_name",
)
_PK = 918273645  # stands for the object's id in a URL reversed once for many objects


def _url_for(name: str) -> Any:
    """``url(pk)`` for the view ``name``, reversing once rather than once per line."""
    pattern = reverse(name, args=[_PK])
    return lambda pk: pattern.replace(str(_PK), str(pk))


def _activity_entry(line: Mapping[str, Any], url: Any, statuses: Mapping[str, str]) -> LedgerEntry:
    """A history line from the values of :data:`LEDGER_LINE_FIELDS`."""
    return LedgerEntry(
        source="activity",
        pk=line["id"],
        when=line["starts_at"],
        kind=_kind_name_from_values(line),
        topic=line["topic"],
        minutes=line["duration_minutes"],
        status=line["status"],
        status_display=statuses.get(line["status"], line["status"]),
        programme=line["programme__short_name"] or line["programme__name"],
        url=url(line["id"]),
    )


def _event_entry(event: Event) -> LedgerEntry:
    return LedgerEntry(
        source="event",
        pk=event.pk,
        when=event.starts_at,
        kind=str(EventKind(event.kind).label),
        topic=event.title,
        minutes=_event_minutes(event),
        status="attended",
        status_display=str(_("已参加")),
        programme=event.programme.display_name,
        url=event_url(event),
        attendees=getattr(event, "attendees", 0),
    )


# --- the programme's ledger -----------------------------------------------------------------


def programme_for_ledger(*, user: Any, pk: Any) -> tuple[Programme, str]:
    """The programme and how much of its ledger ``user`` may read (404 if the programme is not
    visible, 403 if its ledger is not theirs to read)."""
    from django.core.exceptions import PermissionDenied

    programme = get_for_user(user, Programme.objects.select_related("support_organisation"), pk)
    level = ledger_level(actor_for(user), programme)
    if level is None:
        raise PermissionDenied(_("你没有查看该资助计划专业支持台账的权限。"))
    return programme, level


def programme_ledger(*, programme: Programme, level: str) -> dict[str, Any]:
    """Counts by kind and by month (one GROUP BY), totals, staff workload and the grantees not
    yet visited. ``level`` is what :func:`programme_for_ledger` answered: "full" shows
    everything; "funder" and "aggregate" leave out the names of staff and organisations."""
    activities = SupportActivity.objects.filter(programme=programme)
    held = activities.filter(status=ActivityStatus.HELD)
    kinds = usable_kinds(programme)

    # Counts by kind and month: one aggregate over the (programme, kind, starts_at) index.
    cells = (
        held.order_by()
        .annotate(month=TruncMonth("starts_at"))
        .values("month", "kind_id")
        .annotate(count=Count("pk"), minutes=Sum("duration_minutes"))
    )
    by_month: dict[date, dict[int, int]] = {}
    kind_totals: dict[int, dict[str, int]] = {}
    for cell in cells:
        month = _as_date(cell["month"])
        by_month.setdefault(month, {})[cell["kind_id"]] = cell["count"]
        total = kind_totals.setdefault(cell["kind_id"], {"count": 0, "minutes": 0})
        total["count"] += cell["count"]
        total["minutes"] += cell["minutes"] or 0
    used_kinds = [k for k in kinds if k.pk in kind_totals] or kinds[:5]
    month_rows = [
        {
            "month": month,
            "counts": [by_month[month].get(k.pk, 0) for k in used_kinds],
            "total": sum(by_month[month].values()),
        }
        for month in sorted(by_month)
    ]
    kind_rows = [
        {
            "kind": getattr(k, "label", k.name),
            "code": k.code,
            "count": kind_totals.get(k.pk, {}).get("count", 0),
            "hours": hours(kind_totals.get(k.pk, {}).get("minutes", 0)),
        }
        for k in kinds
    ]
    status_counts = activities.aggregate(
        planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
        cancelled=Count("pk", filter=Q(status=ActivityStatus.CANCELLED)),
    )
    through = SupportActivity.organisations.through.objects
    served = (
        through.filter(supportactivity__programme=programme, supportactivity__status=ActivityStatus.HELD)
        .values("organisation_id")
        .distinct()
        .count()
    )
    today = timezone.localdate()
    follow_ups = FollowUp.objects.filter(activity__programme=programme).aggregate(
        open=Count("pk", filter=Q(done=False)),
        overdue=Count("pk", filter=Q(done=False, due_on__lt=today)),
        done=Count("pk", filter=Q(done=True)),
    )
    event_totals = Event.objects.filter(programme=programme).aggregate(count=Count("pk"))
    attended = Registration.objects.filter(event__programme=programme, attendance__in=ATTENDED).count()

    grantees = _grantees(programme)
    not_visited = [org for org in grantees if not getattr(org, "visited", False)]
    total_held = sum(t["count"] for t in kind_totals.values())
    ledger: dict[str, Any] = {
        "programme": programme,
        "level": level,
        "kinds": used_kinds,
        "kind_rows": kind_rows,
        "month_rows": month_rows,
        "held_count": total_held,
        "held_hours": hours(sum(t["minutes"] for t in kind_totals.values())),
        "planned_count": status_counts["planned"],
        "cancelled_count": status_counts["cancelled"],
        "organisations_served": served,
        "follow_ups": follow_ups,
        "event_count": event_totals["count"],
        "attendance_count": attended,
        "grantee_count": len(grantees),
        "not_visited_count": len(not_visited),
        "workload": [],
        "not_visited": [],
    }
    if level == "full":
        ledger["workload"] = staff_workload(programme)
        ledger["not_visited"] = not_visited
    return ledger


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def staff_workload(programme: Programme) -> list[dict[str, Any]]:
    """Held activities and hours per member of staff, busiest first (one GROUP BY)."""
    rows = (
        SupportActivity.staff.through.objects.filter(
            supportactivity__programme=programme, supportactivity__status=ActivityStatus.HELD
        )
        .values("user_id", "user__name")
        .annotate(count=Count("supportactivity_id"), minutes=Sum("supportactivity__duration_minutes"))
        .order_by("-minutes", "user__name")
    )
    return [
        {"user_id": r["user_id"], "name": r["user__name"], "count": r["count"], "hours": hours(r["minutes"])}
        for r in rows
    ]


def _grantees(programme: Programme) -> list[Organisation]:
    """Organisations with an approved proposal or a grant in the programme, each marked
    ``visited`` when a field visit of the programme was held with them (one query)."""
    # One IN over a UNION, not two INs joined by OR: with OR, PostgreSQL filters every organisation
    # (and estimates such a cost that it compiles the query first, for most of a second).
    with_grant = Grant.objects.filter(programme=programme).order_by().values("organisation_id")
    approved = Proposal.objects.filter(call__programme=programme, status=ProposalStatus.APPROVED).order_by()
    grantee = Q(pk__in=with_grant.union(approved.values("organisation_id")))
    visits = SupportActivity.organisations.through.objects.filter(
        organisation_id=OuterRef("pk"),
        supportactivity__programme=programme,
        supportactivity__kind__code=FIELD_VISIT,
        supportactivity__status=ActivityStatus.HELD,
    )
    return list(
        Organisation.objects.filter(grantee)
        .annotate(visited=Exists(visits))
        .only("id", "name", "short_name")
        .order_by("name", "pk")
    )


def programme_activity_rows(programme: Programme) -> QuerySet[SupportActivity]:
    """Every activity of the programme for the export, oldest first, read in chunks."""
    return (
        SupportActivity.objects.filter(programme=programme)
        .select_related("kind", "place")
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.only("id", "name", "short_name")),
            Prefetch("staff", queryset=people_shown()),
        )
        .order_by("starts_at", "pk")
    )
