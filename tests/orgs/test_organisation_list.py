from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import csrf_post
from tests.factories import OrganisationFactory
from wushe.orgs.models import OrganisationKind

URL = "/organisations/"


def names(response) -> list[str]:
    return [org.name for org in response.context["page"].object_list]


def test_it_lists_active_organisations_to_a_signed_in_user(personas, client_for):
    response = client_for(personas.vera_volunteer).get(URL)
    assert response.status_code == 200
    assert set(names(response)) == {
        o.name for o in (personas.support, personas.funder, personas.grantee, personas.other)
    }
    assert "已注销的测试机构" not in response.content.decode()


def test_it_shows_archived_organisations_to_platform_admins(personas, client_for):
    response = client_for(personas.alice_admin).get(URL)
    assert personas.archived.name in names(response)


def test_it_sends_anonymous_visitors_to_sign_in(personas, client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/organisations/")


@pytest.mark.parametrize("query", ["协作者", "xiezuozhe", "XieZuoZhe", "bjxzz", " 北京协作者 "])
def test_it_finds_an_organisation_by_chinese_pinyin_or_initials(query, personas, client_for):
    response = client_for(personas.vera_volunteer).get(URL, {"q": query})
    assert names(response) == [personas.support.name]


def test_it_says_so_when_nothing_matches(personas, client_for):
    response = client_for(personas.vera_volunteer).get(URL, {"q": "不存在的机构"})
    assert names(response) == []
    assert "没有找到匹配的组织" in response.content.decode()


def test_it_filters_by_kind(personas, client_for):
    response = client_for(personas.vera_volunteer).get(URL, {"kind": OrganisationKind.FUNDER})
    assert names(response) == [personas.funder.name]


def test_it_ignores_an_unknown_kind(personas, client_for):
    response = client_for(personas.vera_volunteer).get(URL, {"kind": "nonsense"})
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_it_pages_twenty_at_a_time(personas, client_for):
    OrganisationFactory.create_batch(25)
    client = client_for(personas.vera_volunteer)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(names(first)) == 20
    assert len(names(second)) == 9
    assert set(names(first)).isdisjoint(names(second))
    assert "第 1 / 2 页" in first.content.decode()
    assert "page=2" in first.content.decode()


def test_it_gives_the_last_page_for_a_page_number_beyond_the_end(personas, client_for):
    OrganisationFactory.create_batch(25)
    response = client_for(personas.vera_volunteer).get(URL, {"page": 99})
    assert response.context["page"].number == 2


def test_it_answers_htmx_with_only_the_rows(personas, client_for):
    response = client_for(personas.vera_volunteer).get(
        URL, {"q": "bjxzz"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="organisation-results"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["orgs/organisation_rows.html"]
    assert "<html" not in body
    assert 'id="organisation-results"' not in body
    assert personas.support.name in body
    assert personas.funder.name not in body


def test_it_answers_other_htmx_targets_with_the_whole_page(personas, client_for):
    response = client_for(personas.vera_volunteer).get(URL, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main")
    assert "<html" in response.content.decode()


def test_it_masks_contact_phones(personas, client_for):
    personas.grantee.contact_phone = "13812345678"
    personas.grantee.save()
    body = client_for(personas.gina_grantee).get(URL).content.decode()
    assert "138****5678" in body
    assert "13812345678" not in body


def test_it_escapes_names(personas, client_for):
    OrganisationFactory(name="<script>alert(1)</script>机构")
    body = client_for(personas.vera_volunteer).get(URL).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;机构" in body


def test_its_query_count_does_not_grow_with_the_data(personas, client_for):
    client = client_for(personas.vera_volunteer)
    client.get(URL)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    OrganisationFactory.create_batch(15)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_it_refuses_post(personas, client_for):
    assert csrf_post(client_for(personas.vera_volunteer), URL).status_code == 405
