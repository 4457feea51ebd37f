"""PATCH /api/v1/organisations/{id}: the organisation's admins and platform admins only."""

from __future__ import annotations

import pytest

from tests.factories import MembershipFactory, OrganisationFactory
from wushe.access.models import MemberRole
from wushe.orgs.models import FieldOfWork, Organisation


def url(org) -> str:
    return f"/api/v1/organisations/{org.pk}"


def patch(client, org, data):
    return client.patch(url(org), data, content_type="application/json")


@pytest.mark.parametrize("who", ["gina_grantee", "alice_admin"])
def test_it_changes_only_the_fields_sent(personas, api_client, who):
    grantee = personas.grantee
    response = patch(
        api_client(getattr(personas, who)), grantee, {"short_name": "三正", "website": "https://sz.example"}
    )
    assert response.status_code == 200, response.content
    grantee.refresh_from_db()
    assert (grantee.short_name, grantee.website) == ("三正", "https://sz.example")
    assert grantee.name == "北京市东城区三正社工事务所"
    assert grantee.home_place == personas.street
    assert response.json()["short_name"] == "三正"


def test_it_keeps_the_search_keys_up_to_date(personas, api_client):
    client = api_client(personas.gina_grantee)
    assert patch(client, personas.grantee, {"short_name": "光明社工"}).status_code == 200
    found = client.get("/api/v1/organisations", {"search": "gmsg"}).json()["results"]
    assert [o["id"] for o in found] == [personas.grantee.pk]


def test_it_sets_and_clears_places_and_fields_of_work(personas, api_client):
    client = api_client(personas.gina_grantee)
    field = FieldOfWork.objects.first()
    body = patch(
        client, personas.grantee, {"service_place_ids": [personas.district.pk], "fields_of_work": [field.name]}
    ).json()
    assert [p["id"] for p in body["service_places"]] == [personas.district.pk]
    assert body["fields_of_work"] == [field.name]
    body = patch(client, personas.grantee, {"service_place_ids": [], "home_place_id": None, "website": None}).json()
    assert body["service_places"] == []
    assert body["home_place"] is None
    assert body["website"] == ""
    assert body["fields_of_work"] == [field.name]


@pytest.mark.parametrize("who", ["sam_staff", "oscar_other", "olivia_officer", "frank_funder", "vera_volunteer"])
def test_it_refuses_everyone_else(personas, api_client, who):
    response = patch(api_client(getattr(personas, who)), personas.grantee, {"short_name": "改名"})
    assert response.status_code == 403
    personas.grantee.refresh_from_db()
    assert personas.grantee.short_name == "三正社工"


def test_it_answers_404_for_an_archived_organisation_one_cannot_see(personas, api_client):
    response = patch(api_client(personas.gina_grantee), personas.archived, {"short_name": "复活"})
    assert response.status_code == 404
    assert patch(api_client(personas.alice_admin), personas.archived, {"short_name": "复活"}).status_code == 200


def test_it_lets_an_admin_of_an_archived_organisation_change_it(personas, api_client):
    MembershipFactory(user=personas.oscar_other, organisation=personas.archived, role=MemberRole.ADMIN)
    assert patch(api_client(personas.oscar_other), personas.archived, {"short_name": "已注销机构"}).status_code == 200


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"uscc": "91110000MA00000000"}, "uscc", "校验位不正确"),
        ({"contact_phone": "1380013800"}, "contact_phone", "有效的电话号码"),
        ({"home_place_id": 2**40}, "home_place_id", "没有这个地点"),
        ({"fields_of_work": ["不存在的领域"]}, "fields_of_work", "未知的服务领域"),
        ({"name": None}, "name", "此项不能为空"),
        ({"kind": None}, "kind", "此项不能为空"),
        ({"name": "名" * 101}, "name", "最多 100 个字"),
        ({"short_name": "简\x1b称"}, "short_name", "不能包含控制字符"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(personas, api_client, data, field, message):
    before = Organisation.objects.values().get(pk=personas.grantee.pk)
    response = patch(api_client(personas.gina_grantee), personas.grantee, {"description": "新的简介", **data})
    assert response.status_code == 422, response.content
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", field]]
    assert message in errors[0]["msg"]
    assert Organisation.objects.values().get(pk=personas.grantee.pk) == before


def test_it_refuses_a_name_another_organisation_has(personas, api_client):
    response = patch(api_client(personas.gina_grantee), personas.grantee, {"name": personas.other.name})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]


def test_it_answers_404_for_an_unknown_organisation(personas, api_client):
    response = api_client(personas.alice_admin).patch(
        "/api/v1/organisations/999999", {"short_name": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_it_accepts_an_empty_change(personas, api_client):
    org = OrganisationFactory()
    response = patch(api_client(personas.alice_admin), org, {})
    assert response.status_code == 200
    assert response.json()["name"] == org.name
