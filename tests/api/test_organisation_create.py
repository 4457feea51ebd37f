"""POST /api/v1/organisations: programme officers and platform admins only; bad input is
refused field by field, in Chinese, and nothing is written."""

from __future__ import annotations

import pytest

from tests.factories import make_uscc
from wushe.orgs.models import FieldOfWork, Organisation

URL = "/api/v1/organisations"


def valid(**changes) -> dict:
    data = {
        "name": "北京市东城区新街社会工作服务中心",
        "short_name": "新街社工",
        "kind": "service",
        "uscc": make_uscc(424242),
        "registered_on": "2019-05-20",
        "contact_name": "王老师",
        "contact_phone": "138 0013 8000",
        "contact_email": "xinjie@example.test",
        "description": "为老服务与社区营造。",
    }
    return {**data, **changes}


def post(client, data):
    return client.post(URL, data, content_type="application/json")


@pytest.mark.parametrize("who", ["alice_admin", "olivia_officer"])
def test_it_creates_an_organisation(personas, api_client, who):
    field = FieldOfWork.objects.first()
    data = valid(
        home_place_id=personas.street.pk, service_place_ids=[personas.district.pk], fields_of_work=[field.name]
    )
    response = post(api_client(getattr(personas, who)), data)
    assert response.status_code == 201, response.content
    body = response.json()
    org = Organisation.objects.get(pk=body["id"])
    assert org.name == data["name"]
    assert org.contact_phone == "13800138000"
    assert org.home_place == personas.street
    assert list(org.service_places.all()) == [personas.district]
    assert body["fields_of_work"] == [field.name]
    assert body["contact_phone"] == "13800138000"
    assert body["contact_phone_masked"] == "138****8000"
    assert body["kind_display"] == "社会服务机构"


@pytest.mark.parametrize("who", ["gina_grantee", "frank_funder", "rita_reviewer", "grace_gov", "vera_volunteer"])
def test_it_refuses_everyone_else(personas, api_client, who):
    response = post(api_client(getattr(personas, who)), valid())
    assert response.status_code == 403
    assert response.json() == {"detail": "你没有执行此操作的权限。"}
    assert not Organisation.objects.filter(name=valid()["name"]).exists()


def bad_uscc() -> str:
    good = make_uscc(424242)
    wrong = "0" if good[-1] != "0" else "1"
    return good[:-1] + wrong


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"uscc": bad_uscc()}, "uscc", "校验位不正确"),
        ({"contact_phone": "12345"}, "contact_phone", "有效的电话号码"),
        ({"home_place_id": 2**40}, "home_place_id", "没有这个地点"),
        ({"service_place_ids": [2**40]}, "service_place_ids", "没有这些地点"),
        ({"fields_of_work": ["炼金术"]}, "fields_of_work", "未知的服务领域:炼金术"),
        ({"name": "很长" * 51}, "name", "最多 100 个字"),
        ({"name": ""}, "name", "不能为空"),
        ({"name": "新街\x00社工"}, "name", "不能包含控制字符"),
        ({"description": "简介\x07"}, "description", "不能包含控制字符"),
        ({"kind": "club"}, "kind", "应为以下之一"),
        ({"registered_on": "2019-13-45"}, "registered_on", "有效的日期"),
        ({"contact_email": "not-an-address"}, "contact_email", "Email"),
        ({"kind": "service", "uscc": None}, "uscc", "统一社会信用代码"),
    ],
)
def test_it_refuses_bad_input_field_by_field(personas, api_client, changes, field, message):
    before = Organisation.objects.count()
    response = post(api_client(personas.olivia_officer), valid(**changes))
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", field]]
    assert message in errors[0]["msg"]
    assert Organisation.objects.count() == before


def test_it_reports_every_bad_field_at_once(personas, api_client):
    response = post(api_client(personas.olivia_officer), valid(name="", kind="club", registered_on="昨天"))
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["detail"]} == {
        ("body", "name"),
        ("body", "kind"),
        ("body", "registered_on"),
    }


def test_it_requires_a_name_and_a_kind(personas, api_client):
    response = post(api_client(personas.olivia_officer), {})
    assert response.status_code == 422
    assert {(tuple(e["loc"]), e["msg"]) for e in response.json()["detail"]} == {
        (("body", "name"), "此项必填。"),
        (("body", "kind"), "此项必填。"),
    }


def test_it_refuses_a_name_already_taken(personas, api_client):
    response = post(api_client(personas.olivia_officer), valid(name=personas.grantee.name))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]


def test_it_refuses_a_body_that_is_not_json(personas, api_client):
    response = api_client(personas.olivia_officer).post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求正文应为一个 JSON 对象。"}


def test_it_refuses_another_method(personas, api_client):
    response = api_client(personas.olivia_officer).put(URL, valid(), content_type="application/json")
    assert response.status_code == 405


@pytest.mark.parametrize("body", ["[]", "[null, null]", "42", '"text"', "null", '{"name": NaN}'])
def test_it_refuses_a_body_that_is_not_a_json_object(personas, api_client, body):
    before = Organisation.objects.count()
    response = api_client(personas.olivia_officer).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert Organisation.objects.count() == before
