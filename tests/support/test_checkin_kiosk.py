"""The check-in kiosk: a full-screen page for a tablet or projector at the door, its QR code and
count refreshed by htmx polling a fragment well inside the code's window."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from tests.support.event_builders import make_event, make_member
from wushe.support import checkin
from wushe.support.attendance_services import checkin_by_code
from wushe.support.registration_services import registration_add, registration_walk_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("long_sessions")]


@pytest.fixture
def event(personas):
    return make_event(personas, capacity=30, title="社区议事协商工作坊")


def _register(personas, event, n: int) -> list:
    start = event.registrations.count()
    people = [make_member(personas.grantee, f"学员{start + i}") for i in range(n)]
    for person in people:
        registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=person)
    return people


def test_the_kiosk_is_a_full_screen_page_without_navigation(personas, client_for, event):
    with freeze_time(event.starts_at):
        response = client_for(personas.olivia_officer).get(f"/events/{event.pk}/checkin/kiosk/")
        code = checkin.current_code(event)
    body = response.content.decode()
    assert response.status_code == 200
    assert "navbar" not in body
    assert "site-footer" not in body
    assert '<body class="kiosk">' in body
    assert "社区议事协商工作坊" in body
    assert f"/events/{event.pk}/checkin/?code={code}" in body
    assert "<svg" in body
    assert f'hx-get="/events/{event.pk}/checkin/kiosk/card/" hx-trigger="every 5s"' in body
    assert f'href="/events/{event.pk}/attendance/" data-testid="kiosk-exit"' in body
    assert "/static/vendor/htmx/htmx.min.js" in body
    assert "/static/js/checkin_kiosk.js" in body
    assert "http://" not in body.replace("http://testserver/", "")  # nothing from a CDN
    assert "style=" not in body.replace("<style nonce=", "")
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in body


def test_the_refresh_comes_well_before_a_shown_code_expires():
    # A code is accepted in its own window and the next: refreshing every few seconds keeps the
    # code on the screen always valid, whatever moment a phone scans it.
    assert checkin.KIOSK_REFRESH_SECONDS * 4 <= checkin.WINDOW_SECONDS


def test_the_card_counts_check_ins_and_follows_the_rotating_code(personas, client_for, event):
    people = _register(personas, event, 3)
    client = client_for(personas.olivia_officer)
    url = f"/events/{event.pk}/checkin/kiosk/card/"
    with freeze_time(event.starts_at) as clock:
        first = client.get(url)
        body = first.content.decode()
        assert "<html" not in body
        assert first["Cache-Control"] == "no-store"
        assert 'data-testid="kiosk-checked-in">0<' in body
        assert 'data-testid="kiosk-confirmed">3<' in body
        assert "已签到" in body
        code = checkin.current_code(event)
        checkin_by_code(event=event, code=code, user=people[0])
        registration_walk_in(
            event=event, by=personas.olivia_officer, guest_name="周来宾", guest_phone="13911112222", attended=True
        )
        clock.tick(timedelta(seconds=checkin.WINDOW_SECONDS))
        later = client.get(url).content.decode()
    assert 'data-testid="kiosk-checked-in">2<' in later
    assert 'data-testid="kiosk-confirmed">4<' in later
    assert f"code={code}" in body
    assert f"code={code}" not in later
    assert re.search(r"code=[0-9a-f]{16}", later)


def test_outside_check_in_time_the_card_shows_no_check_in_code(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    url = f"/events/{event.pk}/checkin/kiosk/card/"
    with freeze_time(event.starts_at - timedelta(hours=3)):
        before = client.get(url).content.decode()
    opens = timezone.localtime(event.starts_at - timedelta(hours=1)).strftime("%H:%M")
    assert "<svg" not in before
    assert f'data-testid="kiosk-closed">签到将于 {opens} 开放<' in before
    with freeze_time(event.ends_at + timedelta(minutes=1)):
        after = client.get(url).content.decode()
    assert "data-checkin-url" not in after
    assert 'data-testid="kiosk-feedback-qr"' in after  # the end of the event asks for feedback instead


def test_only_those_who_take_attendance_open_the_kiosk(personas, client_for, event):
    for who in ("gina_grantee", "sam_staff", "oscar_other", "frank_funder", "vera_volunteer"):
        client = client_for(getattr(personas, who))
        assert client.get(f"/events/{event.pk}/checkin/kiosk/").status_code == 403, who
        assert client.get(f"/events/{event.pk}/checkin/kiosk/card/").status_code == 403, who
    signed_out = client_for(None).get(f"/events/{event.pk}/checkin/kiosk/card/")
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/accounts/login/")
    assert client_for(personas.alice_admin).get(f"/events/{event.pk}/checkin/kiosk/").status_code == 200


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/events/{pk}/checkin/kiosk/", 6),
        ("/events/{pk}/checkin/kiosk/card/", 6),
        ("/events/{pk}/attendance/", 7),
    ],
)
def test_the_kiosk_and_the_sheet_stay_flat_as_people_come(
    personas, client_for, event, url, most, django_assert_max_num_queries
):
    client = client_for(personas.olivia_officer)
    url = url.format(pk=event.pk)
    first = _register(personas, event, 2)
    people = _register(personas, event, 10)
    with freeze_time(event.starts_at):
        checkin_by_code(event=event, code=checkin.current_code(event), user=first[0])
        client.get(url)  # the session's first touch is not the page's cost
        few = _count(client, url)
        for person in people:
            checkin_by_code(event=event, code=checkin.current_code(event), user=person)
        for i in range(5):
            registration_walk_in(
                event=event,
                by=personas.olivia_officer,
                organisation=personas.other if i % 2 else None,
                guest_name=f"来宾{i}",
                guest_phone=f"1390000{i:04d}",
                attended=True,
            )
        with django_assert_max_num_queries(most):
            assert _count(client, url) == few
