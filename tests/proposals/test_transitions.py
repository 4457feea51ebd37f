"""Every proposal transition, allowed and refused, by role and by state."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from tests.lifecycle import make_call, make_draft_proposal, make_programme, make_submitted_proposal
from wushe.proposals.models import Proposal, ProposalStatus, ProposalVersion
from wushe.proposals.services import comment_reply, proposal_transition
from wushe.proposals.transitions import TRANSITIONS

COMMENT = [("goals", "目标要可衡量:请写明分类准确率的基线和目标值。")]


@pytest.fixture
def call(personas):
    return make_call(make_programme(personas))


def _fire(proposal, action, user, **extra):
    if action == "request_revision":
        extra.setdefault("comments", COMMENT)
    if action in ("reject", "waitlist"):
        extra.setdefault("reason", "与本期资助方向不一致。")
    return proposal_transition(proposal=proposal, action=action, by=user, **extra)


def _in_state(personas, call, status):
    """A proposal brought to ``status`` through the real transitions."""
    officer, applicant = personas.olivia_officer, personas.gina_grantee
    proposal = make_draft_proposal(personas, call)
    paths = {
        ProposalStatus.DRAFT: [],
        ProposalStatus.SUBMITTED: [("submit", applicant)],
        ProposalStatus.REVISION_REQUESTED: [("submit", applicant), ("request_revision", officer)],
        ProposalStatus.UNDER_REVIEW: [("submit", applicant), ("start_review", officer)],
        ProposalStatus.WAITLISTED: [("submit", applicant), ("start_review", officer), ("waitlist", officer)],
        ProposalStatus.APPROVED: [("submit", applicant), ("start_review", officer), ("approve", officer)],
        ProposalStatus.REJECTED: [("submit", applicant), ("start_review", officer), ("reject", officer)],
        ProposalStatus.WITHDRAWN: [("withdraw", applicant)],
    }
    if status == ProposalStatus.RESUBMITTED:
        proposal = _in_state(personas, call, ProposalStatus.REVISION_REQUESTED)
        for comment in proposal.comments.all():
            comment_reply(comment=comment, by=applicant, reply="已补充基线数据。", addressed=True)
        return _fire(proposal, "resubmit", applicant)
    for action, user in paths[status]:
        proposal = _fire(proposal, action, user)
    return proposal


CASES = [(action, status) for action in TRANSITIONS for status in ProposalStatus.values]


@pytest.mark.parametrize(("action", "status"), CASES)
def test_it_fires_a_transition_only_from_its_source_states(personas, call, action, status):
    transition = TRANSITIONS[action]
    proposal = _in_state(personas, call, status)
    user = personas.gina_grantee if "applicant" in transition.roles else personas.olivia_officer
    versions_before = ProposalVersion.objects.filter(proposal=proposal).count()
    if status in transition.sources:
        if action == "resubmit":
            for comment in proposal.comments.all():
                comment_reply(comment=comment, by=user, reply="已修改。", addressed=True)
        fired = _fire(proposal, action, user)
        assert fired.status == transition.target
        assert LogEntry.objects.filter(object_pk=str(proposal.pk), additional_data__event=f"proposal.{action}").exists()
    else:
        with pytest.raises(ValidationError) as excinfo:
            _fire(proposal, action, user)
        assert "不能" in " ".join(excinfo.value.messages)
        proposal.refresh_from_db()
        assert proposal.status == status
        assert ProposalVersion.objects.filter(proposal=proposal).count() == versions_before


ROLE_CASES = [
    ("submit", "gina_grantee", True),
    ("submit", "sam_staff", True),
    ("submit", "olivia_officer", False),
    ("submit", "oscar_other", False),
    ("submit", "frank_funder", False),
    ("start_review", "olivia_officer", True),
    ("start_review", "alice_admin", True),
    ("start_review", "gina_grantee", False),
    ("start_review", "frank_funder", False),
    ("start_review", "rita_reviewer", False),
    ("request_revision", "olivia_officer", True),
    ("request_revision", "gina_grantee", False),
    ("withdraw", "gina_grantee", True),
    ("withdraw", "olivia_officer", False),
]


@pytest.mark.parametrize(("action", "persona", "allowed"), ROLE_CASES)
def test_it_lets_only_the_permitted_roles_fire_a_transition(personas, call, action, persona, allowed):
    proposal = (
        make_draft_proposal(personas, call)
        if action in ("submit", "withdraw")
        else make_submitted_proposal(personas, call)
    )
    user = getattr(personas, persona)
    before = proposal.status
    if allowed:
        assert _fire(proposal, action, user).status == TRANSITIONS[action].target
    else:
        with pytest.raises(PermissionDenied):
            _fire(proposal, action, user)
        assert Proposal.objects.get(pk=proposal.pk).status == before


def test_it_refuses_an_unknown_action(personas, call):
    proposal = make_draft_proposal(personas, call)
    with pytest.raises(ValidationError):
        proposal_transition(proposal=proposal, action="teleport", by=personas.gina_grantee)


def test_it_requires_reasons_to_reject(personas, call):
    proposal = _in_state(personas, call, ProposalStatus.UNDER_REVIEW)
    with pytest.raises(ValidationError) as excinfo:
        proposal_transition(proposal=proposal, action="reject", by=personas.olivia_officer, reason="  ")
    assert "reason" in excinfo.value.message_dict
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.UNDER_REVIEW
