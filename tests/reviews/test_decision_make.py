from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import MembershipFactory, UserFactory
from tests.lifecycle import make_proposal_under_review, make_submitted_proposal
from wushe.access.door import visible_to
from wushe.access.models import MemberRole
from wushe.accounts.models import Notification
from wushe.proposals.models import ProposalStatus
from wushe.reviews.models import Decision
from wushe.reviews.selectors import remaining_budget
from wushe.reviews.services import decision_make
from wushe.reviews.tasks import send_decision_notice


def _decide(personas, proposal, outcome, **kwargs):
    return decision_make(proposal=proposal, by=personas.olivia_officer, outcome=outcome, **kwargs)


def test_approving_records_the_decision_and_fires_the_transition(personas, proposal):
    decision = _decide(personas, proposal, "approve", amount="75000", reasons="需求清楚")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.decided_at is not None
    assert (decision.outcome, decision.amount, decision.decided_by) == (
        "approve",
        Decimal("75000.00"),
        personas.olivia_officer,
    )


def test_it_refuses_more_than_was_requested(personas, proposal):
    with pytest.raises(ValidationError) as exc:
        _decide(personas, proposal, "approve", amount="80000.01")
    assert "80,000.00" in exc.value.message_dict["amount"][0]
    _nothing_written(proposal)


def test_it_refuses_more_than_the_calls_remaining_budget(personas, call, proposal):
    # The call's budget is 150,000: approving 80,000 leaves 70,000.
    other = make_proposal_under_review(personas, call, title="厨余堆肥", amount=100_000)
    _decide(personas, other, "approve", amount=80_000)
    assert remaining_budget(call) == Decimal("70000")

    with pytest.raises(ValidationError) as exc:
        _decide(personas, proposal, "approve", amount="70000.01")
    assert "剩余预算 70,000.00" in exc.value.message_dict["amount"][0]
    _nothing_written(proposal)

    _decide(personas, proposal, "approve", amount=70_000)
    assert remaining_budget(call) == 0


def test_rejected_and_waitlisted_amounts_do_not_use_the_budget(personas, call, proposal):
    _decide(personas, proposal, "waitlist", reasons="预算有限,列入候补")
    assert remaining_budget(call) == call.budget


@pytest.mark.parametrize("amount", [None, "", "0", "-5", "abc", "10.001"])
def test_it_refuses_an_approval_without_a_valid_amount(personas, proposal, amount):
    with pytest.raises(ValidationError) as exc:
        _decide(personas, proposal, "approve", amount=amount)
    assert "amount" in exc.value.message_dict
    _nothing_written(proposal)


@pytest.mark.parametrize("outcome", ["reject", "waitlist"])
def test_rejecting_or_waitlisting_needs_reasons(personas, proposal, outcome):
    with pytest.raises(ValidationError) as exc:
        _decide(personas, proposal, outcome, reasons="  ")
    assert exc.value.message_dict == {"reasons": ["请写明理由,申请机构会看到。"]}
    _nothing_written(proposal)


def test_it_refuses_an_unknown_outcome(personas, proposal):
    with pytest.raises(ValidationError):
        _decide(personas, proposal, "maybe")
    _nothing_written(proposal)


def test_the_proposal_must_already_be_under_review(personas, call, rubric):
    submitted = make_submitted_proposal(personas, call)
    with pytest.raises(ValidationError, match="不能“立项”"):
        _decide(personas, submitted, "approve", amount=1000)
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_a_waitlisted_proposal_can_later_be_approved(personas, proposal):
    _decide(personas, proposal, "waitlist", reasons="候补")
    _decide(personas, proposal, "approve", amount=50_000, reasons="有项目撤回,递补立项")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert list(proposal.decisions.values_list("outcome", flat=True)) == ["approve", "waitlist"]


def test_a_decided_proposal_cannot_be_decided_again(personas, proposal):
    _decide(personas, proposal, "reject", reasons="与本期主题不符")
    with pytest.raises(ValidationError):
        _decide(personas, proposal, "approve", amount=1000)
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("who", ["gina_grantee", "rita_reviewer", "frank_funder", "oscar_other", "grace_gov"])
def test_only_the_programme_officer_decides(personas, proposal, who):
    with pytest.raises(PermissionDenied):
        decision_make(proposal=proposal, by=getattr(personas, who), outcome="approve", amount=1000)
    _nothing_written(proposal)


def test_the_applicant_sees_the_decision_and_its_reasons(personas, proposal):
    decision = _decide(personas, proposal, "reject", reasons="预算说明不够具体")
    for who in ("gina_grantee", "sam_staff", "olivia_officer", "frank_funder", "alice_admin"):
        seen = visible_to(getattr(personas, who), Decision).get()
        assert (seen.pk, seen.reasons) == (decision.pk, "预算说明不够具体"), who
    for who in ("oscar_other", "rita_reviewer", "grace_gov", "vera_volunteer"):
        assert not visible_to(getattr(personas, who), Decision).exists(), who


def test_the_applicants_admins_are_told_once_in_the_app_and_by_email(
    personas, proposal, django_capture_on_commit_callbacks
):
    second_admin = UserFactory(name="第二位管理员", email="admin2@example.test")
    MembershipFactory(user=second_admin, organisation=personas.grantee, role=MemberRole.ADMIN)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = _decide(personas, proposal, "approve", amount=60_000, reasons="设计扎实")
    assert len(callbacks) == 1

    assert sorted(m.to[0] for m in mail.outbox) == ["admin2@example.test", "gina@example.test"]
    message = next(m for m in mail.outbox if m.to == ["gina@example.test"])
    assert "已立项" in message.subject
    assert "60,000.00" in message.body
    assert "设计扎实" in message.body
    assert f"/reviews/decisions/{decision.pk}/" in message.body
    notes = Notification.objects.filter(url=f"/reviews/decisions/{decision.pk}/")
    assert sorted(notes.values_list("user__email", flat=True)) == ["admin2@example.test", "gina@example.test"]
    assert not Notification.objects.filter(user=personas.sam_staff).exists()  # staff, not admin
    decision.refresh_from_db()
    assert decision.notified_at is not None

    # A retried task tells nobody twice.
    assert send_decision_notice.call(decision_id=decision.pk) == 0
    assert len(mail.outbox) == 2
    assert notes.count() == 2


def test_nobody_is_told_until_the_decision_is_committed(personas, proposal):
    _decide(personas, proposal, "waitlist", reasons="候补")  # the test's transaction never commits
    assert mail.outbox == []
    assert not Notification.objects.filter(user=personas.gina_grantee).exists()


def test_a_refused_decision_tells_nobody(personas, proposal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        _decide(personas, proposal, "reject")
    assert callbacks == []
    assert mail.outbox == []


def _nothing_written(proposal):
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_REVIEW
    assert not Decision.objects.filter(proposal=proposal).exists()
