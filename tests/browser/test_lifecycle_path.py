"""The whole programme lifecycle through the real pages, on a phone and at a desk.

Gina applies to an open call and writes her proposal (autosaved as she types), Olivia coaches it
and asks for a revision, Gina answers the comment and resubmits, Olivia sees the change in the
version diff, sends the proposal to review and assigns three reviewers; two score it, the third
declares a conflict and loses sight of it; Olivia approves it with an amount, signs the grant
with three tranches (50/30/20) and records the first disbursement.

Only the starting data (programme, call, rubric, reviewer accounts) is made through services;
every later step is a person clicking. A screenshot of each major step is kept under
``var/screenshots/`` for a look by eye.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.browser.test_find_organisation import assert_fits_width, open_nav_item
from tests.factories import PlatformRoleFactory, UserFactory
from tests.lifecycle import SECTION_TEXT, make_call, make_programme
from wushe.access.models import PlatformRoleKind
from wushe.proposals.models import Proposal, Section
from wushe.reviews.services import rubric_set

TITLE = "前门街道零废弃院落试点"
OLD_ACTIVITIES = "入户宣传、桶前值守、志愿者培训和月度评比。"
NEW_ACTIVITIES = "入户宣传、桶前值守、志愿者培训和季度评比,每月组织一次旧物交换集市。"


class Screens:
    """Screenshots named ``lifecycle-<width>-<nn>-<step>.png``, numbered in the order taken."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.count = 0

    def shot(self, page: Page, step: str) -> None:
        self.count += 1
        screenshot(page, f"lifecycle-{self.width}-{self.count:02d}-{step}.png")


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("main [role=status].alert").filter(has_text=text)).to_be_visible()


def expect_status(page: Page, text: str) -> None:
    expect(page.get_by_test_id("proposal-status")).to_have_text(text)


