"""grant_budget_revise: a grant approved for less than requested has its budget revised to the
grant amount, by the grantee's admin or an officer, with a reason; refused field by field with
nothing written otherwise. Also the flag set when the grant is made, and the scaling helper."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone

from tests.grants.builders import make_grant
from wushe.grants.budget_services import grant_budget_revise, scaled_budget
from wushe.grants.models import BudgetRevision, Grant, GrantBudgetLine
from wushe.grants.services import grant_record_expenditure, grant_transition

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def trimmed(personas) -> Grant:
    """Requested ¥100,000 (bins 40,000 + outreach 60,000), approved for ¥80,000."""
    return make_grant(personas, requested=100_000, approved=80_000)


def _lines(grant: Grant) -> list[tuple[str, str, Decimal]]:
    return [(line.category, line.item, line.amount) for line in GrantBudgetLine.objects.filter(grant=grant)]


def _ids(grant: Grant) -> tuple[int, int]:
    bins, outreach = GrantBudgetLine.objects.filter(grant=grant).order_by("order")
    return bins.pk, outreach.pk


def _refused(grant: Grant, by, lines, reason="按立项金额调整") -> dict[str, list[str]]:
    """The service's errors, having checked that nothing was written."""
    before = _lines(grant), BudgetRevision.objects.count(), LogEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        grant_budget_revise(grant=grant, by=by, lines=lines, reason=reason)
    assert (_lines(grant), BudgetRevision.objects.count(), LogEntry.objects.count()) == before
    return exc.value.message_dict


def _spend(grant: Grant, line_pk: int, amount: str, personas) -> None:
    grant_record_expenditure(
        grant=grant,
        budget_line=GrantBudgetLine.objects.get(pk=line_pk),
        amount=amount,
        spent_on=timezone.localdate(),
        description="分类桶采购",
        by=personas.sam_staff,
    )


# --- the flag set when the grant is made ----------------------------------------------------


def test_a_grant_approved_below_its_request_waits_for_a_budget_revision(personas, trimmed):
    assert trimmed.amount == D("80000.00")
    assert trimmed.budget_needs_revision is True
    assert sum(line.amount for line in trimmed.budget_lines.all()) == D("100000.00")


def test_a_grant_approved_as_requested_needs_no_revision(personas, grant):
    assert grant.budget_needs_revision is False


# --- revising -------------------------------------------------------------------------------


def test_the_grantee_admin_revises_the_budget_to_the_grant_amount(personas, trimmed):
    bins, outreach = _ids(trimmed)

    revision = grant_budget_revise(
        grant=trimmed,
        by=personas.gina_grantee,
        lines=[{"id": bins, "amount": "32000"}, {"id": outreach, "amount": "48000.00"}],
        reason="按立项金额等比例调整",
    )

    assert _lines(trimmed) == [
        ("materials", "分类桶与宣传物资", D("32000.00")),
        ("activity", "入户宣传与桶前值守", D("48000.00")),
    ]
    trimmed.refresh_from_db()
    assert trimmed.budget_needs_revision is False
    assert (revision.revised_by, revision.reason) == (personas.gina_grantee, "按立项金额等比例调整")
    assert (revision.total_before, revision.total_after) == (D("100000.00"), D("80000.00"))
    assert revision.lines == [
        {"category": "materials", "item": "分类桶与宣传物资", "before": "40000.00", "after": "32000.00"},
        {"category": "activity", "item": "入户宣传与桶前值守", "before": "60000.00", "after": "48000.00"},
    ]
    event = LogEntry.objects.get_for_object(trimmed).filter(additional_data__event="grant.budget_revise").get()
    assert event.actor == personas.gina_grantee
    assert event.changes_dict == {"budget_total": ["100000.00", "80000.00"], "reason": ["", "按立项金额等比例调整"]}
    line_entries = LogEntry.objects.filter(content_type__model="grantbudgetline", action=LogEntry.Action.UPDATE)
    assert {e.actor for e in line_entries} == {personas.gina_grantee}
    assert line_entries.count() == 2


