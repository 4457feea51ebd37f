"""At the door on the day: the kiosk at the entrance shows the rotating code and the live count;
the officer at the desk, on a phone, registers a walk-in from another organisation (found by its
pinyin initials) and a guest who came for no organisation, both checked in at once, and the
kiosk's count goes up without the page being reloaded."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_find_organisation import assert_fits_width
from tests.support.event_builders import make_event
from wushe.support.models import AttendanceStatus, Event, Registration
from wushe.support.registration_services import registration_add


def test_an_officer_adds_walk_ins_on_a_phone_and_the_kiosk_counts_them(personas, open_page):
    event = make_event(personas, capacity=3, title="社区议事协商工作坊")
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    now = timezone.now()  # the workshop began five minutes ago
    Event.objects.filter(pk=event.pk).update(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))

    kiosk = open_page(DESKTOP)
    sign_in(kiosk, personas.olivia_officer.email)
    kiosk.goto(f"/events/{event.pk}/checkin/kiosk/")
    expect(kiosk.locator(".navbar")).to_have_count(0)
    expect(kiosk.get_by_test_id("checkin-qr").locator("svg")).to_be_visible()
    expect(kiosk.get_by_test_id("kiosk-checked-in")).to_have_text("0")
    expect(kiosk.get_by_test_id("kiosk-confirmed")).to_have_text("1")
    expect(kiosk.get_by_role("button", name="全屏显示")).to_be_visible()  # shown by the kiosk's script
    assert_fits_width(kiosk)

    desk = open_page(PHONE)
    sign_in(desk, personas.olivia_officer.email)
    desk.goto(f"/events/{event.pk}/attendance/")
    form = desk.get_by_test_id("walk-in-form")
    expect(form).to_be_visible()  # open on the day, "present" ticked
    expect(form.get_by_label("已到场,立即签到")).to_be_checked()
    assert_fits_width(desk)

    form.get_by_label("姓名").fill("周来宾")
    form.get_by_label("手机号").fill("1391111")
    form.get_by_test_id("walk-in-org-search").press_sequentially("llsg", delay=40)
    form.get_by_role("radio", name=re.compile("绿邻社工")).check()
    form.get_by_test_id("walk-in-submit").click()
    expect(desk.get_by_test_id("walk-in-phone-error")).to_contain_text("请输入 11 位中国大陆手机号")
    assert not Registration.objects.filter(guest_name="周来宾").exists()

    form = desk.get_by_test_id("walk-in-form")
    expect(form.get_by_role("radio", name=re.compile("绿邻社工"))).to_be_checked()  # kept through the error
    form.get_by_label("手机号").fill("13911112222")
    form.get_by_test_id("walk-in-submit").click()
    expect(desk.get_by_test_id("walk-in-done")).to_contain_text("周来宾 已现场报名并签到")
    new_row = desk.get_by_test_id("attendance-row").filter(has_text="周来宾")
    expect(new_row).to_contain_text("绿邻社工")
    expect(new_row.locator(".attend-present")).to_be_visible()
    expect(kiosk.get_by_test_id("kiosk-checked-in")).to_have_text("1", timeout=15_000)
    expect(kiosk.get_by_test_id("kiosk-confirmed")).to_have_text("2")

    form = desk.get_by_test_id("walk-in-form")
    form.get_by_label("姓名").fill("吴阿姨")
    form.get_by_label("手机号").fill("139 2222 3333")
    form.get_by_role("radio", name="无组织(个人)").check()
    form.get_by_test_id("walk-in-submit").click()
    expect(desk.get_by_test_id("walk-in-done")).to_contain_text("吴阿姨 已现场报名并签到")
    expect(desk.get_by_test_id("attendance-row").filter(has_text="吴阿姨")).to_contain_text("个人")
    assert_fits_width(desk)
    expect(kiosk.get_by_test_id("kiosk-checked-in")).to_have_text("2", timeout=15_000)
    expect(kiosk.get_by_test_id("kiosk-confirmed")).to_have_text("3")

    walk_ins = Registration.objects.filter(walk_in=True).order_by("pk")
    assert [(r.guest_name, r.organisation) for r in walk_ins] == [("周来宾", personas.other), ("吴阿姨", None)]
    assert {r.attendance for r in walk_ins} == {AttendanceStatus.PRESENT}

    kiosk.get_by_test_id("kiosk-exit").click()
    expect(kiosk).to_have_url(re.compile(rf"/events/{event.pk}/attendance/$"))


def test_enter_in_the_organisation_search_chooses_the_first_match_and_registers_no_one(personas, open_page):
    event = make_event(personas, capacity=3)
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))
    desk = open_page(PHONE)
    sign_in(desk, personas.olivia_officer.email)
    desk.goto(f"/events/{event.pk}/attendance/")
    form = desk.get_by_test_id("walk-in-form")
    form.get_by_label("姓名").fill("郑来宾")
    form.get_by_label("手机号").fill("13933334444")

    search = form.get_by_test_id("walk-in-org-search")
    search.press_sequentially("llsg", delay=20)
    search.press("Enter")  # at once: the organisation is chosen when the matches arrive
    green = form.get_by_role("radio", name=re.compile("绿邻社工"))
    expect(green).to_be_checked()
    expect(search).to_be_focused()
    expect(desk.get_by_test_id("walk-in-done")).to_have_count(0)
    assert not Registration.objects.filter(guest_name="郑来宾").exists()

    search.press("ArrowDown")  # into the radio buttons, at the one chosen
    expect(green).to_be_focused()
    form.get_by_test_id("walk-in-submit").click()
    expect(desk.get_by_test_id("walk-in-done")).to_contain_text("郑来宾 已现场报名并签到")
    assert Registration.objects.get(guest_name="郑来宾").organisation == personas.other
