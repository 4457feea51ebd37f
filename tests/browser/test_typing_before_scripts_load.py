"""What is typed before the page's scripts arrived still counts, without another keystroke.

On a slow phone connection a form is on screen before htmx has loaded: the applicant types one
answer into a draft and stops, or someone types a search and waits. The script holding htmx is
kept back here until the text is in the field.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import PHONE, sign_in
from tests.lifecycle import make_call, make_draft_proposal, make_programme
from wushe.proposals.models import Proposal, Section

ANSWER = "前门街道老旧院落多,垃圾混投现象普遍。"


def hold_htmx(page: Page) -> list[Route]:
    held: list[Route] = []
    page.route("**/vendor/htmx/htmx.min.js", lambda route: held.append(route))
    return held


def release_htmx(page: Page, held: list[Route]) -> None:
    for _ in range(100):  # until the browser has asked for htmx, which is being held back
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    assert page.evaluate("typeof window.htmx") == "undefined"
    held[0].continue_()


def test_text_typed_before_htmx_arrived_is_autosaved(personas, open_page):
    proposal = make_draft_proposal(personas, make_call(make_programme(personas)))
    page = open_page(PHONE)
    sign_in(page, personas.gina_grantee.email)

    held = hold_htmx(page)
    page.goto(f"/proposals/{proposal.pk}/edit/", wait_until="commit")
    page.get_by_label(str(Section.NEED.label), exact=True).fill(ANSWER)
    release_htmx(page, held)

    expect(page.get_by_test_id("autosave-ok")).to_be_visible()
    assert Proposal.objects.get(pk=proposal.pk).sections[Section.NEED] == ANSWER


def test_an_untouched_form_sends_nothing(personas, open_page):
    proposal = make_draft_proposal(personas, make_call(make_programme(personas)))
    edit_version = proposal.edit_version
    page = open_page(PHONE)
    sign_in(page, personas.gina_grantee.email)
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    page.goto(f"/proposals/{proposal.pk}/edit/")
    page.wait_for_timeout(2_500)  # longer than the autosave's pause after typing

    assert posts == []
    assert Proposal.objects.get(pk=proposal.pk).edit_version == edit_version


def test_a_search_typed_before_htmx_arrived_still_searches(personas, open_page):
    page = open_page(PHONE)
    sign_in(page, personas.olivia_officer.email)

    held = hold_htmx(page)
    page.goto("/organisations/", wait_until="commit")
    page.get_by_test_id("org-search").fill("bjxzz")
    release_htmx(page, held)

    expect(page.locator("#organisation-results").get_by_test_id("org-row")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?q=bjxzz"))
