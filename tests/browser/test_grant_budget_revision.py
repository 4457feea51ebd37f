"""A budget revision through the real pages, on a phone and at a desk: the programme officer
brings a grant approved below its request to the grant amount with a reason, sees it in the
grant's history; the grantee's admin then reads the notification and opens the grant from it.

The grant is made through the services; the revision and the reading are a person clicking."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, sign_in
from tests.browser.test_find_organisation import assert_fits_width
from tests.browser.test_lifecycle_path import expect_message
from tests.grants.builders import make_grant
from wushe.accounts.models import Notification

REASON = "按立项金额调整:分类桶集中采购"


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_officer_revises_the_budget_and_the_grantee_admin_is_told(personas, open_page, problems, size):
    grant = make_grant(personas, requested=100_000, approved=80_000)  # bins 40,000 + outreach 60,000
    detail = f"/grants/{grant.pk}/"

    page = open_page(size)
    sign_in(page, personas.olivia_officer.email)
    page.goto(detail)
    expect(page.get_by_test_id("budget-needs-revision")).to_be_visible()
    page.get_by_test_id("revise-budget-link").click()
    expect(page).to_have_url(re.compile(rf"/grants/{grant.pk}/budget/$"))
    assert_fits_width(page)

    # One line alone leaves the total above the grant amount: the page says so, nothing is saved.
    page.get_by_label("分类桶与宣传物资的金额(元)").fill("32000")
    expect(page.locator("#budget-live-gap")).to_have_text(re.compile(r"预算多出\s*¥12,000.00"))
    page.get_by_label("调整理由").fill(REASON)
    page.get_by_role("button", name="保存调整").click()
    expect(page.get_by_test_id("budget-errors")).to_contain_text(
        "调整后合计 ¥92,000.00,比资助金额 ¥80,000.00 多 ¥12,000.00。"
    )
    assert_fits_width(page)

    page.get_by_label("入户宣传与桶前值守的金额(元)").fill("48000")
    expect(page.locator("#budget-live-gap")).to_have_text("与资助金额一致")
    page.get_by_role("button", name="保存调整").click()
    expect(page).to_have_url(re.compile(rf"{detail}$"))
    expect_message(page, "预算已调整,合计与资助金额 ¥80,000.00 一致。")
    history = page.get_by_test_id("budget-revisions")
    expect(history.get_by_test_id("budget-revision")).to_have_count(1)
    expect(history.get_by_test_id("budget-revision-reason")).to_have_text(REASON)
    expect(history.get_by_test_id("budget-revision")).to_contain_text("¥100,000.00 → ¥80,000.00")
    expect(page.get_by_test_id("budget-needs-revision")).to_have_count(0)
    assert_fits_width(page)
    assert not Notification.objects.filter(user=personas.olivia_officer, url=detail).exists()
    assert [m.to for m in mail.outbox if grant.agreement_number in m.subject] == [["gina@example.test"]]

    page = open_page(size)
    sign_in(page, personas.gina_grantee.email)
    page.get_by_test_id("notifications-link").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    told = page.get_by_test_id("notification").filter(has_text=f"预算已调整:{grant.agreement_number}")
    expect(told).to_have_count(1)
    expect(told).to_contain_text(f"Olivia 项目官员 把预算合计从 ¥100,000.00 调整为 ¥80,000.00。理由:{REASON}")
    assert_fits_width(page)
    told.get_by_role("button", name=f"预算已调整:{grant.agreement_number}").click()
    expect(page).to_have_url(re.compile(rf"{detail}$"))
    expect(page.get_by_test_id("budget-revision-reason")).to_have_text(REASON)
    assert_fits_width(page)
