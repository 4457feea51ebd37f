from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.grants.builders import THREE_TRANCHES, make_approved_proposal, make_grant, make_grant_call
from tests.lifecycle import make_programme, make_proposal_under_review
from wushe.grants.models import AgreementSequence, Grant, GrantBudgetLine, GrantStatus, Tranche
from wushe.grants.services import agreement_prefix, grant_create_from_proposal
from wushe.proposals.models import ProposalStatus
from wushe.reviews.models import Decision, DecisionOutcome

pytestmark = pytest.mark.django_db


def _create(personas, proposal, tranches=THREE_TRANCHES, **kwargs):
    today = timezone.localdate()
    values = {"starts_on": today, "ends_on": today + timedelta(days=365), **kwargs}
    return grant_create_from_proposal(
        proposal=proposal, by=personas.olivia_officer, tranches=[dict(t) for t in tranches], **values
    )


def _nothing_written():
    assert Grant.objects.count() == 0
    assert Tranche.objects.count() == 0
    assert GrantBudgetLine.objects.count() == 0
    assert AgreementSequence.objects.count() == 0


def test_it_makes_a_grant_with_tranches_from_percentages_and_the_budget_copied(personas):
    proposal = make_approved_proposal(personas, requested=100_000)

    grant = _create(personas, proposal)

    assert grant.status == GrantStatus.ACTIVE
    assert grant.amount == Decimal("100000.00")
    assert grant.organisation == personas.grantee
    assert grant.programme == proposal.call.programme
    assert grant.disbursed_total == 0
    assert [(t.number, t.label, t.condition, t.amount) for t in grant.tranches.all()] == [
        (1, "第一期", "签约后", Decimal("50000.00")),
        (2, "第二期", "中期报告通过后", Decimal("30000.00")),
        (3, "第三期", "结项报告通过后", Decimal("20000.00")),
    ]
    copied = [(line.category, line.item, line.amount) for line in grant.budget_lines.all()]
    assert copied == [(line.category, line.item, line.amount) for line in proposal.budget_lines.all()]
    assert len(copied) == 2


def test_the_amount_is_the_latest_approve_decision(personas):
    proposal = make_approved_proposal(personas, requested=100_000, approved=80_000)

    grant = _create(personas, proposal)

    assert grant.amount == Decimal("80000.00")
    assert sum(t.amount for t in grant.tranches.all()) == Decimal("80000.00")


def test_without_a_decision_the_requested_amount_is_granted(personas):
    proposal = make_approved_proposal(personas, requested=90_000, approved=70_000)
    Decision.objects.filter(proposal=proposal).delete()

    assert _create(personas, proposal).amount == Decimal("90000.00")


def test_the_rounding_remainder_of_percentages_goes_on_the_last_tranche(personas):
    proposal = make_approved_proposal(personas, requested=100_000, approved="33333.33")

    grant = _create(personas, proposal)

    # 50% = 16666.665 → 16666.67, 30% = 9999.999 → 10000.00, 20% takes what is left.
    assert [t.amount for t in grant.tranches.all()] == [
        Decimal("16666.67"),
        Decimal("10000.00"),
        Decimal("6666.66"),
    ]
    assert sum(t.amount for t in grant.tranches.all()) == grant.amount


def test_tranches_may_mix_amounts_and_percentages(personas):
    proposal = make_approved_proposal(personas, requested=100_000)

    grant = _create(
        personas,
        proposal,
        tranches=[{"label": "首期", "amount": "60000"}, {"label": "尾期", "percent": "40"}],
    )

    assert [t.amount for t in grant.tranches.all()] == [Decimal("60000.00"), Decimal("40000.00")]


def test_it_refuses_tranches_that_do_not_sum_to_the_grant(personas):
    proposal = make_approved_proposal(personas, requested=100_000)

    with pytest.raises(ValidationError) as caught:
        _create(
            personas,
            proposal,
            tranches=[
                {"label": "第一期", "amount": "50000"},
                {"label": "第二期", "amount": "30000"},
                {"label": "第三期", "amount": "10000"},
            ],
        )

    assert caught.value.message_dict["tranches"] == [
        "各期金额合计 ¥90,000.00,与资助金额 ¥100,000.00 不一致(相差 ¥10,000.00)。"
    ]
    _nothing_written()


def test_it_refuses_percentages_that_do_not_make_a_hundred(personas):
    proposal = make_approved_proposal(personas, requested=100_000)
    tranches = [
        {"label": "第一期", "percent": 50},
        {"label": "第二期", "percent": 30},
        {"label": "第三期", "percent": 10},
    ]

    with pytest.raises(ValidationError) as caught:
        _create(personas, proposal, tranches=tranches)

    assert "与资助金额 ¥100,000.00 不一致" in caught.value.message_dict["tranches"][0]
    _nothing_written()


@pytest.mark.parametrize(
    ("tranche", "field", "message"),
    [
        ({"label": "", "percent": 100}, "tranches.0.label", "此项必填。"),
        ({"label": "全额"}, "tranches.0.amount", "请填写本期金额或百分比。"),
        ({"label": "全额", "percent": 100, "amount": "100000"}, "tranches.0.amount", "金额和百分比只填一项。"),
        ({"label": "全额", "percent": 120}, "tranches.0.percent", "百分比须大于 0 且不超过 100。"),
        ({"label": "全额", "percent": "abc"}, "tranches.0.percent", "请输入百分比,如 50。"),
        ({"label": "全额", "amount": "-100000"}, "tranches.0.amount", "金额不能为负数。"),
        ({"label": "全额", "amount": "100000.001"}, "tranches.0.amount", "金额最多保留两位小数(精确到分)。"),
    ],
)
def test_it_refuses_a_malformed_tranche_field_by_field(personas, tranche, field, message):
    proposal = make_approved_proposal(personas, requested=100_000)

    with pytest.raises(ValidationError) as caught:
        _create(personas, proposal, tranches=[tranche])

    assert caught.value.message_dict[field] == [message]
    _nothing_written()


