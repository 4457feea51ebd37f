"""The budget revision page (/grants/<id>/budget/) and what the grant page shows of the budget
against the grant amount and of the revisions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import csrf_post
from tests.grants.builders import make_approved_proposal, make_grant
from tests.grants.web import csrf_send
from wushe.grants.budget_services import grant_budget_revise
from wushe.grants.models import BudgetRevision, Grant, GrantBudgetLine
from wushe.grants.services import grant_record_expenditure, grant_transition

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def trimmed(personas) -> Grant:
    """Requested ¥100,000 (bins 40,000 + outreach 60,000), approved for ¥80,000."""
    return make_grant(personas, requested=100_000, approved=80_000)


def _url(grant) -> str:
    return f"/grants/{grant.pk}/budget/"


def _lines(grant) -> list[GrantBudgetLine]:
    return list(GrantBudgetLine.objects.filter(grant=grant).order_by("order", "pk"))


def _form(grant, amounts, *, reason="按立项金额调整", remove=(), new=()) -> dict[str, object]:
    """The form as the page sends it: every kept line's id, category, item and amount, then any
    new rows (category, item, amount)."""
    lines = _lines(grant)
    data: dict[str, object] = {
        "line": [str(line.pk) for line in lines] + [""] * len(new),
        "category": [line.category for line in lines] + [c for c, _i, _a in new],
        "item": [line.item for line in lines] + [i for _c, i, _a in new],
        "amount": list(amounts) + [a for _c, _i, a in new],
        "remove": [str(lines[i].pk) for i in remove],
        "reason": reason,
    }
    return data


def _amounts(grant) -> list[Decimal]:
    return [line.amount for line in _lines(grant)]


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["gina_grantee", "olivia_officer", "alice_admin"])
def test_it_shows_the_lines_the_totals_and_the_gap(personas, client_for, trimmed, who):
    response = client_for(getattr(personas, who)).get(_url(trimmed))

    assert response.status_code == 200
    body = response.content.decode()
    assert "¥80,000.00" in body  # the grant amount
    assert "¥100,000.00" in body  # the budget as copied from the proposal
    assert "预算多出" in body
    assert "¥20,000.00" in body
    assert "分类桶与宣传物资" in body
    assert "入户宣传与桶前值守" in body
    assert 'name="scale"' in body
    assert 'name="reason"' in body


@pytest.mark.parametrize("who", ["sam_staff", "frank_funder"])
def test_people_who_see_the_grant_but_may_not_revise_are_forbidden(personas, client_for, trimmed, who):
    client = client_for(getattr(personas, who))

    assert client.get(_url(trimmed)).status_code == 403
    assert csrf_post(client, _url(trimmed), _form(trimmed, ["32000", "48000"])).status_code == 403
    assert _amounts(trimmed) == [D("40000.00"), D("60000.00")]


@pytest.mark.parametrize("who", ["oscar_other", "rita_reviewer", "grace_gov", "vera_volunteer"])
def test_everyone_else_gets_not_found(personas, client_for, trimmed, who):
    client = client_for(getattr(personas, who))

    assert client.get(_url(trimmed)).status_code == 404
    assert csrf_post(client, _url(trimmed), _form(trimmed, ["32000", "48000"])).status_code == 404
    assert BudgetRevision.objects.count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(personas, client_for, trimmed):
    assert client_for(None).get(_url(trimmed))["Location"].startswith("/accounts/login/")


def test_it_answers_only_get_and_post(personas, client_for, trimmed):
    assert csrf_send(client_for(personas.gina_grantee), "PUT", _url(trimmed)).status_code == 405


# --- saving ---------------------------------------------------------------------------------


def test_saving_revises_the_budget_and_goes_back_to_the_grant(personas, client_for, trimmed):
    client = client_for(personas.gina_grantee)

    response = csrf_post(client, _url(trimmed), _form(trimmed, ["32000", "48000"], reason="按立项金额等比例调整"))

    assert response.status_code == 302
    assert response["Location"] == f"/grants/{trimmed.pk}/"
    assert _amounts(trimmed) == [D("32000.00"), D("48000.00")]
    revision = BudgetRevision.objects.get()
    assert (revision.revised_by, revision.reason) == (personas.gina_grantee, "按立项金额等比例调整")
    page = client.get(response["Location"]).content.decode()
    assert "预算已调整,合计与资助金额 ¥80,000.00 一致。" in page
    assert "按立项金额等比例调整" in page  # the history on the grant page
    assert 'data-testid="budget-gap"' not in page


def test_a_line_is_removed_and_one_added(personas, client_for, trimmed):
    data = _form(trimmed, ["50000", "60000"], remove=[1], new=[("training", "志愿者培训", "30000"), ("", "", "")])

    response = csrf_post(client_for(personas.olivia_officer), _url(trimmed), data)

    assert response.status_code == 302
    assert [(line.item, line.amount) for line in _lines(trimmed)] == [
        ("分类桶与宣传物资", D("50000.00")),
        ("志愿者培训", D("30000.00")),
    ]


def test_a_wrong_total_is_shown_and_what_was_typed_kept(personas, client_for, trimmed):
    response = csrf_post(client_for(personas.gina_grantee), _url(trimmed), _form(trimmed, ["40000", "30000"]))

    assert response.status_code == 200
    assert response.context["errors"] == [
        "调整后合计 ¥70,000.00,比资助金额 ¥80,000.00 少 ¥10,000.00。合计须等于资助金额。"
    ]
    body = response.content.decode()
    assert 'value="30000"' in body
    assert "预算不足" in body
    assert _amounts(trimmed) == [D("40000.00"), D("60000.00")]
    assert BudgetRevision.objects.count() == 0


def test_a_negative_line_is_shown_on_its_row(personas, client_for, trimmed):
    response = csrf_post(client_for(personas.gina_grantee), _url(trimmed), _form(trimmed, ["-1", "80001"]))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["errors"] for r in rows] == [["金额不能为负数。"], []]
    assert "金额不能为负数。" in response.content.decode()
    assert _amounts(trimmed) == [D("40000.00"), D("60000.00")]


def test_a_line_below_its_spending_is_shown_on_its_row(personas, client_for, trimmed):
    bins = _lines(trimmed)[0]
    grant_record_expenditure(
        grant=trimmed,
        budget_line=bins,
        amount="35000",
        spent_on=timezone.localdate(),
        description="分类桶",
        by=personas.sam_staff,
    )

    response = csrf_post(client_for(personas.gina_grantee), _url(trimmed), _form(trimmed, ["32000", "48000"]))

    assert response.status_code == 200
    assert response.context["rows"][0]["errors"] == ["不能低于这一行已支出的 ¥35,000.00。"]
    assert "已支出 ¥35,000.00" in response.content.decode()
    assert BudgetRevision.objects.count() == 0


def test_a_missing_reason_is_shown_on_its_field(personas, client_for, trimmed):
    response = csrf_post(
        client_for(personas.gina_grantee), _url(trimmed), _form(trimmed, ["32000", "48000"], reason="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["此项必填。"]
    assert BudgetRevision.objects.count() == 0


def test_the_scale_button_fills_in_amounts_scaled_to_the_grant_and_writes_nothing(personas, client_for, trimmed):
    data = _form(trimmed, ["40000", "60000"]) | {"scale": "1"}

    response = csrf_post(client_for(personas.gina_grantee), _url(trimmed), data)

    assert response.status_code == 200
    assert [r["amount"] for r in response.context["rows"]] == ["32000.00", "48000.00"]
    assert response.context["rows_gap"] == 0
    body = response.content.decode()
    assert 'value="32000.00"' in body
    assert 'value="48000.00"' in body
    assert "与资助金额一致" in body
    assert _amounts(trimmed) == [D("40000.00"), D("60000.00")]
    assert BudgetRevision.objects.count() == 0


def test_the_scale_button_leaves_out_removed_lines(personas, client_for, trimmed):
    data = _form(trimmed, ["40000", "60000"], remove=[1], new=[("training", "志愿者培训", "10000")]) | {"scale": "1"}

    response = csrf_post(client_for(personas.gina_grantee), _url(trimmed), data)

    rows = response.context["rows"]
    assert [(r["item"], r["remove"], r["amount"]) for r in rows] == [
        ("分类桶与宣传物资", False, "64000.00"),
        ("入户宣传与桶前值守", True, "60000"),
        ("志愿者培训", False, "16000.00"),
    ]


def test_the_scale_button_keeps_a_line_at_what_was_spent_on_it(personas, client_for, trimmed):
    grant_record_expenditure(
        grant=trimmed,
        budget_line=_lines(trimmed)[0],
        amount="35000",
        spent_on=timezone.localdate(),
        description="分类桶",
        by=personas.sam_staff,
    )
    data = _form(trimmed, ["40000", "60000"]) | {"scale": "1"}

    response = csrf_post(client_for(personas.gina_grantee), _url(trimmed), data)

    assert [r["amount"] for r in response.context["rows"]] == ["35000.00", "45000.00"]


def test_a_closed_grant_shows_its_budget_but_no_form(personas, client_for, trimmed):
    grant_transition(grant=trimmed, action="close", by=personas.olivia_officer, reason="项目提前结束")
    client = client_for(personas.olivia_officer)

    body = client.get(_url(trimmed)).content.decode()
    response = csrf_post(client, _url(trimmed), _form(trimmed, ["32000", "48000"]))

    assert "协议当前状态为“已结项”,预算不能再调整。" in body
    assert body.count('data-testid="budget-line"') == 2  # shown, not editable
    assert 'name="amount"' not in body
    assert 'name="reason"' not in body
    assert response.status_code == 200
    assert response.context["errors"] == ["协议当前状态为“已结项”,不能“调整预算”。"]
    assert _amounts(trimmed) == [D("40000.00"), D("60000.00")]


def test_the_page_takes_as_many_queries_however_many_lines_and_revisions(
    personas, client_for, trimmed, django_assert_max_num_queries
):
    client = client_for(personas.gina_grantee)
    client.get(_url(trimmed))
    with CaptureQueriesContext(connection) as before:
        client.get(_url(trimmed))
    bins, outreach = _lines(trimmed)
    grant_budget_revise(
        grant=trimmed,
        by=personas.gina_grantee,
        lines=[{"id": bins.pk, "amount": "32000"}, {"id": outreach.pk, "amount": "48000"}],
        reason="按立项金额调整",
    )
    for n in range(3):
        lines = _lines(trimmed)
        grant_budget_revise(
            grant=trimmed,
            by=personas.olivia_officer,
            lines=[{"id": line.pk, "amount": str(line.amount - 1000)} for line in lines]
            + [{"category": "training", "item": f"培训 {n}", "amount": str(1000 * len(lines))}],
            reason=f"第 {n + 1} 次调整",
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(_url(trimmed))
    assert len(response.context["rows"]) == 5
    assert len(response.context["revisions"]) == 4


# --- the grant page -------------------------------------------------------------------------


def test_the_grant_page_shows_the_gap_and_who_may_revise(personas, client_for, trimmed):
    gina = client_for(personas.gina_grantee).get(f"/grants/{trimmed.pk}/").content.decode()
    sam = client_for(personas.sam_staff).get(f"/grants/{trimmed.pk}/").content.decode()

    for body in (gina, sam):
        assert 'data-testid="budget-needs-revision"' in body
        assert 'data-testid="budget-gap"' in body
        assert "¥20,000.00" in body
    assert f'href="/grants/{trimmed.pk}/budget/"' in gina
    assert f'href="/grants/{trimmed.pk}/budget/"' not in sam
    assert "由受资助机构管理员或项目官员调整。" in sam


def test_a_grant_approved_as_requested_shows_no_gap(personas, client_for, grant):
    body = client_for(personas.gina_grantee).get(f"/grants/{grant.pk}/").content.decode()

    assert 'data-testid="budget-gap"' not in body
    assert 'data-testid="budget-needs-revision"' not in body
    assert f'href="/grants/{grant.pk}/budget/"' in body  # a budget may still be revised


def test_the_grant_list_flags_a_budget_to_revise(personas, client_for, trimmed, grant):
    response = client_for(personas.olivia_officer).get("/grants/")

    assert response.content.decode().count('data-testid="budget-needs-revision"') == 1


def test_the_grant_page_lists_the_revisions_with_each_line(personas, client_for, trimmed):
    bins, outreach = _lines(trimmed)
    grant_budget_revise(
        grant=trimmed,
        by=personas.gina_grantee,
        lines=[{"id": bins.pk, "amount": "32000"}, {"id": outreach.pk, "amount": "48000"}],
        reason="按立项金额等比例调整",
    )

    body = client_for(personas.frank_funder).get(f"/grants/{trimmed.pk}/").content.decode()

    assert body.count('data-testid="budget-revision"') == 1
    assert "按立项金额等比例调整" in body
    assert "¥40,000.00 → ¥32,000.00" in body
    assert "(-¥8,000.00)" in body
    assert personas.gina_grantee.name in body


def test_the_grant_page_takes_as_many_queries_however_many_revisions(
    personas, client_for, trimmed, django_assert_max_num_queries
):
    client = client_for(personas.gina_grantee)
    client.get(f"/grants/{trimmed.pk}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/grants/{trimmed.pk}/")
    for n in range(3):
        lines = _lines(trimmed)
        grant_budget_revise(
            grant=trimmed,
            by=personas.gina_grantee if n % 2 else personas.olivia_officer,
            lines=[{"id": lines[0].pk, "amount": str(32000 - n)}, {"id": lines[1].pk, "amount": str(48000 + n)}],
            reason=f"第 {n + 1} 次调整",
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(f"/grants/{trimmed.pk}/")
    assert len(response.context["revisions"]) == 3


def test_signing_a_grant_approved_below_its_request_says_the_budget_will_need_revising(personas, client_for):
    below = make_approved_proposal(personas, requested=100_000, approved=80_000)
    as_asked = make_approved_proposal(personas, requested=90_000)
    client = client_for(personas.olivia_officer)

    note = 'data-testid="budget-will-need-revision"'
    assert note in client.get(f"/grants/from-proposal/{below.pk}/").content.decode()
    assert note not in client.get(f"/grants/from-proposal/{as_asked.pk}/").content.decode()
