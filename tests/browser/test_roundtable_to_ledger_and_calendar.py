"""A roundtable from the officer's form to the programme's ledger and to a phone calendar.

Olivia schedules a roundtable (圆桌辅导会) for three organisations of the 绿缘计划 through the activity
form, finding each by its initials, its name or its pinyin; at a workshop of the same programme
an attendee checks in on a phone by the rotating QR code; Olivia marks the roundtable held and
files its sign-in sheet, finds it in the programme's support ledger, creates her calendar feed
on the feeds page and the feed's .ics, read back with the ``icalendar`` library, carries the
roundtable at its Asia/Shanghai time.

Only the starting data (programme, call, proposals of the three organisations, the workshop and
its registration) is made through services; every later step is a person clicking.
"""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_activity_organisation_picker import choose_organisation
from tests.browser.test_find_organisation import assert_fits_width
from tests.factories import OrganisationFactory
from tests.lifecycle import make_call, make_programme, make_submitted_proposal
from tests.support.event_builders import make_event, make_member
from wushe.access.models import MemberRole
from wushe.support.models import Event
from wushe.support.registration_services import registration_add

TOPIC = "院落议事规则圆桌辅导会"
ORGANISATIONS = ("三正社工", "益邻社工", "绿邻社工")  # as listed: by full name
FULL_NAMES = ("北京市东城区三正社工事务所", "北京市东城区益邻社会工作服务中心", "朝阳区绿邻社会工作服务中心")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("main [role=status].alert").filter(has_text=text)).to_be_visible()


def test_a_roundtable_reaches_the_ledger_and_the_officers_calendar(personas, open_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    programme = make_programme(personas, name="绿缘计划")
    call = make_call(programme, title="2021年度社区垃圾分类项目征集")
    third = OrganisationFactory(name="北京市东城区益邻社会工作服务中心", short_name="益邻社工")
    third_admin = make_member(third, "钱主任", role=MemberRole.ADMIN)
    # Applicants of the programme are the organisations its activities may serve.
    make_submitted_proposal(personas, call)
    make_submitted_proposal(personas, call, by=personas.oscar_other, organisation=personas.other, title="绿邻花园")
    make_submitted_proposal(personas, call, by=third_admin, organisation=third, title="益邻议事厅")
    workshop = make_event(personas, programme=programme, title="项目设计赋能工作坊")
    registration_add(event=workshop, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    now = timezone.now()  # the workshop began five minutes ago
    Event.objects.filter(pk=workshop.pk).update(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))
    # The roundtable began an hour ago, so it can be marked held once it is on the books.
    starts = timezone.localtime(now - timedelta(hours=1), SHANGHAI).replace(second=0, microsecond=0)

    # Olivia schedules the roundtable from the programme's support ledger.
    desk = open_page(DESKTOP)
    sign_in(desk, personas.olivia_officer.email)
    desk.goto(f"/programmes/{programme.pk}/")
    desk.get_by_role("link", name="专业支持台账").click()
    expect(desk.get_by_role("heading", name="专业支持台账")).to_be_visible()
    desk.get_by_role("link", name="登记支持活动").click()
    desk.get_by_label("支持类型").select_option(label="圆桌辅导会")
    desk.get_by_label(re.compile(r"^时间")).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_label(re.compile(r"^时长")).fill("120")
    desk.get_by_label(re.compile(r"^主题")).fill(TOPIC)
    for query, name in zip(("szsg", "益邻", "lvlin"), FULL_NAMES, strict=True):
        choose_organisation(desk, query, name)
    expect(desk.get_by_label("Olivia 项目官员", exact=True)).to_be_checked()
    desk.get_by_role("button", name="保存").click()
    expect_message(desk, f"已登记专业支持活动“{TOPIC}”。")
    expect(desk.get_by_role("heading", name=TOPIC)).to_be_visible()
    expect(desk.get_by_test_id("activity-organisations")).to_have_text("、".join(ORGANISATIONS))
    expect(desk.locator(".status-badge")).to_have_text("计划中")
    roundtable_url = desk.url

    # At the workshop's door: the officer's screen shows the QR code, Sam checks in on his phone.
    desk.goto(f"/events/{workshop.pk}/")
    desk.get_by_test_id("checkin-display-link").click()
    qr = desk.get_by_test_id("checkin-qr")
    expect(qr.locator("svg")).to_be_visible()
    link = qr.get_attribute("data-checkin-url")
    assert re.search(rf"/events/{workshop.pk}/checkin/\?code=[0-9a-f]{{16}}$", link)

    phone = open_page(PHONE)
    sign_in(phone, personas.sam_staff.email)
    phone.goto(link)
    phone.get_by_test_id("checkin-confirm").click()
    expect(phone.get_by_test_id("checkin-ok")).to_have_text("签到成功")
    assert_fits_width(phone)

    # The roundtable took place: Olivia marks it held and files the sign-in sheet.
    desk.goto(roundtable_url)
    desk.get_by_label("内容摘要").fill("三家机构交流了院落议事规则的起草经验。")
    desk.get_by_role("button", name="已开展").click()
    expect_message(desk, "已标记为已开展。")
    expect(desk.locator(".status-badge")).to_have_text("已开展")
    sheet = tmp_path / "签到表.pdf"
    sheet.write_bytes(b"%PDF-1.4 sign-in sheet")
    desk.get_by_label("上传附件").set_input_files(sheet)
    desk.get_by_role("button", name="上传", exact=True).click()
    expect_message(desk, "已上传附件“签到表.pdf”。")
    expect(desk.get_by_test_id("attachment-row").get_by_role("link", name="签到表.pdf")).to_be_visible()

    # The programme's ledger counts it and lists it.
    desk.goto(f"/programmes/{programme.pk}/support/")
    expect(desk.get_by_test_id("held-count")).to_have_text("1")
    expect(desk.get_by_test_id("kind-row").filter(has_text="圆桌辅导会")).to_contain_text("1")
    expect(desk.get_by_text("工作坊/培训(签到 1 人次)")).to_be_visible()
    row = desk.get_by_test_id("activity-row").filter(has_text=TOPIC)
    expect(row).to_contain_text("已开展")
    expect(row).to_contain_text(starts.strftime("%Y-%m-%d %H:%M"))
    for name in ORGANISATIONS:
        expect(row).to_contain_text(name)

    # Her calendar feed, created on the feeds page, carries the roundtable.
    desk.goto("/calendar/")
    desk.get_by_role("link", name="订阅到手机日历").click()
    desk.get_by_role("button", name="创建我的日历订阅").click()
    feed_url = desk.get_by_test_id("new-feed-url").input_value()
    assert re.search(r"/calendar/[A-Za-z0-9_-]{40,}\.ics$", feed_url)
    expect(desk.get_by_test_id("feed-row")).to_contain_text("有效")

    answer = desk.request.get(feed_url)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    feed = Calendar.from_ical(answer.body())
    events = [e for e in feed.walk("VEVENT") if str(e["SUMMARY"]).endswith(TOPIC)]
    assert len(events) == 1
    vevent = events[0]
    assert str(vevent["SUMMARY"]) == f"圆桌辅导会:{TOPIC}"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai"
    dtstart = vevent.decoded("DTSTART")
    assert dtstart.utcoffset() == timedelta(hours=8)
    assert dtstart.replace(tzinfo=None) == starts.replace(tzinfo=None)
    assert vevent.decoded("DTEND") - dtstart == timedelta(minutes=120)
