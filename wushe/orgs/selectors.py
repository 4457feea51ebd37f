"""Reads for organisations and places, scoped by the access door and shaped so the number
of queries does not grow with the data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from wushe.access.door import can, get_for_user, visible_to
from wushe.access.models import MemberRole, Membership
from wushe.core.text import normalise_query
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationQuerySet, Place, PlaceLevel


def organisation_list(
    *, user: Any, query: str = "", kind: str = "", place: Place | None = None
) -> QuerySet[Organisation]:
    return (
        visible_to(user, Organisation)
        .search(query)
        .of_kind(kind)
        .serving(place)
        .select_related("home_place")
        .prefetch_related(Prefetch("fields_of_work", queryset=FieldOfWork.objects.only("id", "name")))
        .order_by("search_pinyin", "pk")
    )


def organisation_detail(*, user: Any, pk: Any) -> dict[str, Any]:
    """The organisation and what its page shows, each part only if the user may see it."""
    org = get_for_user(
        user,
        Organisation.objects.select_related("home_place").prefetch_related(
            Prefetch("fields_of_work", queryset=FieldOfWork.objects.only("id", "name")),
            Prefetch("service_places", queryset=Place.objects.only("id", "full_name", "name", "level")),
        ),
        pk,
    )
    show_people = can(user, "view_people", org)
    members: list[Membership] = []
    if show_people:
        members = list(
            Membership.objects.filter(organisation=org)
            .select_related("user")
            .only("id", "role", "title", "created_at", "user__id", "user__name", "user__email", "user__phone")
            .order_by("role", "created_at")
        )
    return {
        "organisation": org,
        "show_people": show_people,
        "members": members,
        "member_count": len(members) if show_people else Membership.objects.filter(organisation=org).count(),
        "can_change": can(user, "change", org),
        "can_invite": can(user, "invite", org),
        "can_archive": can(user, "archive", org),
        "role_choices": MemberRole.choices,
    }


def place_children(*, user: Any, parent: Place | None) -> QuerySet[Place]:
    qs = visible_to(user, Place)
    qs = qs.filter(parent=parent) if parent else qs.filter(level=PlaceLevel.DISTRICT)
    return qs.annotate(child_count=Count("children")).order_by("code", "pinyin")


def place_search(*, user: Any, query: str, level: int | None = None, limit: int = 12) -> list[Place]:
    qs = visible_to(user, Place).search(query)
    if level:
        qs = qs.filter(level=level)
    return list(qs.only("id", "name", "full_name", "level").order_by("level", "pinyin")[:limit])


def suggest_organisations(
    organisations: OrganisationQuerySet,
    *,
    query: str,
    limit: int,
    exclude: Iterable[int] = (),
    first: Any = None,
) -> tuple[list[Organisation], bool]:
    """The active ones among ``organisations`` (scoped and ordered by the caller) whose name or
    short name matches ``query`` (Chinese, full pinyin or initials): at most ``limit``, leaving
    out ``exclude``, and whether more matched. ``first`` (an id) is put first whatever was typed,
    so that a single choice survives a new search. One query, two with ``first``."""
    organisations = organisations.active().only("id", "name", "short_name")
    kept = organisations.filter(pk=first).first() if str(first or "").isdigit() else None
    head = [kept] if kept is not None else []
    if not normalise_query(query):
        return head, False
    skip = [*exclude, *(o.pk for o in head)]
    room = limit - len(head)
    found = list(organisations.search(query).exclude(pk__in=skip)[: room + 1])
    return [*head, *found[:room]], len(found) > room
