"""Who may see and act on support activities, their kinds, files and follow-ups, calendar feeds
and the reminder log, and who may read the support ledgers.

Officers of the support organisation running a programme (and platform admins) manage its
activities; the people of the support organisation see them in full, private notes included;
an organisation's people see the activities it received (never the private notes); funders of
the programme see its activities and counts, not private notes; government viewers see the
aggregates of a programme's ledger only. (Events have their own rules in ``event_policies``.)
"""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q, QuerySet

from wushe.access.door import Policy, register
from wushe.access.roles import Actor
from wushe.programmes.models import Programme, ProgrammeFunder
from wushe.programmes.policies import programme_scope, runs
from wushe.support.models import ActivityAttachment, ActivityKind, CalendarFeed, FollowUp, ReminderLog, SupportActivity

LedgerLevel = Literal["full", "funder", "aggregate"]


def support_side(actor: Actor, programme: Programme) -> bool:
    """Officers and people of the support organisation running the programme, platform admins."""
    return runs(actor, programme) or actor.is_member(programme.support_organisation_id)


def funds(actor: Actor, programme: Programme) -> bool:
    return (
        bool(actor.funder_of)
        and ProgrammeFunder.objects.filter(programme=programme, funder_id__in=actor.funder_of).exists()
    )


def ledger_level(actor: Actor, programme: Programme) -> LedgerLevel | None:
    """How much of a programme's support ledger the actor may read: everything, what a funder
    sees (counts and the activities, no private notes, no staff workload), aggregates only, or
    nothing."""
    if support_side(actor, programme):
        return "full"
    if funds(actor, programme):
        return "funder"
    if actor.government_viewer:
        return "aggregate"
    return None


def reads_organisation_ledger(actor: Actor, organisation: Any) -> bool:
    """An organisation's own people, programme officers (who then see what their programmes
    gave it) and platform admins."""
    return actor.platform_admin or actor.is_member(organisation.pk) or actor.programme_officer


def manages_organisation_feed(actor: Actor, organisation: Any) -> bool:
    return actor.is_org_staff(organisation.pk)


def _served_by(org_ids: frozenset[int]) -> QuerySet[Any]:
    through = SupportActivity.organisations.through
    return through.objects.filter(organisation_id__in=org_ids).values("supportactivity_id")


def activity_scope(actor: Actor, prefix: str = "") -> Q:
    """Activities of the programmes one runs or belongs to the support organisation of, those
    delivered or received, and those of the programmes one funds. Subqueries, not joins, so no
    row is repeated."""
    p = prefix
    scope = Q(**{f"{p}programme__support_organisation_id__in": actor.officer_of | actor.org_ids})
    if actor.org_ids:
        scope |= Q(**{f"{p}pk__in": _served_by(actor.org_ids)})
    staffed = SupportActivity.staff.through.objects.filter(user_id=actor.user_id or 0).values("supportactivity_id")
    scope |= Q(**{f"{p}pk__in": staffed})
    if actor.funder_of:
        funded = ProgrammeFunder.objects.filter(funder_id__in=actor.funder_of).values("programme_id")
        scope |= Q(**{f"{p}programme_id__in": funded})
    return scope


@register
class SupportActivityPolicy(Policy):
    model = SupportActivity
    actions = ("view", "change", "view_private", "add_follow_up")

    def scope(self, actor: Actor) -> Q:
        return activity_scope(actor)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        if action == "view_private":
            return support_side(actor, obj.programme)
        return runs(actor, obj.programme)  # change, add_follow_up

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the programme the activity belongs to."""
        return parent is not None and runs(actor, parent)


@register
class ActivityAttachmentPolicy(Policy):
    """A file of an activity is seen by whoever sees the activity; the officers managing the
    activity add and delete files."""

    model = ActivityAttachment
    actions = ("view", "delete")

    def scope(self, actor: Actor) -> Q:
        return activity_scope(actor, "activity__")

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return runs(actor, obj.activity.programme)  # delete

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the activity the file belongs to."""
        return parent is not None and runs(actor, parent.programme)


@register
class ActivityKindPolicy(Policy):
    """The five built-in kinds are known to everyone signed in; a programme's own kinds are
    seen with the programme and added by its officers."""

    model = ActivityKind

    def scope(self, actor: Actor) -> Q:
        return Q(programme__isnull=True) | Q(programme_scope(actor, "programme__"))

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the programme the kind is added to."""
        return parent is not None and runs(actor, parent)


@register
class FollowUpPolicy(Policy):
    """Seen by the support side of the programme, the owner and the organisations served;
    completed by the owner or an officer. Funders see how many are open, not the items."""

    model = FollowUp
    actions = ("view", "complete")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        scope = Q(owner_id=actor.user_id)
        scope |= Q(activity__programme__support_organisation_id__in=actor.officer_of | actor.org_ids)
        if actor.org_ids:
            scope |= Q(activity_id__in=_served_by(actor.org_ids))
        return qs.filter(scope)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return obj.owner_id == actor.user_id or runs(actor, obj.activity.programme)  # complete

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the activity followed up."""
        return parent is not None and runs(actor, parent.programme)


@register
class CalendarFeedPolicy(Policy):
    """A personal feed is its owner's alone; an organisation's feed belongs to its admins and
    staff. Only a hash of the secret is stored, but the feed is still nobody else's business."""

    model = CalendarFeed
    actions = ("view", "revoke")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if not actor.authenticated:
            return qs.none()
        staff_of = [org for org, role in actor.org_roles.items() if actor.is_org_staff(org)]
        return qs.filter(Q(user_id=actor.user_id) | Q(organisation_id__in=staff_of))

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return True  # whoever sees a feed may revoke it

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """Without ``parent``: one's own feed. With an organisation: its admins and staff."""
        if not actor.authenticated:
            return False
        if parent is None:
            return True
        return manages_organisation_feed(actor, parent)


@register
class ReminderLogPolicy(Policy):
    """Bookkeeping for reminders: platform admins may look, nobody writes by hand."""

    model = ReminderLog

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs if actor.platform_admin else qs.none()

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False
