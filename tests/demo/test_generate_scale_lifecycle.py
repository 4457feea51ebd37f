"""generate_scale's lifecycle and support: the totals asked for, and rows shaped as the services
would have left them."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Count, F, Max, Q, Sum

from wushe.demo.scale import Scale, delete_generated, generate
from wushe.demo.scale_lifecycle import LONG_PROPOSALS
from wushe.grants.models import Disbursement, Grant, Tranche
from wushe.programmes.models import Call, Programme
from wushe.proposals.models import SECTION_MAX_CHARS, CoachingRound, Proposal, ProposalStatus, ProposalVersion
from wushe.reviews.models import AssignmentStatus, Decision, ReviewAssignment, Score
from wushe.support.models import ActivityStatus, Event, FollowUp, Registration, RegistrationStatus, SupportActivity

TINY = Scale(
    "tiny",
    streets=4,
    communities=300,
    organisations=160,
    programmes=4,
    calls=7,
    proposals=120,
    versions=330,
    assignments=200,
    reviewers=8,
    activities=600,
    events=8,
)


@pytest.fixture
def tiny(db):
    return generate(scale=TINY, seed=7)


def test_it_generates_the_totals_asked_for(tiny):
    assert Programme.objects.count() == 4
    assert Call.objects.count() == 7
    assert Proposal.objects.count() == 120
    assert ProposalVersion.objects.count() == 330
    assert ReviewAssignment.objects.count() == 200
    assert SupportActivity.objects.count() == 600
    assert Event.objects.count() == 8
    assert tiny.lifecycle["proposals"] == 120


def test_versions_and_rounds_match_what_each_proposal_says(tiny):
    for p in Proposal.objects.annotate(v=Count("versions", distinct=True), r=Count("rounds", distinct=True)):
        assert (p.v, p.r) == (p.version_count, p.round_count)
        assert (p.status == ProposalStatus.DRAFT) == (p.version_count == 0)
        assert all(len(text) <= SECTION_MAX_CHARS for text in p.sections.values())
    numbers = ProposalVersion.objects.values("proposal").annotate(top=Max("number"), n=Count("pk"))
    assert all(row["top"] == row["n"] for row in numbers)
    open_rounds = CoachingRound.objects.filter(closed_at__isnull=True)
    assert set(open_rounds.values_list("proposal__status", flat=True)) <= {ProposalStatus.REVISION_REQUESTED}


def test_some_proposals_have_four_long_versions_for_the_diff(tiny):
    long = [
        v for v in ProposalVersion.objects.filter(number=4) if sum(len(text) for text in v.sections.values()) > 30000
    ]
    assert len(long) == LONG_PROPOSALS


def test_reviews_scores_and_decisions_follow_the_status(tiny):
    reviewed = (
        ProposalStatus.UNDER_REVIEW,
        ProposalStatus.APPROVED,
        ProposalStatus.REJECTED,
        ProposalStatus.WAITLISTED,
    )
    assert not ReviewAssignment.objects.exclude(proposal__status__in=reviewed).exists()
    submitted = ReviewAssignment.objects.filter(status=AssignmentStatus.SUBMITTED)
    assert Score.objects.filter(assignment__in=submitted).count() == 4 * submitted.count()
    assert not Score.objects.exclude(assignment__in=submitted).exists()
    decided = Proposal.objects.filter(status__in=reviewed[1:])
    assert Decision.objects.count() == decided.count()
    assert not Decision.objects.filter(outcome="approve").exclude(amount=F("proposal__requested_amount")).exists()


def test_approved_proposals_have_grants_paid_within_their_tranches(tiny):
    approved = Proposal.objects.filter(status=ProposalStatus.APPROVED)
    assert Grant.objects.count() == approved.count() > 0
    for grant in Grant.objects.annotate(planned=Sum("tranches__amount")):
        assert grant.planned == grant.amount
    for tranche in Tranche.objects.annotate(paid=Sum("disbursements__amount")):
        assert (tranche.paid or Decimal("0")) == tranche.disbursed <= tranche.amount
    assert Disbursement.objects.exists()


def test_support_activities_have_people_and_follow_ups_come_after(tiny):
    assert not SupportActivity.objects.annotate(n=Count("staff")).filter(n=0).exists()
    assert not SupportActivity.objects.annotate(n=Count("organisations")).filter(n=0).exists()
    kinds = Counter(SupportActivity.objects.values_list("kind__code", flat=True))
    assert {"plan_coaching", "training", "field_visit", "roundtable", "consultation"} <= set(kinds)
    assert not SupportActivity.objects.filter(status=ActivityStatus.PLANNED, starts_at__lt=F("created_at")).exists()
    for follow_up in FollowUp.objects.select_related("activity"):
        assert follow_up.due_on > follow_up.activity.starts_at.date()


def test_events_never_confirm_more_than_their_capacity(tiny):
    over = Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    ).filter(confirmed__gt=F("capacity"))
    assert not over.exists()
    assert Registration.objects.exists()


def test_reset_removes_the_lifecycle_too(tiny):
    delete_generated()
    assert not Programme.objects.exists()
    assert not Proposal.objects.exists()
    assert not SupportActivity.objects.exists()
