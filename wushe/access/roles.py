"""Role primitives: what a user is, loaded once per request (two queries) and cached on the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wushe.access.models import MemberRole, Membership, PlatformRole, PlatformRoleKind

_CACHE_ATTR = "_wushe_actor"


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    authenticated: bool = False
    platform_admin: bool = False
    org_roles: dict[int, str] = field(default_factory=dict)
    officer_of: frozenset[int] = frozenset()  # support organisations whose programmes one runs
    funder_of: frozenset[int] = frozenset()  # funders one works for
    reviewer: bool = False
    government_viewer: bool = False

    @property
    def org_ids(self) -> frozenset[int]:
        return frozenset(self.org_roles)

    def role_in(self, organisation_id: int | None) -> str | None:
        return self.org_roles.get(organisation_id) if organisation_id is not None else None

    def is_member(self, organisation_id: int | None) -> bool:
        return self.role_in(organisation_id) is not None

    def is_org_admin(self, organisation_id: int | None) -> bool:
        return self.role_in(organisation_id) == MemberRole.ADMIN

    def is_org_staff(self, organisation_id: int | None) -> bool:
        return self.role_in(organisation_id) in (MemberRole.ADMIN, MemberRole.STAFF)

    @property
    def programme_officer(self) -> bool:
        return bool(self.officer_of)

    @property
    def funder_officer(self) -> bool:
        return bool(self.funder_of)


ANONYMOUS = Actor(user_id=None)


def actor_for(user: Any) -> Actor:
    """The user's roles, computed once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    org_roles = dict(Membership.objects.filter(user_id=user.pk).values_list("organisation_id", "role"))
    officer: set[int] = set()
    funder: set[int] = set()
    admin = bool(getattr(user, "is_superuser", False))
    reviewer = government = False
    for role, org_id in PlatformRole.objects.filter(user_id=user.pk).values_list("role", "organisation_id"):
        if role == PlatformRoleKind.PLATFORM_ADMIN:
            admin = True
        elif role == PlatformRoleKind.PROGRAMME_OFFICER and org_id:
            officer.add(org_id)
        elif role == PlatformRoleKind.FUNDER_OFFICER and org_id:
            funder.add(org_id)
        elif role == PlatformRoleKind.REVIEWER:
            reviewer = True
        elif role == PlatformRoleKind.GOVERNMENT_VIEWER:
            government = True
    actor = Actor(
        user_id=user.pk,
        authenticated=True,
        platform_admin=admin,
        org_roles=org_roles,
        officer_of=frozenset(officer),
        funder_of=frozenset(funder),
        reviewer=reviewer,
        government_viewer=government,
    )
    setattr(user, _CACHE_ATTR, actor)
    return actor


def forget(user: Any) -> None:
    """Drop the cached roles after they change."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_labels(actor: Actor) -> list[str]:
    labels = []
    if actor.platform_admin:
        labels.append(str(PlatformRoleKind.PLATFORM_ADMIN.label))
    if actor.programme_officer:
        labels.append(str(PlatformRoleKind.PROGRAMME_OFFICER.label))
    if actor.funder_officer:
        labels.append(str(PlatformRoleKind.FUNDER_OFFICER.label))
    if actor.reviewer:
        labels.append(str(PlatformRoleKind.REVIEWER.label))
    if actor.government_viewer:
        labels.append(str(PlatformRoleKind.GOVERNMENT_VIEWER.label))
    return labels