def test_it_refuses_no_tranches_at_all(personas):
    proposal = make_approved_proposal(personas)

    with pytest.raises(ValidationError) as caught:
        _create(personas, proposal, tranches=[])

    assert caught.value.message_dict["tranches"] == ["请至少设置一期拨款。"]


def test_it_refuses_an_end_before_the_start(personas):
    proposal = make_approved_proposal(personas)

    with pytest.raises(ValidationError) as caught:
        _create(personas, proposal, starts_on=date(2021, 3, 1), ends_on=date(2021, 2, 1))

    assert caught.value.message_dict["ends_on"] == ["结束日期不能早于开始日期。"]
    _nothing_written()


def test_it_refuses_a_proposal_that_is_not_approved(personas):
    call = make_grant_call(personas)
    proposal = make_proposal_under_review(personas, call)

    with pytest.raises(ValidationError) as caught:
        _create(personas, proposal)

    assert caught.value.message_dict["proposal"] == ["只能为已立项的项目书签订资助协议;该项目书当前状态为“评审中”。"]
    assert proposal.status == ProposalStatus.UNDER_REVIEW
    _nothing_written()


def test_it_refuses_a_second_grant_for_the_same_proposal(personas):
    grant = make_grant(personas)

    with pytest.raises(ValidationError) as caught:
        _create(personas, grant.proposal)

    assert caught.value.message_dict["proposal"] == ["该项目书已签订资助协议。"]
    assert Grant.objects.count() == 1
    assert Tranche.objects.count() == 3


@pytest.mark.parametrize(
    "who", ["gina_grantee", "sam_staff", "frank_funder", "oscar_other", "grace_gov", "rita_reviewer"]
)
def test_only_those_running_the_programme_may_make_a_grant(personas, who):
    proposal = make_approved_proposal(personas)

    with pytest.raises(PermissionDenied):
        grant_create_from_proposal(
            proposal=proposal,
            by=getattr(personas, who),
            starts_on=date(2021, 3, 1),
            ends_on=date(2022, 2, 28),
            tranches=list(THREE_TRANCHES),
        )
    _nothing_written()


def test_a_platform_admin_may_make_a_grant(personas):
    proposal = make_approved_proposal(personas)

    grant = grant_create_from_proposal(
        proposal=proposal,
        by=personas.alice_admin,
        starts_on=date(2021, 3, 1),
        ends_on=date(2022, 2, 28),
        tranches=list(THREE_TRANCHES),
    )

    assert grant.created_by == personas.alice_admin


def test_agreement_numbers_count_up_per_programme_code_and_year(personas):
    call = make_grant_call(personas)
    first = make_approved_proposal(personas, call, title="零废弃院落试点")
    second = make_approved_proposal(personas, call, title="社区堆肥角")
    third = make_approved_proposal(personas, call, title="旧物交换集市")

    a = _create(personas, first, starts_on=date(2021, 3, 1), ends_on=date(2022, 2, 28))
    b = _create(personas, second, starts_on=date(2021, 4, 1), ends_on=date(2022, 3, 31))
    c = _create(personas, third, starts_on=date(2022, 1, 1), ends_on=date(2022, 12, 31))

    assert (a.agreement_number, b.agreement_number, c.agreement_number) == (
        "LY-2021-0001",
        "LY-2021-0002",
        "LY-2022-0001",
    )


@pytest.mark.parametrize(
    ("name", "short_name", "code"),
    [("绿缘计划", "", "LY"), ("北京社区绿色发展资助计划", "绿缘计划", "LY"), ("Green Links 2021", "", "GL2021")],
)
def test_the_agreement_prefix_is_the_programme_short_code(personas, name, short_name, code):
    programme = make_programme(personas, name=name, short_name=short_name)

    assert agreement_prefix(programme) == code


def test_making_a_grant_is_audited(personas):
    grant = make_grant(personas)

    entry = LogEntry.objects.get_for_object(grant).filter(additional_data__event="grant.create").get()
    assert entry.actor == personas.olivia_officer
    assert entry.changes_dict["status"] == ["", "active"]
    assert entry.changes_dict["amount"] == ["", "100000.00"]


def test_the_approve_decision_outcome_is_what_counts(personas):
    """A later waitlist or reject row does not change the approved amount."""
    proposal = make_approved_proposal(personas, requested=100_000, approved=60_000)
    Decision.objects.create(
        proposal=proposal, outcome=DecisionOutcome.WAITLIST, reasons="旧记录", decided_by=personas.olivia_officer
    )

    assert _create(personas, proposal).amount == Decimal("60000.00")


def test_it_refuses_missing_dates(personas):
    proposal = make_approved_proposal(personas)

    with pytest.raises(ValidationError) as caught:
        _create(personas, proposal, starts_on=None, ends_on=None)

    assert caught.value.message_dict == {"starts_on": ["请填写开始日期。"], "ends_on": ["请填写结束日期。"]}
    _nothing_written()