def test_an_officer_removes_a_line_and_adds_one_by_category(personas, trimmed):
    bins, _outreach = _ids(trimmed)

    revision = grant_budget_revise(
        grant=trimmed,
        by=personas.olivia_officer,
        lines=[
            {"id": bins, "amount": "50000"},
            {"category": "training", "item": "志愿者培训", "amount": "30000"},
        ],
        reason="入户宣传改由街道承担,增加志愿者培训",
    )

    assert _lines(trimmed) == [
        ("materials", "分类桶与宣传物资", D("50000.00")),
        ("training", "志愿者培训", D("30000.00")),
    ]
    assert [(c["item"], c["state"], c["diff"]) for c in revision.changes] == [
        ("分类桶与宣传物资", "changed", D("10000.00")),
        ("志愿者培训", "added", D("30000.00")),
        ("入户宣传与桶前值守", "removed", D("-60000.00")),
    ]


def test_a_suspended_grant_may_be_revised(personas, trimmed):
    grant_transition(grant=trimmed, action="suspend", by=personas.olivia_officer, reason="待预算调整后恢复拨付")
    bins, outreach = _ids(trimmed)

    grant_budget_revise(
        grant=trimmed,
        by=personas.olivia_officer,
        lines=[{"id": bins, "amount": "30000"}, {"id": outreach, "amount": "50000"}],
        reason="按立项金额调整",
    )

    assert sum(amount for _c, _i, amount in _lines(trimmed)) == D("80000.00")


def test_a_line_may_come_down_to_what_was_spent_on_it(personas, trimmed):
    bins, outreach = _ids(trimmed)
    _spend(trimmed, bins, "35000", personas)

    grant_budget_revise(
        grant=trimmed,
        by=personas.gina_grantee,
        lines=[{"id": bins, "amount": "35000"}, {"id": outreach, "amount": "45000"}],
        reason="按立项金额调整",
    )

    assert GrantBudgetLine.objects.get(pk=bins).amount == D("35000.00")


# --- refused ----------------------------------------------------------------------------------


def test_a_total_other_than_the_grant_amount_is_refused(personas, trimmed):
    bins, outreach = _ids(trimmed)

    errors = _refused(
        trimmed, personas.gina_grantee, [{"id": bins, "amount": "40000"}, {"id": outreach, "amount": "30000"}]
    )

    assert errors == {"total": ["调整后合计 ¥70,000.00,比资助金额 ¥80,000.00 少 ¥10,000.00。合计须等于资助金额。"]}
    trimmed.refresh_from_db()
    assert trimmed.budget_needs_revision is True


def test_a_total_above_the_grant_amount_says_by_how_much(personas, trimmed):
    bins, outreach = _ids(trimmed)

    errors = _refused(
        trimmed, personas.gina_grantee, [{"id": bins, "amount": "40000"}, {"id": outreach, "amount": "40000.01"}]
    )

    assert errors == {"total": ["调整后合计 ¥80,000.01,比资助金额 ¥80,000.00 多 ¥0.01。合计须等于资助金额。"]}


def test_a_negative_line_is_refused_on_its_field(personas, trimmed):
    bins, outreach = _ids(trimmed)

    errors = _refused(
        trimmed, personas.gina_grantee, [{"id": bins, "amount": "-1"}, {"id": outreach, "amount": "80001"}]
    )

    assert errors == {"lines.0.amount": ["金额不能为负数。"]}


@pytest.mark.parametrize(
    ("amount", "message"),
    [("abc", "请输入金额,如 12000 或 12000.50。"), ("1.001", "金额最多保留两位小数(精确到分)。")],
)
def test_an_amount_that_is_not_yuan_is_refused_on_its_field(personas, trimmed, amount, message):
    bins, outreach = _ids(trimmed)

    errors = _refused(
        trimmed, personas.gina_grantee, [{"id": bins, "amount": "80000"}, {"id": outreach, "amount": amount}]
    )

    assert errors == {"lines.1.amount": [message]}


