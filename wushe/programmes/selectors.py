"""Reads for programmes and calls; dashboards are aggregates, flat in the amount of data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from wushe.access.door import can, get_for_user, visible_to
from wushe.programmes.models import Call, Programme


def programme_list(*, user: Any) -> QuerySet[Programme]:
    return (
        visible_to(user, Programme)
        .select_related("support_organisation", "guidance_organisation")
        .annotate(call_count=Count("calls", distinct=True))
        .order_by("-starts_on", "pk")
    )


def open_calls(*, user: Any, moment: Any = None) -> QuerySet[Call]:
    return (
        visible_to(user, Call)
        .open_at(moment or timezone.now())
        .select_related("programme__support_organisation")
        .order_by("closes_at", "pk")
    )


def call_detail(*, user: Any, pk: Any) -> dict[str, Any]:
    call = get_for_user(
        user, Call.objects.select_related("programme__support_organisation", "programme__guidance_organisation"), pk
    )
    return {
        "call": call,
        "programme": call.programme,
        "is_open": call.is_open(),
        "can_extend": user.is_authenticated and can(user, "extend", call),
        "extensions": list(call.extensions.select_related("by")) if user.is_authenticated else [],
        "funders": list(call.programme.funders.select_related("funder")),
    }
