"""Who may see and act on workshops and trainings, their registrations and feedback.

- Events of programmes that are not drafts are visible to everyone signed in; the officers of the
  support organisation running the programme (and platform admins) also see drafts' events and
  manage them: edit, materials, attendance, the check-in screen, the feedback summary.
- An organisation's admins and staff register its members and guests, and see and cancel the
  organisation's registrations; an attendee sees and may cancel their own.
- A guest's phone number is shown in full only to the programme's officers; masked to anyone else.
- Feedback is seen by the one who gave it and by the programme's officers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext_lazy

from wushe.access.door import Policy, register
from wushe.access.models import MemberRole
from wushe.access.roles import Actor
from wushe.core.navigation import NavItem
from wushe.core.navigation import register as register_nav
from wushe.programmes.policies import programme_scope, runs
from wushe.support.models import Event, EventMaterial, Feedback, Registration

REGISTRAR_ROLES = (MemberRole.ADMIN, MemberRole.STAFF)


def registrar_org_ids(actor: Actor) -> set[int]:
    """Organisations whose attendees the actor may register: those they are admin or staff of."""
    return {org_id for org_id, role in actor.org_roles.items() if role in REGISTRAR_ROLES}


def runs_event(actor: Actor, event: Event) -> bool:
    return runs(actor, event.programme)


def _event_scope(actor: Actor, prefix: str = "") -> Q:
    return programme_scope(actor, f"{prefix}programme__")


@register
class EventPolicy(Policy):
    model = Event
    actions = ("view", "change", "register", "take_attendance", "view_feedback")

    def scope(self, actor: Actor) -> Q:
        return _event_scope(actor)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        if action == "register":
            return bool(registrar_org_ids(actor))
        return runs_event(actor, obj)  # change, take_attendance, view_feedback

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the programme."""
        return parent is not None and runs(actor, parent)


@register
class EventMaterialPolicy(Policy):
    model = EventMaterial
    actions = ("view", "delete")

    def scope(self, actor: Actor) -> Q:
        return _event_scope(actor, "event__")

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return action == "view" or runs_event(actor, obj.event)

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the event."""
        return parent is not None and runs_event(actor, parent)


@register
class RegistrationPolicy(Policy):
    model = Registration
    actions = ("view", "cancel", "mark_attendance", "view_phone")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        return qs.filter(
            Q(event__programme__support_organisation_id__in=actor.officer_of)
            | Q(organisation_id__in=registrar_org_ids(actor))
            | Q(user_id=actor.user_id)
        )

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        officer = runs_event(actor, obj.event)
        if action == "view":
            return True
        if action == "cancel":
            return officer or obj.organisation_id in registrar_org_ids(actor) or obj.user_id == actor.user_id
        return officer  # mark_attendance, view_phone

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the registering organisation: its admins and staff register for it."""
        return parent is not None and parent.pk in registrar_org_ids(actor)


@register
class FeedbackPolicy(Policy):
    model = Feedback
    actions = ("view",)

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        return qs.filter(
            Q(registration__event__programme__support_organisation_id__in=actor.officer_of)
            | Q(registration__user_id=actor.user_id)
        )

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the registration: only its attendee answers the questionnaire."""
        return parent is not None and actor.authenticated and parent.user_id == actor.user_id


register_nav(NavItem("events", pgettext_lazy("plural", "活动培训"), "event-list", order=16))