def test_a_line_below_what_was_spent_on_it_is_refused(personas, trimmed):
    bins, outreach = _ids(trimmed)
    _spend(trimmed, bins, "35000", personas)

    errors = _refused(
        trimmed, personas.gina_grantee, [{"id": bins, "amount": "32000"}, {"id": outreach, "amount": "48000"}]
    )

    assert errors == {"lines.0.amount": ["不能低于这一行已支出的 ¥35,000.00。"]}


def test_a_line_with_spending_cannot_be_removed(personas, trimmed):
    bins, outreach = _ids(trimmed)
    _spend(trimmed, outreach, "1200", personas)

    errors = _refused(trimmed, personas.gina_grantee, [{"id": bins, "amount": "80000"}])

    assert errors == {"lines": ["“入户宣传与桶前值守”已支出 ¥1,200.00,不能删除;可以调低金额,但不能低于已支出。"]}


def test_a_closed_grant_is_refused(personas, trimmed):
    grant_transition(grant=trimmed, action="close", by=personas.olivia_officer, reason="项目提前结束")
    bins, outreach = _ids(trimmed)

    errors = _refused(
        trimmed, personas.olivia_officer, [{"id": bins, "amount": "32000"}, {"id": outreach, "amount": "48000"}]
    )

    assert errors == {NON_FIELD_ERRORS: ["协议当前状态为“已结项”,不能“调整预算”。"]}


@pytest.mark.parametrize("who", ["sam_staff", "frank_funder", "oscar_other", "rita_reviewer", "vera_volunteer"])
def test_only_the_grantee_admin_and_officers_may_revise(personas, trimmed, who):
    bins, outreach = _ids(trimmed)

    with pytest.raises(PermissionDenied):
        grant_budget_revise(
            grant=trimmed,
            by=getattr(personas, who),
            lines=[{"id": bins, "amount": "32000"}, {"id": outreach, "amount": "48000"}],
            reason="按立项金额调整",
        )

    assert BudgetRevision.objects.count() == 0
    assert _lines(trimmed)[0][2] == D("40000.00")


def test_the_reason_and_new_lines_are_checked_together(personas, trimmed):
    bins, outreach = _ids(trimmed)

    errors = _refused(
        trimmed,
        personas.gina_grantee,
        [
            {"id": bins, "amount": "30000"},
            {"id": outreach, "amount": "40000"},
            {"category": "snacks", "item": "", "amount": "10000"},
        ],
        reason="  ",
    )

    assert errors == {
        "reason": ["此项必填。"],
        "lines.2.category": ["请选择预算类别。"],
        "lines.2.item": ["此项必填。"],
    }


def test_every_problem_is_reported_at_once(personas, trimmed):
    bins, outreach = _ids(trimmed)
    _spend(trimmed, bins, "35000", personas)

    errors = _refused(
        trimmed,
        personas.gina_grantee,
        [{"id": bins, "amount": "30000"}, {"id": outreach, "amount": "40000"}],
        reason="",
    )

    assert errors == {"reason": ["此项必填。"], "lines.0.amount": ["不能低于这一行已支出的 ¥35,000.00。"]}

    errors = _refused(
        trimmed,
        personas.gina_grantee,
        [{"id": bins, "amount": "35000"}, {"id": outreach, "amount": "40000"}],
        reason="",
    )

    assert errors == {
        "reason": ["此项必填。"],
        "total": ["调整后合计 ¥75,000.00,比资助金额 ¥80,000.00 少 ¥5,000.00。合计须等于资助金额。"],
    }


def test_a_line_of_another_grant_is_refused(personas, trimmed):
    other = make_grant(personas, requested=90_000, approved=80_000)
    stranger = other.budget_lines.first()
    bins, _outreach = _ids(trimmed)

    errors = _refused(
        trimmed, personas.olivia_officer, [{"id": bins, "amount": "40000"}, {"id": stranger.pk, "amount": "40000"}]
    )

    assert errors == {"lines.1.id": ["该预算行不属于此资助协议。"]}
    assert GrantBudgetLine.objects.get(pk=stranger.pk).amount == stranger.amount


