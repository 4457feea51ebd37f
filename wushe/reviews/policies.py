"""Who may see and act on rubrics, review assignments, scores and decisions.

- Officers of the support organisation running the programme (and platform admins) see and
  manage everything in it.
- A reviewer sees their own assignments, declares conflict of interest and submits scores on
  them; they see other reviewers' scores on a proposal only once they have submitted their own
  (so never after declaring a conflict, which also takes the proposal away from them).
- The applicant organisation sees the decisions on its own proposals, never reviews or scores.
- Funders of the programme see decisions and aggregate scores (:func:`can_see_summary`), never
  individual reviews, so never who scored what.
- A rubric is part of its call's rules and is seen with the call.
- Government viewers see no individual review or decision.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wushe.access.door import Policy, policy_for, register
from wushe.access.roles import Actor, actor_for
from wushe.programmes.models import Call, ProgrammeFunder
from wushe.programmes.policies import runs
from wushe.proposals.models import Proposal
from wushe.proposals.policies import is_officer
from wushe.reviews.models import AssignmentStatus, Criterion, Decision, ReviewAssignment, Rubric, Score


def _officer_scope(actor: Actor, path: str) -> Q:
    return Q(**{f"{path}call__programme__support_organisation_id__in": actor.officer_of})


def _funded_scope(actor: Actor, path: str) -> Q:
    funded = ProgrammeFunder.objects.filter(funder_id__in=actor.funder_of).values("programme_id")
    return Q(**{f"{path}call__programme_id__in": funded})


def submitted_proposal_ids(actor: Actor) -> QuerySet[Any]:
    """Proposals on which the actor has submitted their own review."""
    return ReviewAssignment.objects.filter(reviewer_id=actor.user_id, status=AssignmentStatus.SUBMITTED).values(
        "proposal_id"
    )


def can_see_summary(user: Any, proposal: Proposal) -> bool:
    """The aggregate scores of a proposal: its officers, its programme's funders, and reviewers
    who have submitted their own review of it."""
    actor = actor_for(user)
    if not actor.authenticated:
        return False
    if is_officer(actor, proposal):
        return True
    if (
        actor.funder_of
        and ProgrammeFunder.objects.filter(
            programme_id=proposal.call.programme_id, funder_id__in=actor.funder_of
        ).exists()
    ):
        return True
    return ReviewAssignment.objects.filter(
        proposal_id=proposal.pk, reviewer_id=actor.user_id, status=AssignmentStatus.SUBMITTED
    ).exists()


class _CallRulesPolicy(Policy):
    """Seen with its call: a call's rules are public once published."""

    path = "call__"

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        calls = policy_for(Call).visible(actor, Call.objects.all()).values("pk")
        return qs.filter(**{f"{self.path}in": calls})


@register
class RubricPolicy(_CallRulesPolicy):
    """Set by the officers running the call's programme."""

    model = Rubric
    actions = ("view", "change")

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return runs(actor, obj.call.programme)

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the call."""
        return parent is not None and runs(actor, parent.programme)


@register
class CriterionPolicy(_CallRulesPolicy):
    """Criteria are written with their rubric (``rubric_set``), never one by one."""

    model = Criterion
    path = "rubric__call__"

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False


@register
class ReviewAssignmentPolicy(Policy):
    model = ReviewAssignment
    actions = ("view", "declare", "submit")

    def scope(self, actor: Actor) -> Q:
        return _officer_scope(actor, "proposal__") | Q(reviewer_id=actor.user_id)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        return obj.reviewer_id == actor.user_id  # only the reviewer declares and scores

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the proposal."""
        return parent is not None and is_officer(actor, parent)


@register
class ScorePolicy(Policy):
    """One's own scores; others' on a proposal once one's own review of it is submitted."""

    model = Score

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        return qs.filter(
            _officer_scope(actor, "assignment__proposal__")
            | Q(assignment__reviewer_id=actor.user_id)
            | Q(assignment__proposal_id__in=submitted_proposal_ids(actor))
        )

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False  # written only by review_submit


@register
class DecisionPolicy(Policy):
    """The applicant's people, the programme's officers and funders."""

    model = Decision

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        scope = Q(proposal__organisation_id__in=actor.org_ids) | _officer_scope(actor, "proposal__")
        if actor.funder_of:
            scope |= _funded_scope(actor, "proposal__")
        return qs.filter(scope)

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the proposal."""
        return parent is not None and is_officer(actor, parent)
