"""GET /api/v1/organisations: search as on the page, filters, pages, visibility."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from wushe.orgs.models import OrganisationKind

URL = "/api/v1/organisations"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {org["name"] for org in response.json()["results"]}


@pytest.mark.parametrize("query", ["协作者", "xiezuozhe", "beijingxiezuozhe", "bjxzz", "BJXZZ"])
def test_it_finds_an_organisation_by_chinese_pinyin_or_initials(personas, api_client, query):
    response = api_client(personas.vera_volunteer).get(URL, {"search": query})
    assert names(response) == {personas.support.name}


def test_it_finds_nothing_for_a_name_that_is_not_there(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"search": "不存在的机构"})
    assert response.json() == {"count": 0, "page": 1, "page_size": 20, "results": []}


def test_it_ignores_control_characters_in_a_search(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"search": "协作\x00者"})
    assert names(response) == {personas.support.name}


def test_it_filters_by_kind(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"kind": OrganisationKind.FUNDER})
    assert names(response) == {personas.funder.name}


def test_it_refuses_an_unknown_kind(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"kind": "club"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "kind"]
    assert "funder" in error["msg"]
    assert error["msg"].startswith("应为以下之一")


def test_it_filters_by_place_served_including_places_below(personas, api_client):
    serving = OrganisationFactory(name="前门社区服务社")
    serving.service_places.set([personas.street])
    client = api_client(personas.vera_volunteer)
    for place in (personas.street, personas.district):
        assert names(client.get(URL, {"place": place.pk})) == {personas.grantee.name, serving.name}


def test_it_answers_an_empty_page_for_an_unknown_place(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"place": 2**40})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_it_pages_the_results(personas, api_client):
    for n in range(5):
        OrganisationFactory(name=f"翻页测试社工{n}", kind=OrganisationKind.PARTNER)
    client = api_client(personas.vera_volunteer)
    first = client.get(URL, {"kind": "partner", "page_size": 2}).json()
    third = client.get(URL, {"kind": "partner", "page_size": 2, "page": 3}).json()
    beyond = client.get(URL, {"kind": "partner", "page_size": 2, "page": 4}).json()
    assert (first["count"], first["page"], first["page_size"], len(first["results"])) == (5, 1, 2, 2)
    assert (third["count"], third["page"], len(third["results"])) == (5, 3, 1)
    assert beyond["results"] == []
    everything = client.get(URL, {"kind": "partner", "page_size": 5}).json()["results"]
    assert [o["name"] for o in everything][:2] == [o["name"] for o in first["results"]]


@pytest.mark.parametrize(("param", "value"), [("page", 0), ("page_size", 101), ("page_size", "many"), ("place", 0)])
def test_it_refuses_a_page_out_of_range(personas, api_client, param, value):
    response = api_client(personas.vera_volunteer).get(URL, {param: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", param]


def test_it_hides_archived_organisations_from_outsiders(personas, api_client):
    assert personas.archived.name not in names(api_client(personas.vera_volunteer).get(URL))
    assert personas.archived.name in names(api_client(personas.alice_admin).get(URL))


def test_it_shows_only_masked_phones_in_the_list(personas, api_client):
    results = api_client(personas.alice_admin).get(URL, {"search": "三正"}).json()["results"]
    [grantee] = results
    assert "contact_phone" not in grantee
    phone = personas.grantee.contact_phone
    assert grantee["contact_phone_masked"] == f"{phone[:3]}****{phone[-4:]}"


def test_it_answers_in_a_constant_number_of_queries(personas, api_client):
    client = api_client(personas.vera_volunteer)
    client.get(URL)  # the token's first use is recorded once

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    few = queries_for_list()
    for n in range(10):
        OrganisationFactory(name=f"查询计数社工{n}", home_place=personas.street)
    assert queries_for_list() == few
