from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wushe.access.door import Policy, register
from wushe.access.roles import Actor
from wushe.accounts.models import ApiToken, Notification, User


@register
class ApiTokenPolicy(Policy):
    """A token is its owner's alone: not even platform admins see it."""

    model = ApiToken
    actions = ("view", "revoke")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.filter(user_id=actor.user_id) if actor.authenticated else qs.none()

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return action in self.actions

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return actor.authenticated


@register
class UserPolicy(Policy):
    """People are personal data: a user sees themself, the people of their organisations
    and, for programme officers, the people of any organisation; platform admins see all."""

    model = User
    actions = ("view", "change")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        if actor.programme_officer:
            seen = Q(memberships__isnull=False)
        else:
            seen = Q(memberships__organisation_id__in=actor.org_ids)
        return qs.filter(seen | Q(pk=actor.user_id)).distinct()

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return actor.platform_admin or obj.pk == actor.user_id


@register
class NotificationPolicy(Policy):
    """A notification is its recipient's alone; the platform writes them, nobody creates one."""

    model = Notification
    actions = ("view", "mark_read")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs.filter(user_id=actor.user_id) if actor.authenticated else qs.none()

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return action in self.actions and obj.user_id == actor.user_id

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False
