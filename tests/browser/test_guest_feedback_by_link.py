"""After the workshop: the kiosk at the door turns into the feedback code; a resident who came as
a guest (no account) scans it on her phone, mistypes her number once, answers, and the officer's
summary counts her answer."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.browser.test_find_organisation import assert_fits_width
from tests.support.event_builders import make_event
from wushe.support.models import AttendanceStatus, Event, Feedback
from wushe.support.registration_services import registration_add


def test_a_guest_gives_feedback_from_the_code_on_the_kiosk(personas, open_page):
    event = make_event(personas, title="厨余垃圾就地堆肥工作坊")
    guest = registration_add(
        event=event,
        organisation=personas.grantee,
        by=personas.gina_grantee,
        guest_name="居民王阿姨",
        guest_phone="13800138000",
    )
    now = timezone.now()  # the workshop ended ten minutes ago; she was there
    Event.objects.filter(pk=event.pk).update(starts_at=now - timedelta(hours=2), ends_at=now - timedelta(minutes=10))
    guest.attendance = AttendanceStatus.PRESENT
    guest.checked_in_at = now - timedelta(hours=2)
    guest.save(update_fields=["attendance", "checked_in_at"])

    kiosk = open_page(DESKTOP)
    sign_in(kiosk, personas.olivia_officer.email)
    kiosk.goto(f"/events/{event.pk}/checkin/kiosk/")
    expect(kiosk.get_by_test_id("kiosk-feedback-qr").locator("svg")).to_be_visible()
    expect(kiosk.get_by_text("活动已结束,请扫码填写反馈")).to_be_visible()

    kiosk.goto(f"/events/{event.pk}/")
    kiosk.get_by_test_id("feedback-qr-link").click()
    expect(kiosk.get_by_test_id("feedback-qr").locator("svg")).to_be_visible()
    link = kiosk.get_by_test_id("feedback-url").input_value()
    assert link.endswith(f"/f/{event.feedback_code}/")
    screenshot(kiosk, "feedback-qr-desktop.png")

    phone = open_page(PHONE)  # her own phone: never signed in
    phone.goto(link)
    expect(phone.get_by_role("heading", name="活动反馈")).to_be_visible()
    expect(phone.get_by_text(event.title)).to_be_visible()
    assert_fits_width(phone)
    phone.get_by_label("报名时登记的手机号").fill("13800138001")
    phone.get_by_role("radio", name="5").first.check()
    phone.get_by_role("radio", name="4").last.check()
    phone.get_by_label("意见建议").fill("堆肥桶的演示很直观,希望下次带孩子一起来。")
    phone.get_by_role("button", name="提交反馈").click()
    expect(phone.get_by_text("这个手机号没有本次活动的签到记录")).to_be_visible()
    assert not Feedback.objects.exists()

    screenshot(phone, "feedback-link-phone-error.png")
    phone.get_by_label("报名时登记的手机号").fill("138 0013 8000")
    phone.get_by_role("button", name="提交反馈").click()
    expect(phone.get_by_test_id("feedback-thanks")).to_be_visible()
    assert_fits_width(phone)
    feedback = Feedback.objects.get()
    assert (feedback.registration_id, feedback.satisfaction, feedback.usefulness) == (guest.pk, 5, 4)

    kiosk.goto(f"/events/{event.pk}/feedback/summary/")
    expect(kiosk.get_by_test_id("feedback-count")).to_have_text("1")
    expect(kiosk.get_by_text("希望下次带孩子一起来")).to_be_visible()
