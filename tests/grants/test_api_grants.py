"""/api/v1/grants and its tranches and disbursements."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.grants.builders import make_grant
from wushe.accounts.services import api_token_create
from wushe.grants.models import Disbursement
from wushe.grants.services import grant_disburse, grant_transition

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, secret = api_token_create(user=user, name="测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def post(client: Client, url: str, body) -> object:
    return client.post(url, body if isinstance(body, str) else json.dumps(body), content_type="application/json")


def _payment(grant, amount="50000", reference="HD-0301", number=1) -> dict:
    return {
        "tranche_id": grant.tranches.get(number=number).pk,
        "amount": amount,
        "paid_on": timezone.localdate().isoformat(),
        "reference": reference,
    }


# --- list -------------------------------------------------------------------------------------


def test_the_list_is_paginated_and_scoped(personas, grant):
    body = api(personas.olivia_officer).get("/api/v1/grants").json()

    assert body["count"] == 1
    assert (body["page"], body["page_size"]) == (1, 20)
    (item,) = body["results"]
    assert item["agreement_number"] == grant.agreement_number
    assert item["amount"] == "100000.00"
    assert item["disbursed_total"] == "0.00"
    assert item["status"] == "active"
    assert item["status_display"] == "执行中"
    assert item["organisation"] == {"id": personas.grantee.pk, "name": personas.grantee.name}


@pytest.mark.parametrize(
    ("who", "count"),
    [("gina_grantee", 1), ("frank_funder", 1), ("oscar_other", 0), ("grace_gov", 0), ("rita_reviewer", 0)],
)
def test_each_person_lists_only_what_they_may_see(personas, grant, who, count):
    assert api(getattr(personas, who)).get("/api/v1/grants").json()["count"] == count


def test_the_list_filters_by_programme_organisation_and_status(personas, grant):
    other = make_grant(personas)
    grant_transition(grant=other, action="suspend", by=personas.olivia_officer, reason="核查")
    client = api(personas.olivia_officer)

    def numbers(query: str) -> list[str]:
        return [g["agreement_number"] for g in client.get(f"/api/v1/grants?{query}").json()["results"]]

    assert numbers("status=suspended") == [other.agreement_number]
    assert numbers(f"programme={grant.programme_id}") == [grant.agreement_number]
    assert sorted(numbers(f"organisation={personas.grantee.pk}")) == sorted(
        [grant.agreement_number, other.agreement_number]
    )
    assert numbers(f"organisation={personas.other.pk}") == []


def test_a_bad_filter_is_a_field_error(personas):
    response = api(personas.olivia_officer).get("/api/v1/grants?status=paused")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]


def test_without_credentials_it_answers_401(grant):
    assert Client().get("/api/v1/grants").status_code == 401


# --- one grant, its tranches and payments ---------------------------------------------------


def test_one_grant_with_its_tranches_and_budget(personas, grant):
    body = api(personas.gina_grantee).get(f"/api/v1/grants/{grant.pk}").json()

    assert [(t["label"], t["amount"], t["remaining"]) for t in body["tranches"]] == [
        ("第一期", "50000.00", "50000.00"),
        ("第二期", "30000.00", "30000.00"),
        ("第三期", "20000.00", "20000.00"),
    ]
    assert [(b["item"], b["amount"]) for b in body["budget_lines"]] == [
        ("分类桶与宣传物资", "40000.00"),
        ("入户宣传与桶前值守", "60000.00"),
    ]


@pytest.mark.parametrize("path", ["", "/tranches", "/disbursements"])
def test_another_organisation_gets_404(personas, grant, path):
    response = api(personas.oscar_other).get(f"/api/v1/grants/{grant.pk}{path}")

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_the_tranches_and_the_payments(personas, grant):
    grant_disburse(
        grant=grant,
        tranche=grant.tranches.get(number=1),
        amount="20000",
        paid_on=timezone.localdate(),
        reference="HD-1",
        by=personas.olivia_officer,
    )
    client = api(personas.frank_funder)

    tranches = client.get(f"/api/v1/grants/{grant.pk}/tranches").json()
    payments = client.get(f"/api/v1/grants/{grant.pk}/disbursements").json()

    assert [(t["number"], t["disbursed"]) for t in tranches] == [(1, "20000.00"), (2, "0.00"), (3, "0.00")]
    assert [(p["tranche_label"], p["amount"], p["reference"]) for p in payments] == [("第一期", "20000.00", "HD-1")]


# --- recording a payment --------------------------------------------------------------------


def test_an_officer_records_a_payment(personas, grant):
    response = post(api(personas.olivia_officer), f"/api/v1/grants/{grant.pk}/disbursements", _payment(grant))

    assert response.status_code == 201
    assert response.json()["amount"] == "50000.00"
    grant.refresh_from_db()
    assert str(grant.disbursed_total) == "50000.00"


def test_a_payment_beyond_the_tranche_is_a_field_error(personas, grant):
    response = post(
        api(personas.olivia_officer), f"/api/v1/grants/{grant.pk}/disbursements", _payment(grant, amount="50000.01")
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "amount"],
            "msg": "超出本期可拨付余额:第一期 金额 ¥50,000.00,已拨付 ¥0.00,剩余 ¥50,000.00。",
            "type": "value_error",
        }
    ]
    assert Disbursement.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "金额须大于 0。"), ("-1", "金额不能为负数。"), ("1.001", "金额最多保留两位小数(精确到分)。")],
)
def test_an_amount_that_is_not_positive_yuan_is_a_field_error(personas, grant, amount, message):
    response = post(
        api(personas.olivia_officer), f"/api/v1/grants/{grant.pk}/disbursements", _payment(grant, amount=amount)
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "amount"]
    assert response.json()["detail"][0]["msg"] == message
    assert Disbursement.objects.count() == 0


def test_a_tranche_of_another_grant_is_a_field_error(personas, grant):
    other = make_grant(personas)

    response = post(
        api(personas.olivia_officer),
        f"/api/v1/grants/{grant.pk}/disbursements",
        _payment(grant) | {"tranche_id": other.tranches.first().pk},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "tranche_id"]
    assert Disbursement.objects.count() == 0


def test_a_suspended_grant_cannot_be_paid(personas, grant):
    grant_transition(grant=grant, action="suspend", by=personas.olivia_officer, reason="核查")

    response = post(api(personas.olivia_officer), f"/api/v1/grants/{grant.pk}/disbursements", _payment(grant))

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body"], "msg": "协议当前状态为“已暂停”,不能拨付。", "type": "value_error"}
    ]


@pytest.mark.parametrize(("who", "status"), [("gina_grantee", 403), ("frank_funder", 403), ("oscar_other", 404)])
def test_only_officers_may_pay(personas, grant, who, status):
    response = post(api(getattr(personas, who)), f"/api/v1/grants/{grant.pk}/disbursements", _payment(grant))

    assert response.status_code == status
    assert Disbursement.objects.count() == 0


def test_a_body_that_is_not_json_is_400(personas, grant):
    response = post(api(personas.olivia_officer), f"/api/v1/grants/{grant.pk}/disbursements", "{not json")

    assert response.status_code == 400
    assert Disbursement.objects.count() == 0


def test_every_status_code_is_declared(client_for, personas):
    schema = client_for(personas.olivia_officer).get("/api/v1/openapi.json").json()
    paths = schema["paths"]

    def codes(path: str, method: str) -> set[str]:
        return set(paths[path][method]["responses"])

    assert codes("/api/v1/grants", "get") == {"200", "401", "422"}
    assert codes("/api/v1/grants/{grant_id}", "get") == {"200", "401", "404", "422"}
    assert codes("/api/v1/grants/{grant_id}/tranches", "get") == {"200", "401", "404", "422"}
    assert codes("/api/v1/grants/{grant_id}/disbursements", "get") == {"200", "401", "404", "422"}
    assert codes("/api/v1/grants/{grant_id}/disbursements", "post") == {"201", "400", "401", "403", "404", "422"}
