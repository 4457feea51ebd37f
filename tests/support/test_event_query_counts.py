"""Event pages and endpoints issue the same number of queries with few or many events and people."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.support.event_builders import make_event, make_member
from wushe.accounts.services import api_token_create
from wushe.support.registration_services import registration_add

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(personas, event, n: int) -> None:
    for i in range(n):
        start = event.registrations.count()
        registration_add(
            event=event,
            organisation=personas.grantee,
            by=personas.gina_grantee,
            user=make_member(personas.grantee, f"成员{start}-{i}"),
        )
        registration_add(
            event=event,
            organisation=personas.grantee,
            by=personas.gina_grantee,
            guest_name=f"来宾{start}-{i}",
            guest_phone=f"139{start:04d}{i:04d}",
        )
        make_event(personas, programme=event.programme)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("olivia_officer", "/events/"),
        ("olivia_officer", "/events/{pk}/"),
        ("gina_grantee", "/events/{pk}/"),
        ("olivia_officer", "/events/{pk}/attendance/"),
        ("olivia_officer", "/events/{pk}/feedback/summary/"),
        ("olivia_officer", "/events/{pk}/feedback/qr/"),
        ("vera_volunteer", "/f/{code}/"),
    ],
)
def test_pages_stay_flat_as_events_and_registrations_grow(personas, client_for, who, url):
    event = make_event(personas, capacity=3)
    client = client_for(getattr(personas, who))
    url = url.format(pk=event.pk, code=event.feedback_code)
    _grow(personas, event, 2)
    few = _count(client, url)
    _grow(personas, event, 6)
    assert _count(client, url) == few


def test_the_public_feedback_link_stays_flat_for_a_visitor(personas, client):
    event = make_event(personas, capacity=3)
    url = f"/f/{event.feedback_code}/"
    _grow(personas, event, 2)
    few = _count(client, url)
    _grow(personas, event, 6)
    assert _count(client, url) == few


@pytest.mark.parametrize(
    "path", ["/api/v1/events", "/api/v1/events/{pk}/registrations", "/api/v1/events/{pk}/attendance"]
)
def test_endpoints_stay_flat(personas, path):
    event = make_event(personas, capacity=3)
    _, secret = api_token_create(user=personas.olivia_officer, name="测试")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = path.format(pk=event.pk)
    _grow(personas, event, 2)
    client.get(url)  # the token's first use is recorded once
    few = _count(client, url)
    _grow(personas, event, 6)
    assert _count(client, url) == few
