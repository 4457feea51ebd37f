"""GET /api/v1/places and /api/v1/places/{id}: list, search by Chinese, pinyin or initials."""

from __future__ import annotations

import pytest

from wushe.orgs.models import Place, PlaceLevel

URL = "/api/v1/places"


@pytest.mark.parametrize("query", ["前门", "qianmen", "dongchengquqianmen", "qmjd"])
def test_it_finds_a_place_by_chinese_pinyin_or_initials(personas, api_client, query):
    response = api_client(personas.vera_volunteer).get(URL, {"search": query, "page_size": 100})
    assert response.status_code == 200
    assert personas.street.pk in [p["id"] for p in response.json()["results"]]


def test_it_describes_each_place(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"search": "前门街道", "level": PlaceLevel.STREET})
    [street] = [p for p in response.json()["results"] if p["id"] == personas.street.pk]
    assert street == {
        "id": personas.street.pk,
        "name": "前门街道",
        "full_name": "东城区前门街道",
        "level": 2,
        "level_display": "街道(乡镇)",
        "parent_id": personas.district.pk,
        "code": personas.street.code,
    }


def test_it_lists_the_children_of_a_place(personas, api_client):
    body = api_client(personas.vera_volunteer).get(URL, {"parent": personas.district.pk, "page_size": 100}).json()
    expected = set(Place.objects.filter(parent=personas.district).values_list("pk", flat=True))
    assert body["count"] == len(expected)
    assert {p["id"] for p in body["results"]} == expected
    assert all(p["level"] == PlaceLevel.STREET for p in body["results"])


def test_it_filters_by_level_and_pages(personas, api_client):
    client = api_client(personas.vera_volunteer)
    body = client.get(URL, {"level": PlaceLevel.DISTRICT, "page_size": 1}).json()
    assert body["count"] == Place.objects.filter(level=PlaceLevel.DISTRICT).count()
    assert body["page_size"] == 1
    assert len(body["results"]) == 1


def test_it_refuses_an_unknown_level(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"level": 9})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "level"]


def test_it_shows_one_place(personas, api_client):
    response = api_client(personas.vera_volunteer).get(f"{URL}/{personas.street.pk}")
    assert response.status_code == 200
    assert response.json()["full_name"] == "东城区前门街道"


def test_it_answers_404_for_an_unknown_place(personas, api_client):
    assert api_client(personas.vera_volunteer).get(f"{URL}/{2**40}").status_code == 404


def test_it_refuses_anonymous_visitors(personas, client):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{personas.street.pk}").status_code == 401
