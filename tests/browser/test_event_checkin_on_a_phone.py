"""At the door of a workshop: the officer's screen shows the rotating QR code, an attendee opens
its link on a phone, confirms check-in and afterwards answers the questionnaire; the officer's
summary draws its chart from a static script (no inline script, no CSP violation)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_find_organisation import assert_fits_width
from tests.support.event_builders import make_event, make_member
from wushe.support.models import AttendanceStatus, Event, Feedback, Registration
from wushe.support.registration_services import registration_add


def test_an_attendee_checks_in_on_a_phone_and_gives_feedback(personas, open_page):
    event = make_event(personas, capacity=2, title="项目设计赋能工作坊")
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    late_comer = make_member(personas.grantee, "钱成员")
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=late_comer)
    now = timezone.now()  # the workshop began five minutes ago
    Event.objects.filter(pk=event.pk).update(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))

    screen = open_page(PHONE)
    sign_in(screen, personas.olivia_officer.email)
    screen.goto(f"/events/{event.pk}/checkin/display/")
    qr = screen.get_by_test_id("checkin-qr")
    expect(qr.locator("svg")).to_be_visible()
    assert_fits_width(screen)
    link = qr.get_attribute("data-checkin-url")
    assert re.search(rf"/events/{event.pk}/checkin/\?code=[0-9a-f]{{16}}$", link)

    phone = open_page(PHONE)
    sign_in(phone, personas.sam_staff.email)
    phone.goto(link)
    phone.get_by_test_id("checkin-confirm").click()
    expect(phone.get_by_test_id("checkin-ok")).to_have_text("签到成功")
    assert_fits_width(phone)
    assert Registration.objects.get(user=personas.sam_staff).attendance == AttendanceStatus.PRESENT

    phone.goto(f"/events/{event.pk}/")
    phone.get_by_role("link", name="填写活动反馈").click()
    phone.get_by_role("group", name=re.compile("总体满意度")).get_by_text("5", exact=True).click()
    phone.get_by_role("group", name=re.compile("实用性")).get_by_text("4", exact=True).click()
    phone.get_by_label("意见建议").fill("案例很接地气")
    assert_fits_width(phone)
    phone.get_by_role("button", name="提交反馈").click()
    expect(phone.get_by_text("感谢你的反馈!")).to_be_visible()
    assert Feedback.objects.get().satisfaction == 5

    stranger = open_page(PHONE)
    sign_in(stranger, personas.oscar_other.email)
    stranger.goto(link)
    stranger.get_by_test_id("checkin-confirm").click()
    expect(stranger.get_by_test_id("checkin-error")).to_contain_text("你没有报名这个活动")

    desk = open_page(DESKTOP)
    sign_in(desk, personas.olivia_officer.email)
    desk.goto(f"/events/{event.pk}/feedback/summary/")
    expect(desk.get_by_test_id("feedback-satisfaction")).to_have_text("5.0")
    expect(desk.locator("#feedback-chart svg")).to_be_visible()
    desk.goto(f"/events/{event.pk}/attendance/")
    row = desk.get_by_test_id("attendance-row").filter(has_text="钱成员")
    row.get_by_role("button", name="迟到").click()
    expect(desk.get_by_test_id("attendance-row").filter(has_text="钱成员").locator(".attend-late")).to_be_visible()
    assert Registration.objects.get(user=late_comer).attendance == AttendanceStatus.LATE
