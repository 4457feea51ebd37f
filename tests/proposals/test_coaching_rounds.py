"""The heart of the lifecycle: submissions freeze versions, coaching opens rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.lifecycle import make_call, make_programme, make_submitted_proposal
from wushe.proposals.models import CoachingRound, ProposalStatus, ProposalVersion
from wushe.proposals.services import comment_reply, proposal_save_draft, proposal_transition


@pytest.fixture
def submitted(personas):
    return make_submitted_proposal(personas, make_call(make_programme(personas)))


def test_it_freezes_a_numbered_version_at_each_submission(personas, submitted):
    version = submitted.versions.get()
    assert version.number == 1
    assert version.sections["goals"] == submitted.sections["goals"]
    assert version.total == submitted.requested_amount
    assert submitted.version_count == 1


def test_a_version_cannot_be_changed_once_frozen(submitted):
    version = submitted.versions.get()
    version.title = "改过的标题"
    with pytest.raises(ValidationError):
        version.save()
    assert ProposalVersion.objects.get(pk=version.pk).title == submitted.title


def test_it_runs_four_rounds_of_coaching_into_four_versions(personas, submitted):
    officer, applicant = personas.olivia_officer, personas.gina_grantee
    proposal = submitted
    for n in range(1, 4):
        proposal = proposal_transition(
            proposal=proposal,
            action="request_revision",
            by=officer,
            comments=[("activities", f"第{n}轮:请把桶前值守的排班写具体。"), ("budget", "物资单价偏高,请核实。")],
        )
        assert proposal.status == ProposalStatus.REVISION_REQUESTED
        with pytest.raises(ValidationError):  # unanswered comments block resubmission
            proposal_transition(proposal=proposal, action="resubmit", by=applicant)
        for comment in proposal.comments.filter(addressed=False):
            comment_reply(comment=comment, by=applicant, reply="已按意见修改。", addressed=True)
        proposal = proposal_save_draft(
            proposal=proposal,
            by=applicant,
            edit_version=proposal.edit_version,
            sections={"activities": f"第{n + 1}稿:每周一三五晚七点至九点,两名志愿者桶前值守。"},
        )
        proposal = proposal_transition(proposal=proposal, action="resubmit", by=applicant)
    assert proposal.version_count == 4
    assert proposal.round_count == 3
    assert list(proposal.versions.values_list("number", flat=True)) == [1, 2, 3, 4]
    rounds = list(CoachingRound.objects.filter(proposal=proposal))
    assert [r.number for r in rounds] == [1, 2, 3]
    assert all(r.closed_at is not None and r.days is not None for r in rounds)
    assert rounds[0].version.number == 1
    assert rounds[2].version.number == 3


def test_request_revision_needs_at_least_one_comment(personas, submitted):
    with pytest.raises(ValidationError) as excinfo:
        proposal_transition(proposal=submitted, action="request_revision", by=personas.olivia_officer, comments=[])
    assert "comments" in excinfo.value.message_dict
    assert CoachingRound.objects.filter(proposal=submitted).count() == 0


def test_marking_addressed_needs_a_reply(personas, submitted):
    proposal = proposal_transition(
        proposal=submitted, action="request_revision", by=personas.olivia_officer, comments=[("need", "补充调研数据。")]
    )
    comment = proposal.comments.get()
    with pytest.raises(ValidationError):
        comment_reply(comment=comment, by=personas.gina_grantee, reply="", addressed=True)


def test_it_refuses_submission_after_the_deadline_until_an_officer_extends_it(personas):
    from tests.lifecycle import make_draft_proposal
    from wushe.programmes.models import Call
    from wushe.programmes.services import call_extend

    call = make_call(make_programme(personas))
    proposal = make_draft_proposal(personas, call)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as excinfo:
        proposal_transition(proposal=proposal, action="submit", by=personas.gina_grantee)
    assert "截止" in excinfo.value.messages[0]
    assert proposal.versions.count() == 0
    call.refresh_from_db()
    call_extend(
        call=call, by=personas.olivia_officer, new_closes_at=timezone.now() + timedelta(days=3), reason="疫情延期"
    )
    assert call.extensions.count() == 1
    assert proposal_transition(proposal=proposal, action="submit", by=personas.gina_grantee).status == "submitted"
