"""Who may see and act on proposals, their versions and coaching."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from wushe.access.door import Policy, register
from wushe.access.models import MemberRole
from wushe.access.roles import Actor
from wushe.programmes.models import Call, ProgrammeFunder
from wushe.proposals.models import (
    BudgetLine,
    CoachComment,
    CoachingRound,
    Proposal,
    ProposalAttachment,
    ProposalStatus,
    ProposalVersion,
)

NOT_YET_SUBMITTED = (ProposalStatus.DRAFT,)


def is_applicant(actor: Actor, proposal: Proposal) -> bool:
    return actor.role_in(proposal.organisation_id) in (MemberRole.ADMIN, MemberRole.STAFF)


def is_officer(actor: Actor, proposal: Proposal) -> bool:
    return actor.platform_admin or proposal.call.programme.support_organisation_id in actor.officer_of


def proposal_scope(actor: Actor, prefix: str = "") -> Q:
    """Own organisation's proposals; everything in the programmes one runs; what funders fund
    once submitted; what a reviewer is assigned to and has not declared a conflict on.
    Subqueries on the proposal's own columns, not joins: no row is repeated, no DISTINCT is
    needed, and each branch is a search of an index on the proposal table (call, organisation),
    which lets a count or a page of a scope of thousands read indexes only."""
    p = prefix
    scope = Q(**{f"{p}organisation_id__in": actor.org_ids})
    if actor.officer_of:
        run = Call.objects.filter(programme__support_organisation_id__in=actor.officer_of).values("pk")
        scope |= Q(**{f"{p}call_id__in": run})
    if actor.funder_of:
        funded = ProgrammeFunder.objects.filter(funder_id__in=actor.funder_of).values("programme_id")
        in_funded = Call.objects.filter(programme_id__in=funded).values("pk")
        scope |= Q(**{f"{p}call_id__in": in_funded}) & ~Q(**{f"{p}status__in": NOT_YET_SUBMITTED})
    if actor.reviewer:
        assignment = apps.get_model("reviews", "ReviewAssignment")
        assigned = assignment.objects.filter(reviewer_id=actor.user_id, has_conflict=False).values("proposal_id")
        scope |= Q(**{f"{p}pk__in": assigned})
    return scope


@register
class ProposalPolicy(Policy):
    model = Proposal
    actions = ("view", "edit", "submit", "withdraw", "coach", "review_manage", "decide", "reply")

    def scope(self, actor: Actor) -> Q:
        return proposal_scope(actor)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        if action in ("edit", "submit", "withdraw", "reply"):
            return is_applicant(actor, obj)
        return is_officer(actor, obj)  # coach, review_manage, decide

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the applying organisation: its admins and staff may apply."""
        return parent is not None and actor.role_in(parent.pk) in (MemberRole.ADMIN, MemberRole.STAFF)


class _ProposalChildPolicy(Policy):
    actions = ("view",)

    def scope(self, actor: Actor) -> Q:
        return proposal_scope(actor, "proposal__")

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False  # written only by the proposal services


@register
class ProposalVersionPolicy(_ProposalChildPolicy):
    model = ProposalVersion


@register
class CoachingRoundPolicy(_ProposalChildPolicy):
    model = CoachingRound


@register
class CoachCommentPolicy(_ProposalChildPolicy):
    """Coaching is between the applicant and the support organisation: funders don't see it."""

    model = CoachComment

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        return qs.filter(
            Q(proposal__organisation_id__in=actor.org_ids)
            | Q(proposal__call__programme__support_organisation_id__in=actor.officer_of)
        )


@register
class BudgetLinePolicy(_ProposalChildPolicy):
    model = BudgetLine


@register
class ProposalAttachmentPolicy(_ProposalChildPolicy):
    model = ProposalAttachment
    actions = ("view", "delete")

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return is_applicant(actor, obj.proposal) and obj.proposal.is_editable
