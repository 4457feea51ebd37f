"""The event's feedback link: guests and walk-ins without an account answer too, naming
themselves by the mobile number they registered with; once each, only if they came, only while
the link is open, and never through a renewed link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from tests.access.matrix import PERSONAS, persona
from tests.access.test_matrix import FORBIDDEN, LOGIN, MOVED, NOT_FOUND, OK, answers
from tests.conftest import csrf_post
from tests.lifecycle import make_programme
from tests.support.event_builders import make_event
from wushe.programmes.models import ProgrammeStatus
from wushe.support.attendance_services import (
    FEEDBACK_OPEN_FOR,
    FeedbackExists,
    attendance_mark,
    feedback_link_renew,
    feedback_submit_by_phone,
)
from wushe.support.feedback_views import FAILED_NUMBERS_ALLOWED
from wushe.support.models import Event, Feedback
from wushe.support.registration_services import registration_add, registration_walk_in

pytestmark = pytest.mark.django_db

GUEST_PHONE = "13800138000"
ANSWERS = {"satisfaction": "5", "usefulness": "4", "comments": "分类桶的案例很有用"}


def _guest_who_came(personas, event, phone=GUEST_PHONE, name="居民王阿姨"):
    registration = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, guest_name=name, guest_phone=phone
    )
    with freeze_time(event.starts_at):
        return attendance_mark(registration=registration, status="present", by=personas.olivia_officer)


def _link(event: Event) -> str:
    return reverse("event-feedback-link", args=[event.feedback_code])


# --- the service ------------------------------------------------------------------------------


def test_a_guest_who_came_answers_by_phone_once(personas):
    event = make_event(personas)
    registration = _guest_who_came(personas, event)
    with freeze_time(event.ends_at):
        feedback = feedback_submit_by_phone(event=event, phone="+86 138-0013-8000", **ANSWERS)
        assert (feedback.registration_id, feedback.satisfaction, feedback.usefulness) == (registration.pk, 5, 4)
        with pytest.raises(FeedbackExists) as info:
            feedback_submit_by_phone(event=event, phone=GUEST_PHONE, satisfaction=1, usefulness=1)
    assert list(info.value.message_dict) == ["phone"]
    assert Feedback.objects.get().satisfaction == 5


def test_a_walk_in_checked_in_at_the_door_answers_too(personas):
    event = make_event(personas)
    with freeze_time(event.starts_at):
        walk_in = registration_walk_in(
            event=event, by=personas.olivia_officer, guest_name="路过的李先生", guest_phone="13911112222", attended=True
        )
    with freeze_time(event.ends_at + timedelta(days=2)):
        feedback = feedback_submit_by_phone(event=event, phone="13911112222", satisfaction=4, usefulness=4)
    assert feedback.registration_id == walk_in.registration.pk


def test_a_member_is_found_by_the_phone_on_their_account(personas):
    event = make_event(personas)
    sam = personas.sam_staff
    sam.phone = "13722223333"
    sam.save(update_fields=["phone"])
    registration = registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=sam)
    with freeze_time(event.starts_at):
        attendance_mark(registration=registration, status="late", by=personas.olivia_officer)
        feedback = feedback_submit_by_phone(event=event, phone="137 2222 3333", satisfaction=3, usefulness=5)
    assert feedback.registration_id == registration.pk


@pytest.mark.parametrize(
    ("status", "phone"),
    [
        ("present", "13900000000"),  # a number nobody registered
        ("no_show", GUEST_PHONE),  # registered, never came
        ("", GUEST_PHONE),  # registered, not checked in
    ],
)
def test_a_number_that_was_not_at_the_event_is_refused(personas, status, phone):
    event = make_event(personas)
    registration = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, guest_name="张三", guest_phone=GUEST_PHONE
    )
    with freeze_time(event.starts_at):
        attendance_mark(registration=registration, status=status, by=personas.olivia_officer)
        with pytest.raises(ValidationError) as info:
            feedback_submit_by_phone(event=event, phone=phone, **ANSWERS)
    assert "签到记录" in info.value.message_dict["phone"][0]
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"phone": "", "satisfaction": 5, "usefulness": 5}, ["phone"]),
        ({"phone": "12345", "satisfaction": 5, "usefulness": 5}, ["phone"]),
        ({"phone": GUEST_PHONE, "satisfaction": 0, "usefulness": 6}, ["satisfaction", "usefulness"]),
        ({"phone": GUEST_PHONE, "satisfaction": 5, "usefulness": 5, "comments": "长" * 2001}, ["comments"]),
    ],
)
def test_bad_answers_are_refused_field_by_field(personas, values, fields):
    event = make_event(personas)
    _guest_who_came(personas, event)
    with freeze_time(event.ends_at), pytest.raises(ValidationError) as info:
        feedback_submit_by_phone(event=event, **values)
    assert sorted(info.value.message_dict) == fields
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "moment", [lambda e: e.starts_at - timedelta(minutes=1), lambda e: e.ends_at + FEEDBACK_OPEN_FOR]
)
def test_the_link_answers_only_from_the_start_until_thirty_days_after(personas, moment):
    event = make_event(personas)
    _guest_who_came(personas, event)
    with freeze_time(moment(event)), pytest.raises(ValidationError, match="30 天"):
        feedback_submit_by_phone(event=event, phone=GUEST_PHONE, **ANSWERS)
    assert not Feedback.objects.exists()


def test_renewing_the_link_turns_the_old_one_off(personas, client):
    event = make_event(personas)
    old = event.feedback_code
    renewed = feedback_link_renew(event=event, by=personas.olivia_officer)
    assert renewed.feedback_code != old
    assert len(renewed.feedback_code) >= 16
    assert client.get(reverse("event-feedback-link", args=[old])).status_code == 404
    assert client.get(_link(renewed)).status_code == 200


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "frank_funder", "vera_volunteer"])
def test_only_the_programmes_officers_renew_the_link(personas, who):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    event = make_event(personas)
    with pytest.raises((PermissionDenied, Http404)):
        feedback_link_renew(event=event, by=getattr(personas, who))
    assert Event.objects.get(pk=event.pk).feedback_code == event.feedback_code


# --- the pages --------------------------------------------------------------------------------


def test_a_guest_answers_on_the_public_page_without_signing_in(personas, client):
    event = make_event(personas)
    _guest_who_came(personas, event)
    with freeze_time(event.ends_at):
        page = client.get(_link(event))
        assert page.status_code == 200
        assert page["Cache-Control"] == "no-store"
        assert page["X-Robots-Tag"] == "noindex"
        assert "报名时登记的手机号" in page.content.decode()
        response = client.post(_link(event), {"phone": GUEST_PHONE, **ANSWERS})
        assert response.status_code == 302
        thanks = client.get(response["Location"])
    assert "感谢你的反馈" in thanks.content.decode()
    assert Feedback.objects.get().comments == ANSWERS["comments"]


def test_the_public_page_shows_field_errors_in_the_visitors_language(personas, client):
    event = make_event(personas)
    _guest_who_came(personas, event)
    with freeze_time(event.ends_at):
        zh = client.post(_link(event), {"phone": "13900000000", **ANSWERS})
        client.cookies["django_language"] = "en"
        en = client.post(_link(event), {"phone": "13900000000", "satisfaction": "9", "usefulness": "4"})
    assert zh.status_code == 200
    assert "这个手机号没有本次活动的签到记录" in zh.content.decode()
    assert en.status_code == 200
    assert "Select a valid choice" in en.content.decode() or "1 to 5" in en.content.decode()
    assert not Feedback.objects.exists()


def test_an_unknown_code_is_not_found(client):
    assert client.get(reverse("event-feedback-link", args=["no-such-code"])).status_code == 404
    assert client.get(reverse("event-feedback-link", args=["x" * 60])).status_code == 404


def test_a_signed_in_attendee_is_sent_to_their_own_questionnaire(personas, client):
    event = make_event(personas)
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    client.force_login(personas.sam_staff)
    response = client.get(_link(event))
    assert response.status_code == 302
    assert response["Location"] == reverse("event-feedback", args=[event.pk])


def test_trying_number_after_number_is_stopped(personas, client):
    event = make_event(personas)
    _guest_who_came(personas, event)
    with freeze_time(event.ends_at):
        for i in range(FAILED_NUMBERS_ALLOWED):
            client.post(_link(event), {"phone": f"1390000{i:04d}", **ANSWERS})
        stopped = client.post(_link(event), {"phone": GUEST_PHONE, **ANSWERS})
    assert "失败次数过多" in stopped.content.decode()
    assert not Feedback.objects.exists()


def test_the_officers_qr_page_shows_the_link_and_the_count(personas, client):
    event = make_event(personas)
    _guest_who_came(personas, event)
    client.force_login(personas.olivia_officer)
    page = client.get(reverse("event-feedback-qr", args=[event.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"/f/{event.feedback_code}/" in html
    assert "<svg" in html
    assert "已反馈 <strong>0</strong> / 已签到 1 人" in html


def test_after_the_event_the_kiosk_shows_the_feedback_code(personas, client, long_sessions):
    event = make_event(personas)
    client.force_login(personas.olivia_officer)
    card = reverse("checkin-kiosk-card", args=[event.pk])
    with freeze_time(event.starts_at):
        during = client.get(card).content.decode()
    with freeze_time(event.ends_at + timedelta(minutes=1)):
        after = client.get(card).content.decode()
    with freeze_time(event.ends_at + FEEDBACK_OPEN_FOR):
        client.force_login(personas.olivia_officer)  # a month on, the officer signs in afresh
        long_after = client.get(card).content.decode()
    assert 'data-testid="checkin-qr"' in during
    assert "kiosk-feedback-qr" not in during
    assert 'data-testid="kiosk-feedback-qr"' in after
    assert 'data-testid="checkin-qr"' not in after
    assert 'data-testid="kiosk-closed"' in long_after


# --- who may open what: one row per page, one column per persona -------------------------------

OFFICERS_ONLY = answers(FORBIDDEN, alice_admin=OK, olivia_officer=OK)
PAGES = {
    "feedback QR": ("GET", "/events/{pk}/feedback/qr/", OFFICERS_ONLY),
    "renew the link": (
        "POST",
        "/events/{pk}/feedback/renew/",
        answers(FORBIDDEN, alice_admin=MOVED, olivia_officer=MOVED),
    ),
    "feedback QR of a draft programme's event": (
        "GET",
        "/events/{draft}/feedback/qr/",
        answers(NOT_FOUND, alice_admin=OK, olivia_officer=OK),
    ),
    # The link itself is public: whoever holds it sees the questionnaire, signed in or not.
    "the feedback link": ("GET", "/f/{code}/", answers(OK, anonymous=OK)),
    "a made-up feedback link": ("GET", "/f/abcdefghijklmnop/", answers(NOT_FOUND, anonymous=NOT_FOUND)),
}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("page_name", PAGES)
def test_each_page_answers_each_persona_as_the_product_says(page_name, who, personas, client_for):
    method, url, expected = PAGES[page_name]
    event = make_event(personas)
    draft = make_event(personas, programme=make_programme(personas, status=ProgrammeStatus.DRAFT))
    url = url.format(pk=event.pk, draft=draft.pk, code=event.feedback_code)
    client = client_for(persona(personas, who))
    response = client.get(url) if method == "GET" else csrf_post(client, url, {})
    got = str(response.status_code)
    if response.status_code == 302:
        got = LOGIN if response["Location"].startswith("/accounts/login/") else MOVED
    assert got == expected[who]
    if method == "POST" and got != MOVED:
        assert Event.objects.get(pk=event.pk).feedback_code == event.feedback_code
