"""A reviewer on a phone: opens 我的评审 from the menu, declares no conflict, taps a score for
each criterion, submits; then the applicant reads the decision from the notification."""

from __future__ import annotations

import re

from django.test.utils import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in
from tests.browser.test_find_organisation import assert_fits_width, open_nav_item
from tests.lifecycle import make_call, make_programme, make_proposal_under_review
from wushe.reviews.models import AssignmentStatus
from wushe.reviews.services import decision_make, reviewer_assign, rubric_set
from wushe.reviews.tasks import send_decision_notice


def test_a_reviewer_scores_on_a_phone_and_the_applicant_reads_the_decision(personas, open_page):
    call = make_call(make_programme(personas))
    rubric_set(
        call=call,
        by=personas.olivia_officer,
        title="项目书评分标准",
        criteria=[
            {"name": "需求分析", "description": "需求是否真实、清楚", "weight": 2, "scale_max": 5},
            {"name": "可行性", "weight": 1, "scale_max": 10},
            {"name": "社区参与", "weight": 1, "scale_max": 20},
        ],
    )
    proposal = make_proposal_under_review(personas, call)
    assignment = reviewer_assign(proposal=proposal, reviewer=personas.rita_reviewer, by=personas.olivia_officer)

    page = open_page(PHONE)
    sign_in(page, personas.rita_reviewer.email)
    open_nav_item(page, "我的评审")
    page.get_by_role("link", name=proposal.title).click()
    expect(page.get_by_test_id("conflict-form")).to_be_visible()
    assert_fits_width(page)

    page.get_by_label("我与申请机构及本项目不存在利益冲突").check()
    page.get_by_role("button", name="提交声明").click()
    form = page.get_by_test_id("score-form")
    expect(form).to_be_visible()
    assert_fits_width(page)

    criteria = form.get_by_test_id("criterion")
    criteria.nth(0).get_by_text("4", exact=True).click()  # short scales are buttons to tap
    criteria.nth(1).get_by_text("8", exact=True).click()
    criteria.nth(2).get_by_role("spinbutton").fill("25")  # a long one is a number, checked
    page.get_by_role("button", name="提交评审").click()
    expect(page.get_by_text("“社区参与”的得分须为 0 到 20 之间的整数。")).to_be_visible()

    criteria.nth(2).get_by_role("spinbutton").fill("15")  # the taps were kept
    page.get_by_role("button", name="提交评审").click()
    expect(page.get_by_test_id("own-review")).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED

    decision = decision_make(proposal=proposal, by=personas.olivia_officer, outcome="approve", amount=60_000)
    with override_settings(SITE_URL="http://testserver"):
        send_decision_notice.call(decision_id=decision.pk)  # what the worker does once committed

    page = open_page(PHONE)
    sign_in(page, personas.gina_grantee.email)
    expect(page.get_by_test_id("unread-badge")).to_have_text(re.compile(r"^1"))
    page.get_by_test_id("notifications-link").click()
    page.get_by_role("button", name=re.compile("项目书已立项")).click()
    expect(page.get_by_test_id("outcome")).to_have_text("立项")
    expect(page.get_by_test_id("amount")).to_have_text(re.compile("60,000"))
    assert_fits_width(page)
