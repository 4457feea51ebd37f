from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.conftest import csrf_post
from wushe.access.door import get_for_user, visible_to
from wushe.accounts.models import Notification
from wushe.proposals.models import Proposal
from wushe.reviews.models import AssignmentStatus
from wushe.reviews.services import conflict_declare, review_submit


def test_declaring_no_conflict_opens_scoring(personas, proposal, assign):
    assignment = conflict_declare(
        assignment=assign(proposal, personas.rita_reviewer), by=personas.rita_reviewer, has_conflict=False
    )
    assert assignment.status == AssignmentStatus.SCORING
    assert assignment.declared_at is not None
    assert get_for_user(personas.rita_reviewer, Proposal, proposal.pk) == proposal


def test_a_declared_conflict_removes_the_reviewer_from_the_proposal(personas, proposal, assign, client_for):
    assignment = assign(proposal, personas.rita_reviewer)
    assert get_for_user(personas.rita_reviewer, Proposal, proposal.pk) == proposal

    assignment = conflict_declare(
        assignment=assignment, by=personas.rita_reviewer, has_conflict=True, statement="曾任该机构理事"
    )

    assert (assignment.status, assignment.has_conflict) == (AssignmentStatus.CONFLICT, True)
    rita = type(personas.rita_reviewer).objects.get(pk=personas.rita_reviewer.pk)  # roles freshly loaded
    with pytest.raises(Http404):
        get_for_user(rita, Proposal, proposal.pk)
    client = client_for(rita)
    assert client.get(f"/proposals/{proposal.pk}/").status_code == 404
    assert client.get(f"/reviews/{assignment.pk}/").status_code == 200  # only the recusal record
    assert proposal.title not in client.get(f"/reviews/{assignment.pk}/").content.decode()
    assert csrf_post(client, f"/reviews/{assignment.pk}/submit/", {}).status_code == 302
    assert not visible_to(rita, Proposal).exists()


def test_the_officer_who_assigned_is_told_of_a_conflict(personas, proposal, assign):
    assignment = assign(proposal, personas.rita_reviewer)
    conflict_declare(assignment=assignment, by=personas.rita_reviewer, has_conflict=True, statement="亲属在该机构工作")
    note = Notification.objects.get(user=personas.olivia_officer)
    assert "亲属在该机构工作" in note.body


def test_a_conflict_needs_a_statement(personas, proposal, assign):
    assignment = assign(proposal, personas.rita_reviewer)
    with pytest.raises(ValidationError) as exc:
        conflict_declare(assignment=assignment, by=personas.rita_reviewer, has_conflict=True, statement="  ")
    assert "conflict_statement" in exc.value.message_dict
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING


def test_a_declaration_cannot_be_changed(personas, proposal, assign):
    assignment = assign(proposal, personas.rita_reviewer)
    conflict_declare(assignment=assignment, by=personas.rita_reviewer, has_conflict=False)
    with pytest.raises(ValidationError, match="不能更改"):
        conflict_declare(assignment=assignment, by=personas.rita_reviewer, has_conflict=True, statement="想起来了")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SCORING


def test_a_recused_reviewer_cannot_score(personas, proposal, assign, criteria):
    assignment = assign(proposal, personas.rita_reviewer)
    conflict_declare(assignment=assignment, by=personas.rita_reviewer, has_conflict=True, statement="利益相关")
    with pytest.raises(ValidationError, match="回避"):
        review_submit(assignment=assignment, by=personas.rita_reviewer, scores={c.pk: 1 for c in criteria})


@pytest.mark.parametrize("who", ["olivia_officer", "alice_admin"])
def test_nobody_declares_for_the_reviewer(personas, proposal, assign, who):
    assignment = assign(proposal, personas.rita_reviewer)
    with pytest.raises(PermissionDenied):
        conflict_declare(assignment=assignment, by=getattr(personas, who), has_conflict=False)
