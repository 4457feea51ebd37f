"""/api/v1/grants/{id}/budget: the budget against the grant amount, and revising it over the same
service as the page."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.grants.builders import make_grant
from wushe.accounts.services import api_token_create
from wushe.grants.budget_services import grant_budget_revise
from wushe.grants.models import BudgetRevision, Grant, GrantBudgetLine
from wushe.grants.services import grant_record_expenditure, grant_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def trimmed(personas) -> Grant:
    """Requested ¥100,000 (bins 40,000 + outreach 60,000), approved for ¥80,000."""
    return make_grant(personas, requested=100_000, approved=80_000)


def api(user) -> Client:
    _token, secret = api_token_create(user=user, name="测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client: Client, url: str, body) -> object:
    return client.post(url, body if isinstance(body, str) else json.dumps(body), content_type="application/json")


def _url(grant) -> str:
    return f"/api/v1/grants/{grant.pk}/budget"


def _ids(grant) -> list[int]:
    return list(GrantBudgetLine.objects.filter(grant=grant).order_by("order").values_list("pk", flat=True))


def _body(grant, *amounts, reason="按立项金额调整", extra=()) -> dict:
    return {
        "reason": reason,
        "lines": [{"id": pk, "amount": a} for pk, a in zip(_ids(grant), amounts, strict=False)] + list(extra),
    }


def test_it_shows_the_budget_against_the_amount_with_a_suggestion(personas, trimmed):
    body = api(personas.gina_grantee).get(_url(trimmed)).json()

    assert body["amount"] == "80000.00"
    assert body["budget_total"] == "100000.00"
    assert body["difference"] == "20000.00"
    assert body["needs_revision"] is True
    assert body["can_revise"] is True
    assert [(line["item"], line["amount"], line["spent"], line["scaled_amount"]) for line in body["lines"]] == [
        ("分类桶与宣传物资", "40000.00", "0.00", "32000.00"),
        ("入户宣传与桶前值守", "60000.00", "0.00", "48000.00"),
    ]
    assert body["revisions"] == []


@pytest.mark.parametrize(("who", "can_revise"), [("sam_staff", False), ("frank_funder", False), ("alice_admin", True)])
def test_those_who_see_the_grant_see_its_budget(personas, trimmed, who, can_revise):
    response = api(getattr(personas, who)).get(_url(trimmed))

    assert response.status_code == 200
    assert response.json()["can_revise"] is can_revise


def test_the_grant_says_when_its_budget_needs_revision(personas, trimmed, grant):
    client = api(personas.olivia_officer)

    assert client.get(f"/api/v1/grants/{trimmed.pk}").json()["budget_needs_revision"] is True
    assert client.get(f"/api/v1/grants/{grant.pk}").json()["budget_needs_revision"] is False


def test_revising_answers_201_with_the_new_budget_and_its_history(personas, trimmed):
    response = post(api(personas.gina_grantee), _url(trimmed), _body(trimmed, "32000", "48000"))

    assert response.status_code == 201
    body = response.json()
    assert body["budget_total"] == "80000.00"
    assert body["difference"] == "0.00"
    assert body["needs_revision"] is False
    (revision,) = body["revisions"]
    assert revision["reason"] == "按立项金额调整"
    assert revision["revised_by"] == {"id": personas.gina_grantee.pk, "name": personas.gina_grantee.name}
    assert (revision["total_before"], revision["total_after"]) == ("100000.00", "80000.00")
    assert [(line["item"], line["before"], line["after"]) for line in revision["lines"]] == [
        ("分类桶与宣传物资", "40000.00", "32000.00"),
        ("入户宣传与桶前值守", "60000.00", "48000.00"),
    ]


def test_lines_are_added_by_category_and_removed_by_leaving_them_out(personas, trimmed):
    bins, _outreach = _ids(trimmed)
    body = {
        "reason": "调整活动结构",
        "lines": [
            {"id": bins, "amount": "50000"},
            {"category": "training", "item": "志愿者培训", "amount": "30000"},
        ],
    }

    response = post(api(personas.olivia_officer), _url(trimmed), body)

    assert response.status_code == 201
    assert [(line["category"], line["item"], line["amount"]) for line in response.json()["lines"]] == [
        ("materials", "分类桶与宣传物资", "50000.00"),
        ("training", "志愿者培训", "30000.00"),
    ]
    added, removed = response.json()["revisions"][0]["lines"][1:]
    assert (added["before"], added["after"]) == (None, "30000.00")
    assert (removed["before"], removed["after"]) == ("60000.00", None)


def test_a_wrong_total_is_an_error_on_the_lines(personas, trimmed):
    response = post(api(personas.gina_grantee), _url(trimmed), _body(trimmed, "40000", "30000"))

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "lines"],
            "msg": "调整后合计 ¥70,000.00,比资助金额 ¥80,000.00 少 ¥10,000.00。合计须等于资助金额。",
            "type": "value_error",
        }
    ]
    assert BudgetRevision.objects.count() == 0


def test_a_negative_line_is_an_error_on_its_amount(personas, trimmed):
    response = post(api(personas.gina_grantee), _url(trimmed), _body(trimmed, "80001", "-1"))

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "lines", 1, "amount"], "msg": "金额不能为负数。", "type": "value_error"}
    ]
    assert [line.amount for line in GrantBudgetLine.objects.filter(grant=trimmed)] == [
        Decimal("40000.00"),
        Decimal("60000.00"),
    ]


def test_a_line_below_its_spending_is_an_error_on_its_amount(personas, trimmed):
    bins, _outreach = _ids(trimmed)
    grant_record_expenditure(
        grant=trimmed,
        budget_line=GrantBudgetLine.objects.get(pk=bins),
        amount="35000",
        spent_on=timezone.localdate(),
        description="分类桶",
        by=personas.sam_staff,
    )

    response = post(api(personas.gina_grantee), _url(trimmed), _body(trimmed, "32000", "48000"))

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "lines", 0, "amount"], "msg": "不能低于这一行已支出的 ¥35,000.00。", "type": "value_error"}
    ]


def test_a_closed_grant_is_refused(personas, trimmed):
    grant_transition(grant=trimmed, action="close", by=personas.olivia_officer, reason="项目提前结束")

    response = post(api(personas.olivia_officer), _url(trimmed), _body(trimmed, "32000", "48000"))

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body"], "msg": "协议当前状态为“已结项”,不能“调整预算”。", "type": "value_error"}
    ]
    assert api(personas.olivia_officer).get(_url(trimmed)).json()["can_revise"] is False


def test_repeating_a_revision_is_refused(personas, trimmed):
    client = api(personas.gina_grantee)
    assert post(client, _url(trimmed), _body(trimmed, "32000", "48000")).status_code == 201

    response = post(client, _url(trimmed), _body(trimmed, "32000", "48000"))

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "预算没有变化,无需调整。"
    assert BudgetRevision.objects.count() == 1


def test_an_empty_reason_is_a_field_error(personas, trimmed):
    response = post(api(personas.gina_grantee), _url(trimmed), _body(trimmed, "32000", "48000", reason=""))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "reason"]
    assert BudgetRevision.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("sam_staff", 403), ("frank_funder", 403), ("oscar_other", 404), ("grace_gov", 404)],
)
def test_only_the_grantee_admin_and_officers_may_revise(personas, trimmed, who, status):
    response = post(api(getattr(personas, who)), _url(trimmed), _body(trimmed, "32000", "48000"))

    assert response.status_code == status
    assert BudgetRevision.objects.count() == 0


def test_another_organisation_cannot_see_the_budget(personas, trimmed):
    assert api(personas.oscar_other).get(_url(trimmed)).status_code == 404


def test_the_budget_endpoint_stays_flat(personas, trimmed):
    client = api(personas.gina_grantee)
    client.get(_url(trimmed))  # a token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        client.get(_url(trimmed))
    for n in range(3):
        ids = _ids(trimmed)
        grant_budget_revise(
            grant=trimmed,
            by=personas.gina_grantee,
            lines=[{"id": ids[0], "amount": str(32000 + n)}, {"id": ids[1], "amount": str(48000 - n)}],
            reason=f"第 {n + 1} 次",
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(trimmed)).status_code == 200
    assert len(many) == len(few)


def test_the_budget_endpoints_are_declared(client_for, personas):
    paths = client_for(personas.olivia_officer).get("/api/v1/openapi.json").json()["paths"]

    budget = paths["/api/v1/grants/{grant_id}/budget"]
    assert set(budget["get"]["responses"]) == {"200", "401", "404", "422"}
    assert set(budget["post"]["responses"]) == {"201", "400", "401", "403", "404", "422"}
