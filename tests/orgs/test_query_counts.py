"""The organisation pages and endpoints issue as many SQL queries for 60 organisations as for 5:
every list prefetches what it shows, so the query count does not grow with the data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import MembershipFactory, OrganisationFactory, PlaceFactory, UserFactory
from wushe.access.models import MemberRole
from wushe.accounts.services import api_token_create
from wushe.core.text import pinyin_full, pinyin_initials
from wushe.orgs.models import FieldOfWork, Organisation, PlaceLevel

FEW, MANY = 5, 60


def add_organisations(personas, count: int) -> list[Organisation]:
    """``count`` organisations like the real ones: a home community, service places, fields of
    work and members."""
    fields = list(FieldOfWork.objects.all()[:3]) or [FieldOfWork.objects.create(name=f"领域{i}") for i in range(3)]
    orgs = []
    for _ in range(count):
        community = PlaceFactory(level=PlaceLevel.COMMUNITY, parent=personas.street)
        org = OrganisationFactory(home_place=community, contact_phone="13800001234")
        org.service_places.set([community, personas.street])
        org.fields_of_work.set(fields)
        for role in (MemberRole.ADMIN, MemberRole.STAFF, MemberRole.MEMBER):
            MembershipFactory(organisation=org, role=role)
        orgs.append(org)
    return orgs


def grow(org: Organisation, personas) -> None:
    """More of everything the detail page lists for one organisation."""
    for _ in range(12):
        MembershipFactory(organisation=org, user=UserFactory())
    for _ in range(4):
        org.service_places.add(PlaceFactory(level=PlaceLevel.COMMUNITY, parent=personas.street))
    org.fields_of_work.add(*[FieldOfWork.objects.create(name=f"新领域{i}") for i in range(3)])


def count_queries(client: Client, url: str, **headers: str) -> int:
    client.get(url, **headers)  # warm: sessions, token last-used time
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.fixture
def bearer(personas) -> dict[str, str]:
    _, secret = api_token_create(user=personas.olivia_officer, name="测试")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


LIST_URLS: dict[str, Callable[..., str]] = {
    "all": lambda p: "/organisations/",
    "chinese": lambda p: "/organisations/?q=社会工作",
    "pinyin": lambda p: f"/organisations/?q={pinyin_full('社会工作')}",
    "initials": lambda p: f"/organisations/?q={pinyin_initials('社会工作服务中心')}",
    "kind": lambda p: "/organisations/?kind=service",
    "place": lambda p: f"/organisations/?place={p.district.pk}",
}


@pytest.mark.parametrize("which", list(LIST_URLS))
def test_it_lists_organisations_in_the_same_number_of_queries_for_many(which, personas, client_for):
    client = client_for(personas.olivia_officer)
    url = LIST_URLS[which](personas)
    add_organisations(personas, FEW)
    few = count_queries(client, url)
    add_organisations(personas, MANY - FEW)
    assert Organisation.objects.search("社会工作").count() >= MANY
    assert count_queries(client, url) == few


@pytest.mark.parametrize("search", ["社会工作", pinyin_full("社会工作"), pinyin_initials("社会工作服务中心")])
def test_it_lists_organisations_through_the_api_in_the_same_number_of_queries_for_many(search, personas, bearer):
    client = Client()
    url = f"/api/v1/organisations?search={search}"
    add_organisations(personas, FEW)
    few = count_queries(client, url, **bearer)
    add_organisations(personas, MANY - FEW)
    response = client.get(url, **bearer)
    assert response.json()["count"] >= MANY
    assert len(response.json()["results"]) == 20
    assert count_queries(client, url, **bearer) == few


@pytest.mark.parametrize("viewer", ["olivia_officer", "oscar_other"])
def test_it_shows_an_organisation_in_the_same_number_of_queries_however_big(viewer, personas, client_for):
    client = client_for(getattr(personas, viewer))
    org = add_organisations(personas, FEW)[0]
    url = f"/organisations/{org.pk}/"
    few = count_queries(client, url)
    add_organisations(personas, MANY - FEW)
    grow(org, personas)
    html = client.get(url).content.decode()
    assert "新领域2" in html
    assert count_queries(client, url) == few


def test_it_gives_an_organisation_through_the_api_in_the_same_number_of_queries_however_big(personas, bearer):
    client = Client()
    org = add_organisations(personas, FEW)[0]
    url = f"/api/v1/organisations/{org.pk}"
    few = count_queries(client, url, **bearer)
    add_organisations(personas, MANY - FEW)
    grow(org, personas)
    assert len(client.get(url, **bearer).json()["service_places"]) == 6
    assert count_queries(client, url, **bearer) == few
