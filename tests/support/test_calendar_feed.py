"""The secret iCalendar feeds: created on the settings page, valid RFC 5545 (parsed back with a
library), revocable, and a revoked or unknown secret is not found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import csrf_post
from tests.lifecycle import make_programme
from tests.support.builders import at, make_activity, register
from tests.support.event_builders import make_event
from wushe.support import ics
from wushe.support.calendar_services import calendar_feed_create, calendar_feed_revoke, feed_token_hash
from wushe.support.models import CalendarFeed

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _path(url: str) -> str:
    return url.split("testserver", 1)[1]


def test_a_user_creates_a_feed_and_sees_its_url_once(personas, client_for):
    client = client_for(personas.olivia_officer)

    response = csrf_post(client, "/calendar/feeds/")

    url = response.context["new_url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert feed.user == personas.olivia_officer
    assert feed.organisation is None
    assert feed.token_hash == feed_token_hash(token)
    assert token not in feed.token_hash
    assert token not in client.get("/calendar/feeds/").content.decode()


def test_the_feed_is_valid_icalendar_with_the_users_schedule(personas, client_for):
    programme = make_programme(personas, name="绿缘计划, 第一期; 试点")
    activity = make_activity(
        personas, programme, days=1, status="planned", topic="圆桌:议事规则, 分类; 积分\\兑换", minutes=150
    )
    activity.place = personas.street
    activity.save()
    workshop = make_event(personas, programme=programme, starts_at=at(3, 9, 0), title="工作坊" * 30)
    register(workshop, personas.support, personas.olivia_officer, user=personas.olivia_officer)
    _feed, token = calendar_feed_create(by=personas.olivia_officer)

    response = client_for(None).get(f"/calendar/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.count(b"\r\n") == raw.count(b"\n")  # every line ends with CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"support-activity-{activity.pk}@wushe", f"support-event-{workshop.pk}@wushe"}
    roundtable = events[f"support-activity-{activity.pk}@wushe"]
    assert str(roundtable["SUMMARY"]) == "圆桌辅导会:圆桌:议事规则, 分类; 积分\\兑换"
    start = roundtable.decoded("DTSTART")
    assert start == activity.starts_at
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert roundtable.decoded("DTEND") - start == timedelta(minutes=150)
    assert roundtable["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert roundtable.decoded("DTSTAMP").tzinfo is not None
    assert str(roundtable["LOCATION"]) == personas.street.full_name
    assert "机构负责人" not in raw.decode()
    assert str(events[f"support-event-{workshop.pk}@wushe"]["SUMMARY"]).endswith("工作坊" * 30)


def test_a_revoked_feed_is_not_found(personas, client_for):
    feed, token = calendar_feed_create(by=personas.gina_grantee)
    anonymous = client_for(None)
    assert anonymous.get(f"/calendar/{token}.ics").status_code == 200

    response = csrf_post(client_for(personas.gina_grantee), f"/calendar/feeds/{feed.pk}/revoke/")

    assert response.status_code == 302
    assert anonymous.get(f"/calendar/{token}.ics").status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404
    calendar_feed_revoke(feed=feed, by=personas.gina_grantee)  # again: nothing changes
    assert CalendarFeed.objects.get().revoked_at is not None


def test_only_the_owner_revokes_a_personal_feed(personas, client_for):
    feed, _token = calendar_feed_create(by=personas.gina_grantee)

    assert csrf_post(client_for(personas.sam_staff), f"/calendar/feeds/{feed.pk}/revoke/").status_code == 404
    assert client_for(personas.gina_grantee).get(f"/calendar/feeds/{feed.pk}/revoke/").status_code == 405
    assert CalendarFeed.objects.get().revoked_at is None


def test_an_organisations_feed_carries_what_it_receives(personas, client_for):
    activity = make_activity(personas, days=2, status="planned")
    make_activity(personas, activity.programme, days=2, organisations=[personas.other], topic="别人的")
    response = csrf_post(client_for(personas.sam_staff), "/calendar/feeds/", {"organisation": personas.grantee.pk})
    feed_path = _path(response.context["new_url"])

    cal = icalendar.Calendar.from_ical(client_for(None).get(feed_path).content)

    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == [f"圆桌辅导会:{activity.topic}"]
    assert CalendarFeed.objects.get().organisation == personas.grantee
    assert (
        csrf_post(
            client_for(personas.oscar_other), "/calendar/feeds/", {"organisation": personas.grantee.pk}
        ).status_code
        == 403
    )


def test_the_writer_folds_at_75_octets_without_splitting_characters():
    line = "DESCRIPTION:" + "社区" * 40 + "abc"

    folded = ics.fold(line)

    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_the_writer_escapes_text():
    assert ics.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_the_writer_gives_local_times_and_a_utc_stamp():
    moment = datetime(2021, 3, 5, 1, 30, tzinfo=UTC)
    body = ics.calendar(
        [ics.IcsEvent(uid="x@wushe", starts_at=moment, ends_at=moment + timedelta(hours=1), summary="测试")],
        name="测试日历",
        stamp=moment,
    )

    assert "DTSTART;TZID=Asia/Shanghai:20210305T093000\r\n" in body
    assert "DTSTAMP:20210305T013000Z\r\n" in body
    parsed = icalendar.Calendar.from_ical(body)
    event = next(iter(parsed.walk("VEVENT")))
    assert event.decoded("DTSTART") == moment.astimezone(SHANGHAI)
