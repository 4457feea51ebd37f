"""Who may see and run programmes and calls."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wushe.access.door import Policy, register
from wushe.access.roles import Actor
from wushe.programmes.models import Call, CallExtension, Programme, ProgrammeFunder, ProgrammePhase, ProgrammeStatus


def runs(actor: Actor, programme: Programme) -> bool:
    """An officer (or staff) of the support organisation running the programme."""
    return actor.platform_admin or programme.support_organisation_id in actor.officer_of


def programme_scope(actor: Actor, prefix: str = "") -> Q:
    """Programmes an actor may see: running ones' officers and members see all, funders the
    ones they fund, everyone signed in the programmes that are not drafts."""
    p = prefix
    own = Q(**{f"{p}support_organisation_id__in": actor.officer_of | actor.org_ids})
    return own | ~Q(**{f"{p}status": ProgrammeStatus.DRAFT})


@register
class ProgrammePolicy(Policy):
    model = Programme
    actions = ("view", "change", "manage_calls")

    def scope(self, actor: Actor) -> Q:
        return programme_scope(actor)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return runs(actor, obj)

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        if actor.platform_admin:
            return True
        return parent is not None and parent.pk in actor.officer_of


@register
class CallPolicy(Policy):
    """Published calls are public, even without signing in; drafts belong to their officers."""

    model = Call
    actions = ("view", "change", "extend")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        public = Q(is_published=True) & ~Q(programme__status=ProgrammeStatus.DRAFT)
        if not actor.authenticated:
            return qs.filter(public)
        return qs.filter(public | Q(programme__support_organisation_id__in=actor.officer_of))

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return runs(actor, obj.programme)

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return parent is not None and runs(actor, parent)


class _ProgrammeChildPolicy(Policy):
    """Funders, phases and deadline extensions are seen with their programme or call."""

    actions = ("view",)
    path = "programme__"

    def scope(self, actor: Actor) -> Q:
        return programme_scope(actor, self.path)

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return parent is not None and runs(actor, parent)


@register
class ProgrammeFunderPolicy(_ProgrammeChildPolicy):
    model = ProgrammeFunder


@register
class ProgrammePhasePolicy(_ProgrammeChildPolicy):
    model = ProgrammePhase


@register
class CallExtensionPolicy(_ProgrammeChildPolicy):
    model = CallExtension
    path = "call__programme__"
