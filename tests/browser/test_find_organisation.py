"""Finding an organisation by its pinyin initials, as a person on a phone or at a desk would:
sign in through the real form, open 组织 from the menu, type `bjxzz`, open the result."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in

SUPPORT_NAME = "北京市协作者社会工作发展中心"


def open_nav_item(page: Page, label: str) -> None:
    """Follow a main-menu link, opening the collapsed menu first on a narrow screen."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#main-nav")).to_be_visible()
    page.locator("#main-nav").get_by_role("link", name=label, exact=True).click()


def find_and_open_support_org(page: Page) -> None:
    open_nav_item(page, "组织")
    expect(page).to_have_url(re.compile(r"/organisations/$"))
    expect(page.get_by_role("heading", name="组织", exact=True)).to_be_visible()
    # Live search: typing alone updates the results, nobody presses 搜索.
    page.get_by_test_id("org-search").press_sequentially("bjxzz", delay=40)
    results = page.locator("#organisation-results")
    expect(results.get_by_test_id("org-row")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?q=bjxzz"))
    results.get_by_role("link", name=SUPPORT_NAME).click()
    expect(page).to_have_url(re.compile(r"/organisations/\d+/$"))
    expect(page.get_by_test_id("org-name")).to_have_text(SUPPORT_NAME)


def assert_fits_width(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def assert_styled(page: Page) -> None:
    """Bootstrap and our stylesheet really applied (not merely referenced)."""
    background = page.evaluate("getComputedStyle(document.querySelector('.navbar-wushe')).backgroundColor")
    assert background == "rgb(46, 125, 79)"
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"


def test_it_finds_an_organisation_by_initials_on_a_phone(personas, open_page):
    page = open_page(PHONE)
    sign_in(page, personas.gina_grantee.email)
    assert_styled(page)
    expect(page.locator(".navbar-toggler")).to_be_visible()
    find_and_open_support_org(page)
    assert_fits_width(page)


def test_it_finds_an_organisation_by_initials_at_a_desk(personas, open_page):
    page = open_page(DESKTOP)
    sign_in(page, personas.olivia_officer.email)
    expect(page.locator(".navbar-toggler")).to_be_hidden()
    find_and_open_support_org(page)
    # Olivia works at 北京协作者: its members are listed for her.
    expect(page.get_by_test_id("member-row")).to_have_count(1)
    assert_fits_width(page)


def test_it_signs_in_by_phone_number(personas, open_page):
    page = open_page(PHONE)
    sign_in(page, personas.sam_staff.phone)
    expect(page.get_by_role("heading", name=re.compile("Sam 机构员工"))).to_be_visible()
    find_and_open_support_org(page)


def test_it_refuses_a_wrong_password_with_a_message(personas, open_page):
    page = open_page(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(personas.gina_grantee.email)
    page.get_by_label(re.compile(r"^密码")).fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("手机号/邮箱或密码不正确")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def switch_language(page: Page, code: str) -> None:
    form = page.get_by_test_id("language-form")
    form.locator("select").select_option(code)
    form.get_by_role("button").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_switches_the_page_to_english_from_the_footer(personas, open_page, size):
    page = open_page(size)
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    # Each language is offered in its own name, so a reader of either can find it.
    expect(page.get_by_test_id("language-form").locator("option")).to_have_text(["简体中文", "English"])
    switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_label(re.compile(r"^Password"))).to_be_visible()
    switch_language(page, "zh-hans")
    expect(page.get_by_label(re.compile(r"^密码"))).to_be_visible()

    # Signed in, the switch keeps the reader on the page they were reading.
    sign_in(page, personas.gina_grantee.email)
    open_nav_item(page, "组织")
    switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/organisations/$"))
    page.goto("/accounts/password/change/")
    expect(page.get_by_label(re.compile(r"^Old password"))).to_be_visible()
