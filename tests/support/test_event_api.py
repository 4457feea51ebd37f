"""/api/v1/events and its registrations, attendance and feedback, through the same door as the pages."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from freezegun import freeze_time

from tests.lifecycle import make_programme
from tests.support.event_builders import make_event
from wushe.accounts.services import api_token_create
from wushe.programmes.models import ProgrammeStatus
from wushe.support import checkin
from wushe.support.attendance_services import checkin_by_code
from wushe.support.models import AttendanceStatus, Feedback, Registration
from wushe.support.registration_services import registration_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def make(user) -> Client:
        _, secret = api_token_create(user=user, name="测试")
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make


def _post(client: Client, url: str, body: dict):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def event(personas):
    return make_event(personas, capacity=1, title="项目设计赋能工作坊")


def test_events_are_listed_and_filtered(personas, api, event):
    later = make_event(personas, programme=event.programme, starts_at=event.starts_at + timedelta(days=30))
    client = api(personas.gina_grantee)
    body = client.get("/api/v1/events").json()
    assert {e["id"] for e in body["results"]} == {event.pk, later.pk}
    day = event.starts_at.date().isoformat()
    ranged = client.get(f"/api/v1/events?starts_from={day}&starts_to={day}").json()
    assert [e["id"] for e in ranged["results"]] == [event.pk]
    other = client.get(f"/api/v1/events?programme={make_programme(personas).pk}").json()
    assert other["count"] == 0
    assert client.get("/api/v1/events?starts_from=昨天").status_code == 422
    assert Client().get("/api/v1/events").status_code == 401


def test_one_event_with_its_seats(personas, api, event):
    body = api(personas.vera_volunteer).get(f"/api/v1/events/{event.pk}").json()
    assert body["title"] == "项目设计赋能工作坊"
    assert (body["capacity"], body["confirmed_count"], body["seats_left"]) == (1, 0, 1)
    assert body["registration_open"] is True
    assert body["place"]["full_name"] == personas.street.full_name


def test_an_event_of_a_draft_programme_is_404_to_others(personas, api):
    draft = make_event(personas, programme=make_programme(personas, status=ProgrammeStatus.DRAFT))
    assert api(personas.gina_grantee).get(f"/api/v1/events/{draft.pk}").status_code == 404
    assert api(personas.olivia_officer).get(f"/api/v1/events/{draft.pk}").status_code == 200


def test_registering_through_the_api_confirms_then_waitlists(personas, api, event):
    client = api(personas.gina_grantee)
    url = f"/api/v1/events/{event.pk}/registrations"
    first = _post(client, url, {"organisation_id": personas.grantee.pk, "user_id": personas.sam_staff.pk})
    assert first.status_code == 201, first.content
    assert (first.json()["status"], first.json()["message"]) == ("confirmed", "Sam 机构员工 报名成功。")
    second = _post(
        client, url, {"organisation_id": personas.grantee.pk, "guest_name": "赵来宾", "guest_phone": "13812345678"}
    )
    assert second.status_code == 201
    assert (second.json()["status"], second.json()["waitlist_position"]) == ("waitlisted", 1)
    assert second.json()["phone"] == "138****5678"
    assert "已加入候补名单" in second.json()["message"]


def test_registration_refusals_are_clear(personas, api, event):
    client = api(personas.gina_grantee)
    url = f"/api/v1/events/{event.pk}/registrations"
    not_member = _post(client, url, {"organisation_id": personas.grantee.pk, "user_id": personas.oscar_other.pk})
    assert not_member.status_code == 422
    assert not_member.json()["detail"][0]["loc"] == ["body", "user_id"]
    bad_phone = _post(client, url, {"organisation_id": personas.grantee.pk, "guest_name": "钱", "guest_phone": "1"})
    assert bad_phone.status_code == 422
    other_org = _post(
        api(personas.oscar_other),
        url,
        {"organisation_id": personas.grantee.pk, "guest_name": "孙", "guest_phone": "13900001111"},
    )
    assert other_org.status_code == 403
    nobody = _post(api(personas.vera_volunteer), url, {"organisation_id": personas.grantee.pk})
    assert nobody.status_code == 403
    assert not Registration.objects.exists()


def test_registrations_are_listed_as_each_may_see_them(personas, api, event):
    registration_add(
        event=event,
        organisation=personas.grantee,
        by=personas.gina_grantee,
        guest_name="赵来宾",
        guest_phone="13812345678",
    )
    url = f"/api/v1/events/{event.pk}/registrations"
    assert [r["phone"] for r in api(personas.gina_grantee).get(url).json()] == ["138****5678"]
    assert [r["phone"] for r in api(personas.olivia_officer).get(url).json()] == ["13812345678"]
    assert api(personas.oscar_other).get(url).json() == []


def test_attendance_through_the_api(personas, api, event):
    registration = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    url = f"/api/v1/events/{event.pk}/attendance"
    officer = api(personas.olivia_officer)
    assert [r["id"] for r in officer.get(url).json()] == [registration.pk]
    assert api(personas.gina_grantee).get(url).status_code == 403
    with freeze_time(event.starts_at + timedelta(minutes=20)):
        marked = _post(officer, url, {"registration_id": registration.pk, "status": "late"})
    assert marked.status_code == 200, marked.content
    assert marked.json()["attendance"] == "late"
    refused = _post(api(personas.gina_grantee), url, {"registration_id": registration.pk, "status": "present"})
    assert refused.status_code == 403
    bad = _post(officer, url, {"registration_id": registration.pk, "status": "asleep"})
    assert bad.status_code == 422
    assert Registration.objects.get(pk=registration.pk).attendance == AttendanceStatus.LATE


def test_attendance_of_another_events_registration_is_404(personas, api, event):
    other = make_event(personas, programme=event.programme)
    registration = registration_add(
        event=other, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    response = _post(
        api(personas.olivia_officer),
        f"/api/v1/events/{event.pk}/attendance",
        {"registration_id": registration.pk, "status": "present"},
    )
    assert response.status_code == 404


def test_feedback_through_the_api_once(personas, api, event):
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    with freeze_time(event.starts_at):
        checkin_by_code(event=event, code=checkin.current_code(event), user=personas.sam_staff)
    url = f"/api/v1/events/{event.pk}/feedback"
    sam = api(personas.sam_staff)
    assert _post(sam, url, {"satisfaction": 6, "usefulness": 4}).status_code == 422
    created = _post(sam, url, {"satisfaction": 5, "usefulness": 4, "comments": "很好"})
    assert created.status_code == 201, created.content
    assert _post(sam, url, {"satisfaction": 1, "usefulness": 1}).status_code == 409
    assert Feedback.objects.count() == 1
    assert _post(api(personas.oscar_other), url, {"satisfaction": 5, "usefulness": 5}).status_code == 422
    summary = api(personas.olivia_officer).get(url).json()
    assert (summary["count"], summary["satisfaction"], summary["satisfaction_distribution"]) == (
        1,
        5.0,
        [0, 0, 0, 0, 1],
    )
    assert api(personas.sam_staff).get(url).status_code == 403


def test_officers_get_and_renew_the_feedback_link(personas, api, event):
    olivia = api(personas.olivia_officer)
    summary = olivia.get(f"/api/v1/events/{event.pk}/feedback").json()
    assert summary["feedback_link"] == f"http://testserver/f/{event.feedback_code}/"
    assert summary["feedback_link_open"] is False  # the event is a week away
    assert summary["feedback_link_closes_at"].startswith((event.ends_at + timedelta(days=30)).date().isoformat())

    renewed = _post(olivia, f"/api/v1/events/{event.pk}/feedback-link", {})
    assert renewed.status_code == 200
    event.refresh_from_db()
    assert renewed.json() == {"feedback_link": f"http://testserver/f/{event.feedback_code}/"}
    assert summary["feedback_link"] != renewed.json()["feedback_link"]
    assert Client().get(summary["feedback_link"].removeprefix("http://testserver")).status_code == 404

    for who in (personas.gina_grantee, personas.vera_volunteer):
        assert _post(api(who), f"/api/v1/events/{event.pk}/feedback-link", {}).status_code == 403
    hidden = make_event(personas, programme=make_programme(personas, status=ProgrammeStatus.DRAFT))
    assert _post(api(personas.gina_grantee), f"/api/v1/events/{hidden.pk}/feedback-link", {}).status_code == 404
    event.refresh_from_db()
    assert renewed.json()["feedback_link"].endswith(f"/f/{event.feedback_code}/")


def test_the_event_endpoints_are_in_the_openapi_document(personas, api):
    paths = api(personas.gina_grantee).get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/events/{event_id}/registrations"):
        assert path in paths
    assert set(paths["/api/v1/events/{event_id}/feedback"]["post"]["responses"]) == {
        "201",
        "400",
        "401",
        "403",
        "404",
        "409",
        "422",
    }
