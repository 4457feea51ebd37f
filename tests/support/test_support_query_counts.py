"""The programme calendar and the support-activity endpoint issue the same number of queries
however many activities and events there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.lifecycle import make_programme
from tests.support.builders import at, make_activity, register
from tests.support.event_builders import make_event
from wushe.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def _grow(personas, programme, n: int) -> None:
    for i in range(n):
        make_activity(personas, programme, kind=("training", "field_visit", "consultation")[i % 3], days=1 + i % 5)
        make_activity(personas, programme, days=-2 - i, organisations=[personas.grantee, personas.other])
        event = make_event(personas, programme=programme, starts_at=at(3 + i, 9, 0), title=f"工作坊{i}")
        register(event, personas.grantee, personas.gina_grantee, user=personas.gina_grantee)


@pytest.mark.parametrize(
    "url", ["/programmes/{pk}/calendar/?view=month&date={day}", "/programmes/{pk}/calendar/?view=week&date={day}"]
)
def test_the_programme_calendar_stays_flat(personas, client_for, url):
    programme = make_programme(personas)
    _grow(personas, programme, 1)
    client = client_for(personas.olivia_officer)
    url = url.format(pk=programme.pk, day=at(2).date().isoformat())
    few = _count(client, url)
    _grow(personas, programme, 5)
    assert _count(client, url) == few


def test_the_activity_endpoint_stays_flat(personas):
    programme = make_programme(personas)
    _grow(personas, programme, 1)
    _, secret = api_token_create(user=personas.olivia_officer, name="测试")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/support-activities?programme={programme.pk}"
    client.get(url)  # a token's first use is recorded once
    few = _count(client, url)
    _grow(personas, programme, 5)
    assert _count(client, url) == few
