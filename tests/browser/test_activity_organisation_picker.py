"""On her phone, Olivia records a field visit: she finds the organisation visited by typing its
initials and choosing it with the keyboard, another by its Chinese name with a tap (and takes it
off again); the grant she monitored is offered once its organisation is chosen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_find_organisation import assert_fits_width
from tests.grants.builders import make_grant
from tests.support.builders import at

TOPIC = "垃圾分类项目中期实地走访"


def search_organisations(page: Page, text: str) -> None:
    search = page.get_by_role("combobox", name="服务对象组织")
    search.fill("")
    search.press_sequentially(text, delay=30)


def suggestions(page: Page, name: str | None = None):
    listbox = page.get_by_role("listbox", name="匹配的组织")
    return listbox.get_by_role("option", name=re.compile(re.escape(name))) if name else listbox.get_by_role("option")


def choose_organisation(page: Page, text: str, name: str) -> None:
    """Type ``text`` into the organisation picker and tap the suggestion ``name`` (full name)."""
    search_organisations(page, text)
    suggestions(page, name).click()
    expect(page.get_by_test_id("chosen-organisations").locator("input[type=hidden]")).not_to_have_count(0)


def test_an_officer_finds_organisations_by_initials_and_name_on_a_phone(personas, open_page):
    grant = make_grant(personas)
    page = open_page(PHONE)
    sign_in(page, personas.olivia_officer.email)
    page.goto(f"/programmes/{grant.programme_id}/support/new/")

    page.get_by_label("支持类型").select_option(label="实地走访监测")
    page.get_by_label(re.compile(r"^时间")).fill(at(-1, 14, 0).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^时长")).fill("90")
    page.get_by_label(re.compile(r"^主题")).fill(TOPIC)
    expect(page.get_by_test_id("activity-links")).not_to_contain_text(grant.agreement_number)

    # Initials, then the keyboard: the first suggestion is the one Enter chooses.
    search_organisations(page, "szsg")
    option = suggestions(page, "北京市东城区三正社工事务所")
    expect(option).to_be_visible()
    expect(option).to_contain_text("本计划")
    search = page.get_by_role("combobox", name="服务对象组织")
    expect(search).to_have_attribute("aria-expanded", "true")
    search.press("ArrowDown")
    search.press("ArrowUp")
    expect(option).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    chosen = page.get_by_test_id("chosen-organisations")
    expect(chosen).to_have_text(re.compile("三正社工"))
    expect(suggestions(page)).to_have_count(0)
    expect(search).to_be_focused()
    expect(search).to_have_value("")
    assert page.url.endswith("/support/new/")  # Enter chose; it did not submit the form

    # The grant of the organisation chosen is offered now.
    page.get_by_label(re.compile(re.escape(grant.agreement_number))).check()

    # A second organisation by its Chinese name, with a tap, then taken off again.
    search_organisations(page, "绿邻")
    expect(suggestions(page, "北京市东城区三正社工事务所")).to_have_count(0)
    suggestions(page, "朝阳区绿邻社会工作服务中心").click()
    expect(chosen.locator("li")).to_have_count(2)
    chosen.get_by_role("button", name="移除 绿邻社工").click()
    expect(chosen.locator("li")).to_have_count(1)
    expect(page.get_by_label(re.compile(re.escape(grant.agreement_number)))).to_be_checked()

    # The archived organisation is never offered.
    search_organisations(page, "已注销")
    expect(suggestions(page, "没有匹配的组织")).to_be_visible()
    search.press("Escape")
    expect(suggestions(page)).to_have_count(0)
    assert_fits_width(page)

    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=TOPIC)).to_be_visible()
    expect(page.get_by_test_id("activity-organisations")).to_have_text("三正社工")
    expect(page.get_by_role("link", name=grant.agreement_number)).to_be_visible()

    # Editing shows the organisation as a chip; removing it drops the grant offered with it.
    page.get_by_role("link", name="编辑").click()
    expect(chosen).to_have_text(re.compile("三正社工"))
    chosen.get_by_role("button", name="移除 三正社工").click()
    expect(page.get_by_test_id("no-links")).to_be_visible()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errorlist")).to_contain_text("请至少选择一个服务对象组织。")
    assert_fits_width(page)


def test_the_picker_lists_suggestions_over_the_form_on_a_desktop(personas, open_page):
    grant = make_grant(personas)
    page = open_page(DESKTOP)
    sign_in(page, personas.olivia_officer.email)
    page.goto(f"/programmes/{grant.programme_id}/support/new/")

    search_organisations(page, "sg")
    options = suggestions(page)
    expect(options.first).to_contain_text("北京市东城区三正社工事务所")  # taking part: first
    expect(options).to_have_count(2)
    results = page.locator("[data-org-results]")
    assert results.evaluate("e => getComputedStyle(e).position") == "absolute"
    page.get_by_role("heading", name="登记支持活动").click()  # a click elsewhere closes the list
    expect(options).to_have_count(0)
