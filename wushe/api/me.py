from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from wushe.access.roles import actor_for
from wushe.api.schemas import responses

router = Router(tags=["me"])


class MembershipOut(Schema):
    organisation_id: int
    organisation_name: str
    role: str


class MeOut(Schema):
    id: int
    name: str
    email: str | None
    roles: list[str]
    memberships: list[MembershipOut]


@router.get("/me", response=responses({200: MeOut}), summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    actor = actor_for(user)
    roles = [
        name
        for name, held in (
            ("platform_admin", actor.platform_admin),
            ("programme_officer", actor.programme_officer),
            ("funder_officer", actor.funder_officer),
            ("reviewer", actor.reviewer),
            ("government_viewer", actor.government_viewer),
        )
        if held
    ]
    memberships = [
        {"organisation_id": m.organisation_id, "organisation_name": m.organisation.name, "role": m.role}
        for m in user.memberships.select_related("organisation")
    ]
    return {"id": user.pk, "name": user.name, "email": user.email, "roles": roles, "memberships": memberships}
