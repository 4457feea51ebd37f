"""A draft typed into before the page's scripts arrived is still saved without another keystroke.

On a slow phone connection the form is on screen before htmx has loaded; the applicant types one
answer and stops. The script holding htmx is kept back here until the text is in the field.
"""

from __future__ import annotations

from playwright.sync_api import Route, expect

from tests.browser.conftest import PHONE, sign_in
from tests.lifecycle import make_call, make_draft_proposal, make_programme
from wushe.proposals.models import Proposal, Section

ANSWER = "前门街道老旧院落多,垃圾混投现象普遍。"


def test_text_typed_before_htmx_arrived_is_autosaved(personas, open_page):
    proposal = make_draft_proposal(personas, make_call(make_programme(personas)))
    page = open_page(PHONE)
    sign_in(page, personas.gina_grantee.email)

    held: list[Route] = []
    page.route("**/vendor/htmx/htmx.min.js", lambda route: held.append(route))
    page.goto(f"/proposals/{proposal.pk}/edit/", wait_until="commit")
    page.get_by_label(str(Section.NEED.label), exact=True).fill(ANSWER)
    for _ in range(100):  # until the browser asks for htmx, which is being held back
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    assert page.evaluate("typeof window.htmx") == "undefined"
    held[0].continue_()

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
