from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import MembershipFactory
from tests.lifecycle import make_submitted_proposal
from wushe.access.models import MemberRole
from wushe.accounts.models import Notification
from wushe.reviews.models import AssignmentStatus, ReviewAssignment
from wushe.reviews.services import reviewer_assign


def test_it_assigns_a_reviewer_and_tells_them(personas, proposal):
    assignment = reviewer_assign(proposal=proposal, reviewer=personas.rita_reviewer, by=personas.olivia_officer)
    assert (assignment.status, assignment.assigned_by) == (AssignmentStatus.PENDING, personas.olivia_officer)
    note = Notification.objects.get(user=personas.rita_reviewer)
    assert note.url == f"/reviews/{assignment.pk}/"


def test_it_refuses_a_user_without_the_reviewer_role(personas, proposal):
    with pytest.raises(ValidationError, match="评审专家角色"):
        reviewer_assign(proposal=proposal, reviewer=personas.vera_volunteer, by=personas.olivia_officer)
    assert not ReviewAssignment.objects.exists()


def test_it_refuses_a_member_of_the_applicant_organisation(personas, proposal, make_reviewer):
    insider = make_reviewer("内部评审")
    MembershipFactory(user=insider, organisation=personas.grantee, role=MemberRole.MEMBER)
    with pytest.raises(ValidationError) as exc:
        reviewer_assign(proposal=proposal, reviewer=insider, by=personas.olivia_officer)
    assert "申请机构的成员" in exc.value.message_dict["reviewer"][0]
    assert not ReviewAssignment.objects.exists()


def test_it_refuses_a_duplicate(personas, proposal, assign):
    assign(proposal, personas.rita_reviewer)
    with pytest.raises(ValidationError, match="已被指派"):
        assign(proposal, personas.rita_reviewer)
    assert ReviewAssignment.objects.count() == 1


def test_it_refuses_a_proposal_not_under_review(personas, call, rubric):
    submitted = make_submitted_proposal(personas, call)
    with pytest.raises(ValidationError, match="须进入评审"):
        reviewer_assign(proposal=submitted, reviewer=personas.rita_reviewer, by=personas.olivia_officer)


@pytest.mark.parametrize("who", ["gina_grantee", "rita_reviewer", "frank_funder", "oscar_other"])
def test_it_refuses_anyone_but_the_programme_officer(personas, proposal, who):
    with pytest.raises(PermissionDenied):
        reviewer_assign(proposal=proposal, reviewer=personas.rita_reviewer, by=getattr(personas, who))
    assert not ReviewAssignment.objects.exists()