def add_reviewer(name: str, email: str):
    user = UserFactory(name=name, email=email)
    PlatformRoleFactory(user=user, role=PlatformRoleKind.REVIEWER)
    return user


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_proposal_goes_from_application_to_its_first_disbursement(personas, open_page, problems, size):
    programme = make_programme(personas, name="绿缘计划")
    call = make_call(programme, title="2021年度社区垃圾分类项目征集", budget=300_000, max_amount=100_000)
    rubric_set(
        call=call,
        by=personas.olivia_officer,
        title="项目书评分标准",
        criteria=[
            {"name": "需求分析", "weight": 2, "scale_max": 5},
            {"name": "可行性", "weight": 1, "scale_max": 5},
            {"name": "社区参与", "weight": 1, "scale_max": 20},
        ],
    )
    rita = personas.rita_reviewer
    ben = add_reviewer("Ben 评审", "ben@example.test")
    chen = add_reviewer("Chen 评审", "chen@example.test")
    screens = Screens(size["viewport"]["width"])

    # 1. Gina applies from the public call page, writes every section and the budget, submits.
    gina = open_page(size)
    sign_in(gina, personas.gina_grantee.email)
    open_nav_item(gina, "项目征集")
    gina.get_by_test_id("call-card").get_by_role("link", name=call.title).click()
    gina.get_by_role("link", name="申请", exact=True).click()
    gina.get_by_label("申请机构").select_option(label=personas.grantee.name)
    gina.get_by_label("项目名称").fill(TITLE)
    gina.get_by_role("button", name="创建项目书草稿").click()
    expect(gina).to_have_url(re.compile(r"/proposals/\d+/edit/$"))
    proposal_pk = int(re.search(r"/proposals/(\d+)/", gina.url).group(1))

    for section, text in SECTION_TEXT.items():
        gina.get_by_label(str(section.label), exact=True).fill(text)
    expect(gina.get_by_test_id("autosave-ok")).to_be_visible()  # saved as she typed, nothing clicked
    assert Proposal.objects.get(pk=proposal_pk).sections[Section.LINKAGE] == SECTION_TEXT[Section.LINKAGE]
    gina.get_by_role("button", name="保存", exact=True).click()
    expect_message(gina, "已保存。")

    budget = gina.locator("#budget-rows")
    budget.get_by_label("类别").nth(0).select_option(label="物资设备")
    budget.get_by_label("明细").nth(0).fill("分类桶与宣传物资")
    budget.get_by_label("金额(元)").nth(0).fill("32000")
    gina.get_by_role("button", name="添加一行").click()
    budget.get_by_label("类别").nth(1).select_option(label="活动费用")
    budget.get_by_label("明细").nth(1).fill("入户宣传与桶前值守")
    budget.get_by_label("金额(元)").nth(1).fill("48000")
    assert_fits_width(gina)
    screens.shot(gina, "draft")
    gina.get_by_role("button", name="保存预算").click()
    expect_message(gina, "预算已保存。")
    expect(gina.get_by_text("当前合计")).to_contain_text(re.compile(r"¥80,?000\.00"))

    gina.get_by_role("link", name="返回项目书").click()
    gina.get_by_test_id("transition-submit").click()
    expect_message(gina, "操作已完成。")
    expect_status(gina, "已提交")
    expect(gina.get_by_test_id("version-count")).to_have_text("1")
    screens.shot(gina, "submitted")

    # 2. Olivia coaches: a comment on 活动设计 and a request for revision.
    olivia = open_page(size)
    sign_in(olivia, personas.olivia_officer.email)
    open_nav_item(olivia, "项目书")
    olivia.get_by_test_id("proposal-row").get_by_role("link", name=TITLE).click()
    expect_status(olivia, "已提交")
    revision = olivia.get_by_test_id("revision-form")
    revision.get_by_label("章节").select_option(label="活动设计")
    revision.get_by_label("意见", exact=True).fill(
        "月度评比频率太高,居民容易疲劳;可以考虑加入旧物交换,让居民看到减量的好处。"
    )
    revision.get_by_label("总体意见").fill("整体思路清楚,活动设计再贴近居民一些。")
    assert_fits_width(olivia)
    screens.shot(olivia, "coaching")
    revision.get_by_test_id("transition-request_revision").click()
    expect_message(olivia, "操作已完成。")
    expect_status(olivia, "待修改")
    expect(olivia.get_by_test_id("round-count")).to_have_text("1")

    # 3. Gina answers the comment, marks it addressed, edits 活动设计 and resubmits.
    gina.reload()
    expect_status(gina, "待修改")
    comment = gina.get_by_test_id("comment").filter(has_text="月度评比频率太高")
    comment.get_by_label("回复").fill("已改为季度评比,并每月组织一次旧物交换集市。")
    comment.get_by_label("已按意见修改").check()
    comment.get_by_role("button", name="回复").click()
    expect_message(gina, "回复已保存。")
    expect(gina.get_by_test_id("comment").filter(has_text="月度评比频率太高").get_by_text("已处理")).to_be_visible()
    screens.shot(gina, "reply")

    gina.get_by_role("link", name="编辑", exact=True).click()
    activities = gina.get_by_label("活动设计", exact=True)
    expect(activities).to_have_value(OLD_ACTIVITIES)
    activities.fill(NEW_ACTIVITIES)
    expect(gina.get_by_test_id("autosave-ok")).to_be_visible()
    gina.get_by_role("button", name="保存", exact=True).click()
    expect_message(gina, "已保存。")
    gina.get_by_role("link", name="返回项目书").click()
    gina.get_by_test_id("transition-resubmit").click()
    expect_message(gina, "操作已完成。")
    expect_status(gina, "已重新提交")
    expect(gina.get_by_test_id("version-count")).to_have_text("2")

    # 4. Olivia compares v1 → v2: the new words are marked as inserted, the old as deleted.
    olivia.reload()
    expect_status(olivia, "已重新提交")
    olivia.get_by_test_id("compare").click()
    expect(olivia).to_have_url(re.compile(r"/diff/\?a=1&b=2$"))
    changed = olivia.get_by_test_id("diff-section").filter(has_text="活动设计")
    expect(changed.locator("ins.diff-ins").first).to_be_visible()
    inserted = "".join(changed.locator("ins.diff-ins").all_inner_texts())
    deleted = "".join(changed.locator("del.diff-del").all_inner_texts())
    assert "季度" in inserted, inserted
    assert "旧物交换集市" in inserted, inserted
    assert "月度" in deleted, deleted
    expect(olivia.get_by_test_id("diff-section").filter(has_text="需求分析").locator("ins, del")).to_have_count(0)
    assert_fits_width(olivia)
    screens.shot(olivia, "diff")

    # 5. Olivia sends it to review and assigns three reviewers.
    olivia.get_by_role("navigation", name="breadcrumb").get_by_role("link", name=TITLE).click()
    olivia.get_by_test_id("transition-start_review").click()
    expect_message(olivia, "操作已完成。")
    expect_status(olivia, "评审中")
    olivia.get_by_test_id("review-panel-link").click()
    assign = olivia.get_by_test_id("assign-form")
    for reviewer in (rita, ben, chen):
        assign.get_by_label("评审专家").select_option(label=reviewer.name)
        assign.get_by_role("button", name="指派").click()
        expect_message(olivia, f"已指派 {reviewer.name} 评审。")
    expect(olivia.get_by_test_id("review-row")).to_have_count(3)
    assert_fits_width(olivia)
    screens.shot(olivia, "assigned")

    # 6. Rita and Ben declare no conflict and score; Chen declares a conflict and loses sight of it.
    for reviewer, taps, community in ((rita, ("4", "5"), "16"), (ben, ("3", "4"), "12")):
        page = open_page(size)
        sign_in(page, reviewer.email)
        open_nav_item(page, "我的评审")
        page.get_by_test_id("review-row").get_by_role("link", name=TITLE).click()
        page.get_by_label("我与申请机构及本项目不存在利益冲突").check()
        page.get_by_role("button", name="提交声明").click()
        expect_message(page, "已声明无利益冲突,请开始评分。")
        criteria = page.get_by_test_id("score-form").get_by_test_id("criterion")
        criteria.nth(0).get_by_text(taps[0], exact=True).click()
        criteria.nth(1).get_by_text(taps[1], exact=True).click()
        criteria.nth(2).get_by_role("spinbutton").fill(community)
        page.get_by_label("总体评语").fill("需求真实,活动设计可行。")
        assert_fits_width(page)
        if reviewer is rita:
            screens.shot(page, "scoring")
        page.get_by_role("button", name="提交评审").click()
        expect_message(page, "评审已提交,谢谢!")
        expect(page.get_by_test_id("own-review")).to_be_visible()
        expect(page.get_by_test_id("assignment-status")).to_have_text("已提交")
        page.context.close()

    recused = open_page(size)
    sign_in(recused, chen.email)
    open_nav_item(recused, "我的评审")
    recused.get_by_test_id("review-row").get_by_role("link", name=TITLE).click()
    recused.get_by_label("我存在利益冲突,申请回避").check()
    recused.get_by_label("说明").fill("近三年曾担任申请机构的督导。")
    recused.get_by_role("button", name="提交声明").click()
    expect_message(recused, "已记录你的回避声明")
    row = recused.get_by_test_id("review-row").filter(has_text=TITLE)
    expect(row.get_by_text("利益冲突回避")).to_be_visible()
    expect(row.get_by_role("link", name=TITLE)).to_have_count(0)
    response = recused.goto(f"/proposals/{proposal_pk}/")
    assert response is not None
    assert response.status == 404
    expect(recused.get_by_role("heading", name="找不到这个页面")).to_be_visible()
    problems.allow("404")  # Chromium logs the deliberate 404 as a console error
    screens.shot(recused, "recused-404")
    recused.context.close()

    # 7. Olivia reads the scores and approves with an amount.
    olivia.reload()
    rows = olivia.get_by_test_id("review-row")
    expect(rows.filter(has_text="已提交")).to_have_count(2)
    expect(rows.filter(has_text="利益冲突回避")).to_have_count(1)
    olivia.get_by_role("link", name="作出决定").click()
    decision = olivia.get_by_test_id("decision-form")
    decision.get_by_text("立项", exact=True).click()
    decision.get_by_label("资助金额(元)").fill("75000")
    decision.get_by_label("理由").fill("需求扎实,经辅导后活动设计更贴近居民。")
    assert_fits_width(olivia)
    screens.shot(olivia, "decision")
    decision.get_by_role("button", name="确认决定").click()
    expect_message(olivia, "已记录决定:立项。")
    expect(olivia.get_by_test_id("outcome")).to_have_text("立项")
    expect(olivia.get_by_test_id("amount")).to_have_text(re.compile(r"75,?000"))

    # 8. Olivia signs the grant with the prefilled 50/30/20 tranches and pays the first one.
    olivia.get_by_role("navigation", name="breadcrumb").get_by_role("link", name=TITLE).click()
    expect_status(olivia, "已立项")
    olivia.get_by_test_id("grant-create-link").click()
    expect(olivia.get_by_test_id("approved-amount")).to_have_text("¥75,000.00")
    tranche_rows = olivia.get_by_test_id("tranche-row")
    for i, percent in enumerate(("50", "30", "20")):
        expect(tranche_rows.nth(i).get_by_label("比例(%)")).to_have_value(percent)
    assert_fits_width(olivia)
    screens.shot(olivia, "grant-create")
    olivia.get_by_role("button", name="签订协议").click()
    expect_message(olivia, "已签订资助协议")
    expect(olivia.get_by_test_id("grant-status")).to_have_text("执行中")
    expect(olivia.get_by_test_id("grant-amount")).to_have_text("¥75,000.00")
    tranches = olivia.get_by_test_id("tranche")
    expect(tranches).to_have_count(3)
    for i, amount in enumerate(("¥37,500.00", "¥22,500.00", "¥15,000.00")):
        expect(tranches.nth(i)).to_contain_text(amount)
    expect(olivia.get_by_test_id("grant-disbursed")).to_have_text("¥0.00")

    olivia.get_by_role("link", name="登记拨付").click()
    expect(olivia.get_by_label("拨款批次")).to_contain_text("第一期")
    olivia.get_by_label("金额(元)").fill("37500")
    olivia.get_by_label("拨付日期").fill(timezone.localdate().isoformat())
    olivia.get_by_label("凭证号").fill("ZH-2021-0001")
    assert_fits_width(olivia)
    olivia.get_by_role("button", name="登记", exact=True).click()
    expect_message(olivia, "已登记拨付")
    expect(olivia.get_by_test_id("grant-disbursed")).to_have_text("¥37,500.00")
    expect(olivia.get_by_test_id("disbursement-row")).to_have_count(1)
    expect(olivia.get_by_test_id("disbursement-row")).to_contain_text("ZH-2021-0001")
    expect(tranches.nth(0)).to_contain_text("剩余 ¥0.00")
    assert_fits_width(olivia)
    screens.shot(olivia, "disbursed")
