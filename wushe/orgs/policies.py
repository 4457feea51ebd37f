"""Who may see and change organisations and places."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wushe.access.door import Policy, register
from wushe.access.roles import Actor
from wushe.orgs.models import FieldOfWork, Organisation, Place


@register
class OrganisationPolicy(Policy):
    """Active organisations are public to signed-in users (registration data is public
    information); archived ones only to their members and platform admins. People and
    contact details are for the organisation, its programme officers and platform admins."""

    model = Organisation
    actions = ("view", "view_people", "change", "invite", "archive")

    def scope(self, actor: Actor) -> Q:
        return Q(is_active=True) | Q(pk__in=actor.org_ids)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        if actor.platform_admin:
            return True
        if action == "view_people":
            return actor.is_member(obj.pk) or bool(actor.officer_of)
        if action in ("change", "invite"):
            return actor.is_org_admin(obj.pk)
        return False  # archive: platform admins only

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return actor.platform_admin or actor.programme_officer


@register
class PlacePolicy(Policy):
    model = Place
    actions = ("view", "change")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs if actor.authenticated else qs.none()

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return action == "view" or actor.platform_admin


@register
class FieldOfWorkPolicy(Policy):
    model = FieldOfWork
    actions = ("view", "change")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs if actor.authenticated else qs.none()

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        return action == "view" or actor.platform_admin
