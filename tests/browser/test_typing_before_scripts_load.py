"""What is typed before the page's scripts arrived still counts, without another keystroke.

On a slow phone connection a form is on screen before htmx has loaded: the applicant types one
answer into a draft and stops, or someone types a search and waits. The script holding htmx is
kept back here until the text is in the field.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.grants.builders import make_grant
from tests.lifecycle import make_call, make_draft_proposal, make_programme
from wushe.proposals.models import Proposal, Section

ANSWER = "前门街道老旧院落多,垃圾混投现象普遍。"


def hold_script(page: Page, script: str = "**/vendor/htmx/htmx.min.js") -> list[Route]:
    held: list[Route] = []
    page.route(script, lambda route: held.append(route))
    return held


def release_script(page: Page, held: list[Route], loaded: str | None = "typeof window.htmx") -> None:
    for _ in range(100):  # until the browser has asked for the script, which is being held back
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    if loaded:
        assert page.evaluate(loaded) == "undefined"
    held[0].continue_()


def test_text_typed_before_htmx_arrived_is_autosaved(personas, open_page):
    proposal = make_draft_proposal(personas, make_call(make_programme(personas)))
    page = open_page(PHONE)
    sign_in(page, personas.gina_grantee.email)

    held = hold_script(page)
    page.goto(f"/proposals/{proposal.pk}/edit/", wait_until="commit")
    page.get_by_label(str(Section.NEED.label), exact=True).fill(ANSWER)
    release_script(page, held)

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

    held = hold_script(page)
    page.goto("/organisations/", wait_until="commit")
    page.get_by_test_id("org-search").fill("bjxzz")
    release_script(page, held)

    expect(page.locator("#organisation-results").get_by_test_id("org-row")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"\?q=bjxzz"))


def test_an_amount_typed_before_the_budget_script_arrived_is_counted(personas, open_page):
    grant = make_grant(personas, requested=100_000, approved=80_000)  # bins 40,000 + outreach 60,000
    page = open_page(DESKTOP)
    sign_in(page, personas.olivia_officer.email)

    held = hold_script(page, "**/js/grant_budget.js")
    page.goto(f"/grants/{grant.pk}/budget/", wait_until="commit")
    page.get_by_label("分类桶与宣传物资的金额(元)").fill("32000")
    release_script(page, held, loaded=None)

    expect(page.locator("#budget-live-gap")).to_have_text(re.compile(r"预算多出\s*¥12,000.00"))
