"""Rules for memberships, platform roles and invitations."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wushe.access.door import Policy, register
from wushe.access.models import Invitation, MemberRole, Membership, PlatformRole
from wushe.access.roles import Actor


@register
class MembershipPolicy(Policy):
    """A member sees the people of their own organisations; programme officers see the people
    of every organisation (as on the organisation pages); org admins manage them."""

    model = Membership
    actions = ("view", "change", "remove")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin or actor.programme_officer:
            return qs
        if not actor.authenticated:
            return qs.none()
        return qs.filter(Q(organisation_id__in=actor.org_ids) | Q(user_id=actor.user_id))

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        manager = actor.platform_admin or actor.is_org_admin(obj.organisation_id)
        if action == "change":
            return manager
        if action == "remove":
            return manager or obj.user_id == actor.user_id
        return False

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return parent is not None and (actor.platform_admin or actor.is_org_admin(parent.pk))


@register
class InvitationPolicy(Policy):
    model = Invitation
    actions = ("view", "revoke")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        admin_of = [org for org, role in actor.org_roles.items() if role == MemberRole.ADMIN]
        return qs.filter(organisation_id__in=admin_of)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return action in self.actions

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return parent is not None and (actor.platform_admin or actor.is_org_admin(parent.pk))


@register
class PlatformRolePolicy(Policy):
    """Platform roles are granted by platform admins; a user sees their own."""

    model = PlatformRole
    actions = ("view", "revoke")

    def scope(self, actor: Actor) -> Q:
        return Q(user_id=actor.user_id)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return action == "view" or actor.platform_admin
