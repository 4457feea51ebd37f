"""The API's interactive docs in Chromium: served from our own static files under our
Content-Security-Policy, and usable with the signed-in session."""

from __future__ import annotations

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, sign_in


def test_it_renders_the_docs_and_calls_the_api_from_them(personas, open_page, live_server):
    page = open_page(DESKTOP)
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    sign_in(page, "alice@example.test")

    page.goto("/api/v1/docs")
    me = page.locator("#operations-me-wushe_api_me_me")
    expect(me).to_be_visible()
    expect(page.locator(".opblock")).not_to_have_count(0)
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    expect(me.locator(".live-responses-table .response .response-col_status").first).to_have_text("200")
    expect(me.locator(".live-responses-table")).to_contain_text("Alice 管理员")

    assert hosts == {urlparse(live_server.url).netloc}
