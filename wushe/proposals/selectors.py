"""Reads for proposals, scoped by the door, with a fixed number of queries per page."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from wushe.access.door import can, get_for_user, visible_to
from wushe.access.roles import actor_for
from wushe.orgs.models import Organisation
from wushe.proposals.diffing import VersionDiff, diff_versions
from wushe.proposals.models import CoachComment, CoachingRound, Proposal, ProposalStatus, ProposalVersion, Section
from wushe.proposals.policies import is_applicant, is_officer
from wushe.proposals.transitions import APPLICANT, OFFICER, available


def proposal_list(
    *, user: Any, call_id: int | None = None, status: str = "", query: str = "", organisation_id: int | None = None
) -> QuerySet[Proposal]:
    # The organisations of a page's rows come in a second query: joined, PostgreSQL hashes every
    # organisation before sorting a scope of thousands of proposals to take twenty.
    organisations = Organisation.objects.only("id", "name", "short_name")
    qs = (
        visible_to(user, Proposal)
        .select_related("call__programme")
        .prefetch_related(Prefetch("organisation", queryset=organisations))
    )
    if call_id:
        qs = qs.filter(call_id=call_id)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(title__icontains=query.strip()[:100])
    return qs.only(
        "id",
        "title",
        "status",
        "requested_amount",
        "version_count",
        "round_count",
        "updated_at",
        "organisation",
        "call__id",
        "call__title",
        "call__programme__id",
        "call__programme__name",
        "call__programme__short_name",
    ).order_by("-updated_at", "-pk")


def proposal_detail(*, user: Any, pk: Any) -> dict[str, Any]:
    proposal = get_for_user(
        user,
        Proposal.objects.select_related("organisation", "call__programme__support_organisation").prefetch_related(
            "budget_lines", "target_places"
        ),
        pk,
    )
    actor = actor_for(user)
    roles = set()
    if is_applicant(actor, proposal):
        roles.add(APPLICANT)
    if is_officer(actor, proposal):
        roles.add(OFFICER)
    versions = list(
        ProposalVersion.objects.filter(proposal=proposal)
        .only("id", "number", "title", "total", "submitted_at", "submitted_by__name")
        .select_related("submitted_by")
    )
    show_coaching = can(user, "view", proposal) and (roles or actor.platform_admin)
    rounds: list[CoachingRound] = []
    loose_comments: list[CoachComment] = []
    if show_coaching:
        rounds = list(
            CoachingRound.objects.filter(proposal=proposal)
            .select_related("coach", "version")
            .prefetch_related(
                Prefetch("comments", queryset=CoachComment.objects.select_related("author", "replied_by")),
                "support_activities",  # the consultation behind the round, recorded by the support app
            )
        )
        loose_comments = list(
            CoachComment.objects.filter(proposal=proposal, round__isnull=True).select_related("author", "replied_by")
        )
    latest = versions[-1] if versions else None
    grant_id = None
    if proposal.status == ProposalStatus.APPROVED:  # the grant made from it, if any (grants build on proposals)
        grant_id = (
            apps.get_model("grants", "Grant").objects.filter(proposal=proposal).values_list("pk", flat=True).first()
        )
    sections = [(key, label, proposal.section_text(key)) for key, label in Section.choices]
    return {
        "proposal": proposal,
        "sections": sections,
        "budget_lines": list(proposal.budget_lines.all()),
        "versions": versions,
        "latest": latest,
        "rounds": rounds,
        "loose_comments": loose_comments,
        "show_coaching": show_coaching,
        "transitions": available(proposal.status, roles),
        "can_edit": proposal.is_editable and APPLICANT in roles,
        "can_coach": OFFICER in roles,
        "grant_id": grant_id,
        "can_reply": APPLICANT in roles,
        "section_choices": CoachComment._meta.get_field("section").choices,
    }


def version_pair(*, user: Any, proposal_pk: Any, a: Any, b: Any) -> VersionDiff:
    proposal = get_for_user(user, Proposal, proposal_pk)
    try:
        numbers = {int(a), int(b)}
    except (TypeError, ValueError):
        raise Http404 from None
    found = {v.number: v for v in ProposalVersion.objects.filter(proposal=proposal, number__in=numbers)}
    if len(found) != len(numbers):
        raise Http404
    return diff_versions(found[int(a)], found[int(b)])
