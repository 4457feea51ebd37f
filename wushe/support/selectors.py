"""Reads for support activities: the activity list and page, the kinds a programme may use, the
organisations an activity may serve (suggested by the form's picker) and follow-ups, plus the
labels and time helpers the ledger and calendar reads share. (Ledgers are read by
``ledger_selectors``, calendars and feeds by ``calendar_selectors``.) Every read is scoped by
the access door."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wushe.access.door import can, can_create, get_for_user, visible_to
from wushe.grants.models import Grant
from wushe.orgs.models import Organisation, OrganisationQuerySet
from wushe.orgs.selectors import suggest_organisations
from wushe.programmes.models import Programme
from wushe.proposals.models import Proposal, ProposalStatus
from wushe.support.models import (
    ActivityAttachment,
    ActivityKind,
    ActivityStatus,
    Event,
    FollowUp,
    Registration,
    SupportActivity,
)

# The built-in kinds' names as the interface says them (the database keeps the Chinese name).
BUILT_IN_KIND_LABELS = {
    "plan_coaching": _("项目实施方案辅导"),
    "training": _("专题培训"),
    "field_visit": _("实地走访监测"),
    "roundtable": _("圆桌辅导会"),
    "consultation": _("一对一咨询"),
}


def kind_label(kind: ActivityKind) -> str:
    if kind.programme_id is None and kind.code in BUILT_IN_KIND_LABELS:
        return str(BUILT_IN_KIND_LABELS[kind.code])
    return kind.name


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the end of ``last``, in local time."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


# --- activities -----------------------------------------------------------------------------


def activity_list(
    *,
    user: Any,
    programme_id: int | None = None,
    organisation_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[SupportActivity]:
    """Activities the user may see, latest first, with what a list shows fetched up front."""
    qs = visible_to(user, SupportActivity).select_related("kind", "programme", "place")
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if organisation_id:
        through = SupportActivity.organisations.through.objects.filter(organisation_id=organisation_id)
        qs = qs.filter(pk__in=through.values("supportactivity_id"))
    if kind:
        qs = qs.filter(kind__code=kind)
    if status:
        qs = qs.filter(status=status)
    if date_from and date_from > date.min:
        qs = qs.filter(starts_at__gte=day_bounds(date_from, date_from)[0])
    if date_to and date_to < date.max:
        qs = qs.filter(starts_at__lt=day_bounds(date_to, date_to)[1])
    return qs.prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.only("id", "name", "short_name")),
        Prefetch("staff", queryset=people_shown()),
    ).order_by("-starts_at", "-pk")


def people_shown() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.only("id", "name").order_by("name", "pk")


def activity_detail(*, user: Any, pk: Any) -> dict[str, Any]:
    activity = get_for_user(
        user,
        SupportActivity.objects.select_related("kind", "programme__support_organisation", "place", "created_by"),
        pk,
    )
    can_change = can(user, "change", activity)
    return {
        "activity": activity,
        "kind_name": kind_label(activity.kind),
        "organisations": list(activity.organisations.order_by("name")),
        "staff": list(activity.staff.order_by("name", "pk")),
        "proposals": list(visible_to(user, activity.proposals.all()).order_by("pk")),
        "grants": list(visible_to(user, activity.grants.all()).order_by("pk")),
        "coaching_rounds": list(
            visible_to(user, activity.coaching_rounds.select_related("proposal")).order_by("proposal_id", "number")
        ),
        "follow_ups": list(visible_to(user, activity.follow_ups.select_related("owner")).order_by("done", "due_on")),
        "attachments": list(visible_to(user, activity.attachments.select_related("uploaded_by"))),
        "can_attach": can_create(user, ActivityAttachment, activity),
        "show_private": can(user, "view_private", activity),
        "can_change": can_change,
        "can_add_follow_up": can_change and activity.status != ActivityStatus.CANCELLED,
        "can_mark_held": can_change
        and activity.status == ActivityStatus.PLANNED
        and activity.starts_at <= timezone.now(),
        "can_cancel": can_change and activity.status == ActivityStatus.PLANNED,
    }


def usable_kinds(programme: Programme) -> list[ActivityKind]:
    kinds = list(
        ActivityKind.objects.filter(Q(programme__isnull=True) | Q(programme=programme)).order_by("order", "pk")
    )
    for kind in kinds:
        setattr(kind, "label", kind_label(kind))  # noqa: B010  (shown by the templates)
    return kinds


# --- the organisations an activity serves --------------------------------------------------

SUGGESTION_LIMIT = 20


def servable_organisations() -> OrganisationQuerySet:
    """The organisations an activity may serve: any active one, since officers also coach
    organisations that have not applied yet. The activity service refuses the others and the
    form's picker suggests none of them."""
    return Organisation.objects.active()


def takes_part_in(programme: Programme) -> Q:
    """Organisations that took part in the programme: applicants (once submitted), grantees,
    those its activities served and those registered for its events. Subqueries, not joins."""
    applied = Proposal.objects.filter(call__programme=programme).exclude(status=ProposalStatus.DRAFT)
    grantees = Grant.objects.filter(programme=programme)
    served = SupportActivity.organisations.through.objects.filter(supportactivity__programme=programme)
    registered = Registration.objects.filter(event__programme=programme)
    return (
        Q(pk__in=applied.values("organisation_id"))
        | Q(pk__in=grantees.values("organisation_id"))
        | Q(pk__in=served.values("organisation_id"))
        | Q(pk__in=registered.values("organisation_id"))
    )


def organisation_suggestions(
    *, programme: Programme, query: str, exclude: list[int] | None = None, limit: int = SUGGESTION_LIMIT
) -> tuple[list[Organisation], bool]:
    """Up to ``limit`` organisations an activity of ``programme`` may serve whose name or short
    name matches ``query`` (Chinese, full pinyin or initials), leaving out ``exclude`` (those
    already chosen); those taking part in the programme come first, each marked ``in_programme``.
    Also whether more matched. One query, however many organisations there are."""
    part = Case(When(takes_part_in(programme), then=Value(True)), default=Value(False), output_field=BooleanField())
    organisations = (
        servable_organisations().annotate(in_programme=part).order_by("-in_programme", "search_pinyin", "pk")
    )
    return suggest_organisations(organisations, query=query, limit=limit, exclude=exclude or [])


# --- follow-ups -----------------------------------------------------------------------------


def follow_up_list(
    *,
    user: Any,
    owner_only: bool = False,
    open_only: bool = False,
    programme_id: int | None = None,
    activity_id: int | None = None,
) -> QuerySet[FollowUp]:
    qs = visible_to(user, FollowUp).select_related("activity__kind", "activity__programme", "owner")
    if owner_only:
        qs = qs.filter(owner_id=user.pk)
    if open_only:
        qs = qs.filter(done=False)
    if programme_id:
        qs = qs.filter(activity__programme_id=programme_id)
    if activity_id:
        qs = qs.filter(activity_id=activity_id)
    return qs.order_by("done", "due_on", "pk")


def event_url(event: Event) -> str:
    try:
        return reverse("event-detail", args=[event.pk])
    except Exception:  # the events pages may not be installed
        return ""