def test_a_line_named_twice_is_refused(personas, trimmed):
    bins, _outreach = _ids(trimmed)

    errors = _refused(
        trimmed, personas.gina_grantee, [{"id": bins, "amount": "40000"}, {"id": bins, "amount": "40000"}]
    )

    assert errors == {"lines.1.id": ["同一预算行出现了两次。"]}


def test_no_lines_at_all_is_refused(personas, trimmed):
    assert _refused(trimmed, personas.gina_grantee, []) == {"lines": ["请至少保留一行预算。"]}


# --- repeating ------------------------------------------------------------------------------


def test_repeating_the_same_revision_changes_nothing_and_a_new_one_is_kept_too(personas, trimmed):
    bins, outreach = _ids(trimmed)
    lines = [{"id": bins, "amount": "32000"}, {"id": outreach, "amount": "48000"}]
    first = grant_budget_revise(grant=trimmed, by=personas.gina_grantee, lines=lines, reason="按立项金额调整")

    errors = _refused(trimmed, personas.gina_grantee, lines)

    assert errors == {NON_FIELD_ERRORS: ["预算没有变化,无需调整。"]}
    second = grant_budget_revise(
        grant=trimmed,
        by=personas.olivia_officer,
        lines=[{"id": bins, "amount": "30000"}, {"id": outreach, "amount": "50000"}],
        reason="分类桶集中采购更便宜",
    )
    assert list(BudgetRevision.objects.filter(grant=trimmed)) == [second, first]
    assert (second.total_before, second.total_after) == (D("80000.00"), D("80000.00"))
    assert [(c["before"], c["after"]) for c in second.changes] == [("32000.00", "30000.00"), ("48000.00", "50000.00")]


# --- the scaling helper ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amounts", "total", "scaled"),
    [
        (["40000", "60000"], "80000", ["32000", "48000"]),
        # 33333.33 × 0.4 = 13333.332 → 13333; the largest line takes the rest, cents included.
        (["40000", "60000"], "33333.33", ["13333", "20000.33"]),
        # Three equal thirds: each rounds to 26667, the first of the largest gives back the 1 over.
        (["10000", "10000", "10000"], "80000", ["26666", "26667", "26667"]),
        (["100", "0", "900"], "500", ["50", "0", "450"]),
        # Rounding half up would leave the largest line negative; rounding down never does.
        (["1", "1", "1", "1", "1", "1"], "3", ["3", "0", "0", "0", "0", "0"]),
        (["0", "0"], "500", ["0", "0"]),
        ([], "500", []),
    ],
)
def test_scaling_rounds_to_yuan_and_puts_the_remainder_on_the_largest_line(amounts, total, scaled):
    result = scaled_budget([D(a) for a in amounts], D(total))

    assert result == [D(s) for s in scaled]
    if any(D(a) for a in amounts):
        assert sum(result) == D(total)
        assert all(a >= 0 for a in result)


@pytest.mark.parametrize(
    ("amounts", "floors", "total", "scaled"),
    [
        # 40,000 would scale to 32,000, below the 35,000 spent: it stays at 35,000, the other takes the rest.
        (["40000", "60000"], ["35000", "0"], "80000", ["35000", "45000"]),
        # Spending with cents is kept to the cent; the largest free line takes the cents left.
        (["40000", "30000", "30000"], ["0", "29000.50", "0"], "80000", ["29142.50", "29000.50", "21857"]),
        # Floors above the total cannot all be kept: plain scaling, for the person to sort out.
        (["40000", "60000"], ["50000", "40000"], "80000", ["32000", "48000"]),
        # Floors below the scaled amounts change nothing.
        (["40000", "60000"], ["1000", "2000"], "80000", ["32000", "48000"]),
    ],
)
def test_scaling_keeps_each_line_at_least_at_what_was_spent(amounts, floors, total, scaled):
    result = scaled_budget([D(a) for a in amounts], D(total), floors=[D(f) for f in floors])

    assert result == [D(s) for s in scaled]
    assert sum(result) == D(total)
