"""Two officers fire transitions on the same proposal at the same moment (PostgreSQL row locks):
exactly one wins, the other is refused with the state it found, and the proposal is never left
half-changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.concurrency import race
from tests.factories import MembershipFactory, PlatformRoleFactory, UserFactory
from tests.lifecycle import make_call, make_programme, make_submitted_proposal
from wushe.access.models import MemberRole, PlatformRoleKind
from wushe.proposals.models import CoachingRound, Proposal, ProposalStatus
from wushe.proposals.services import proposal_transition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need PostgreSQL row locks; SQLite serialises writers (set DATABASE_URL to run these)",
    ),
]


def _second_officer(personas):
    user = UserFactory(name="第二位项目官员")
    MembershipFactory(user=user, organisation=personas.support, role=MemberRole.STAFF)
    PlatformRoleFactory(user=user, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation=personas.support)
    return user


def test_two_officers_racing_review_and_revision_leave_one_outcome(personas):
    proposal = make_submitted_proposal(personas, make_call(make_programme(personas)))
    other = _second_officer(personas)

    def start_review():
        return proposal_transition(
            proposal=Proposal.objects.get(pk=proposal.pk), action="start_review", by=personas.olivia_officer
        )

    def request_revision():
        return proposal_transition(
            proposal=Proposal.objects.get(pk=proposal.pk),
            action="request_revision",
            by=other,
            comments=[("goals", "请量化目标。")],
        )

    results = race(start_review, request_revision)
    won = [r for r in results if isinstance(r, Proposal)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1
    assert len(lost) == 1
    proposal.refresh_from_db()
    assert proposal.status == won[0].status
    if proposal.status == ProposalStatus.UNDER_REVIEW:
        assert CoachingRound.objects.filter(proposal=proposal).count() == 0
        assert proposal.comments.count() == 0
    else:
        assert proposal.status == ProposalStatus.REVISION_REQUESTED
        assert proposal.round_count == 1


def test_the_same_transition_fired_twice_at_once_happens_once(personas):
    proposal = make_submitted_proposal(personas, make_call(make_programme(personas)))
    other = _second_officer(personas)

    def fire(user):
        return lambda: proposal_transition(
            proposal=Proposal.objects.get(pk=proposal.pk),
            action="request_revision",
            by=user,
            comments=[("need", "补充调研数据。")],
        )

    results = race(fire(personas.olivia_officer), fire(other))
    assert sum(isinstance(r, Proposal) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert CoachingRound.objects.filter(proposal=proposal).count() == 1
