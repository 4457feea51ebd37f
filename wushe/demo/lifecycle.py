"""The 绿缘计划 programme as demo data: the programme and its call (December 2020), the 21
approved proposals with their versions, coaching rounds, reviews, decisions and grants paid in
tranches, and a few proposals from other organisations that were not funded.

History is written directly with its own dates (the services stamp "now"); the shapes are the
ones the services produce: numbered immutable versions, rounds that close on resubmission,
tranches that add up to the grant, disbursements within their tranches. It runs only when the
programme does not exist yet, so seeding again changes nothing."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from wushe.access.models import MemberRole, Membership
from wushe.accounts.models import User
from wushe.demo.data import sanzheng_proposal as sz
from wushe.grants.budget_services import scaled_budget
from wushe.grants.models import AgreementSequence, BudgetRevision, Disbursement, Grant, GrantBudgetLine, Tranche
from wushe.orgs.models import FieldOfWork, Organisation
from wushe.programmes.models import Call, CallExtension, Programme, ProgrammeFunder, ProgrammePhase, ProgrammeStatus
from wushe.proposals.models import (
    BudgetLine,
    CoachComment,
    CoachingRound,
    Proposal,
    ProposalStatus,
    ProposalVersion,
    Section,
)
from wushe.reviews.models import AssignmentStatus, Criterion, Decision, ReviewAssignment, Rubric, Score

TZ = ZoneInfo("Asia/Shanghai")
PROGRAMME_NAME = "“公益 1+1”之绿缘计划——北京社会组织可持续社区环境建设赋能项目"
CALL_TITLE = "绿缘计划 2020 年度项目征集"

TITLES = [
    "{street}社区垃圾分类“绿色账户”推广项目",
    "{street}厨余垃圾就地减量与社区堆肥项目",
    "{street}儿童环境教育“自然课堂”项目",
    "{street}老旧小区桶前值守志愿服务项目",
    "{street}社区营造:共建共享的绿色院落",
    "{street}“无塑生活”家庭行动计划",
    "{street}可回收物社区回收驿站项目",
]

NEED = "{org}长期扎根{street},在入户走访中发现居民分类意识不强、厨余垃圾分出率低,桶站周边环境较差。"
GOALS = "项目周期内带动{street}不少于{households}户居民参与分类,培育一支 10 人以上的志愿者队伍。"
ACTIVITIES = "入户宣传、桶前值守、环保课堂、月度评比与积分兑换,每月至少开展 4 次活动。"
MONITORING = "每月记录四类垃圾的分类情况和参与户数,每季度提交进展报告。"
SUSTAINABILITY = "培育居民自组织,链接街道和社区资源,项目结束后持续运行。"
LINKAGE = "联动社区居委会、物业、社区志愿者和辖区单位,引入环保组织提供技术支持。"
BUDGET_NOTES = "经费主要用于活动物资、志愿者培训和项目社工补贴。"

COACH_REMARKS = [
    ("goals", "目标请写成可衡量的:基线是多少?项目结束时要达到多少?"),
    ("need", "需求分析请补充调研数据的来源和样本量。"),
    ("activities", "活动频次和参与人群请写具体,桶前值守如何排班?"),
    ("budget", "人员费用比例偏高,请说明测算依据。"),
    ("monitoring", "监测指标和项目目标要一一对应。"),
    ("sustainability", "项目结束后由谁来继续?能否培育居民自己的组织?"),
    ("linkage", "请按五社联动的角度补充各方的角色分工。"),
]

# Grantees approved for less than they asked; their budgets are revised to the grant amount.
TRIMMED = frozenset({"qinghe"})

CRITERIA = [
    ("需求与问题分析", "问题是否真实、具体,有调研依据", Decimal("0.25")),
    ("目标与活动设计", "目标可衡量,活动与目标对应", Decimal("0.30")),
    ("预算合理性", "预算与活动匹配,测算有依据", Decimal("0.20")),
    ("可持续性与多方联动", "项目结束后能否持续;五社联动的设计", Decimal("0.25")),
]


def _at(day: str | date, hour: int = 10) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(d, time(hour, 0), tzinfo=TZ)


class LifecycleSeeder:
    def __init__(self, orgs: dict[str, Organisation], users: dict[str, User]) -> None:
        self.orgs = orgs
        self.rng = random.Random(2020)
        self.officer = User.objects.get(email="officer@demo.wushe")
        self.reviewer = User.objects.get(email="reviewer@demo.wushe")
        self.director = users.get("杨玳瑁", self.officer) if isinstance(users, dict) else self.officer
        self.created = 0

    def run(self, grantee_keys: list[str], other_keys: list[str]) -> int:
        if Programme.objects.filter(name=PROGRAMME_NAME).exists():
            return 0
        programme = self.programme()
        call = self.call(programme)
        rubric = self.rubric(call)
        for key in grantee_keys:
            self.grantee(call, rubric, self.orgs[key], key)
        for i, key in enumerate(other_keys):
            self.not_funded(call, self.orgs[key], i)
        # Agreement numbers given out by the service continue after the demo's.
        AgreementSequence.objects.update_or_create(key="LY-2021", defaults={"last": Grant.objects.count()})
        return self.created

    # --- programme and call ---------------------------------------------------------------
    def programme(self) -> Programme:
        programme = Programme.objects.create(
            name=PROGRAMME_NAME,
            short_name="绿缘计划",
            support_organisation=self.orgs["xiezuozhe"],
            guidance_organisation=self.orgs["guidance"],
            summary=(
                "北京协作者与万科公益基金会联合发起,支持社会服务机构开展垃圾分类与减量、环境教育、社区营造等"
                "社区环保工作,促进社会组织参与首都垃圾分类工作的深化,推动可持续社区建设。"
            ),
            eligibility="在北京市登记或备案、扎根社区开展服务的社会服务机构和社区社会组织。",
            total_budget=Decimal("2100000.00"),
            starts_on=date(2020, 12, 1),
            ends_on=date(2022, 6, 30),
            status=ProgrammeStatus.ACTIVE,
        )
        programme.themes.set(FieldOfWork.objects.filter(name__in=["垃圾分类与减量", "环境教育", "社区营造"]))
        ProgrammeFunder.objects.create(
            programme=programme, funder=self.orgs["vanke"], committed_amount=Decimal("2100000.00")
        )
        for order, (name, start, end) in enumerate(
            [
                ("征集与赋能", "2020-12-01", "2021-02-28"),
                ("项目实施与专业支持", "2021-03-01", "2022-03-31"),
                ("总结评估", "2022-04-01", "2022-06-30"),
            ]
        ):
            ProgrammePhase.objects.create(
                programme=programme,
                name=name,
                starts_on=date.fromisoformat(start),
                ends_on=date.fromisoformat(end),
                order=order,
            )
        self.created += 5
        return programme

    def call(self, programme: Programme) -> Call:
        call = Call.objects.create(
            programme=programme,
            title=CALL_TITLE,
            rules=(
                "1. 申请机构须在北京市登记注册或在街道备案,扎根社区开展服务;\n"
                "2. 项目周期 12—15 个月,单个项目资助额不超过 10 万元;\n"
                "3. 申请前须参加“绿缘计划”赋能工作坊;\n"
                "4. 项目书须经北京协作者项目官员辅导修改后提交评审。"
            ),
            opens_at=_at("2020-12-10", 9),
            closes_at=_at("2021-02-10", 18),
            budget=Decimal("2100000.00"),
            max_amount=Decimal("100000.00"),
            is_published=True,
        )
        CallExtension.objects.create(
            call=call,
            previous_closes_at=_at("2021-01-31", 18),
            new_closes_at=_at("2021-02-10", 18),
            reason="春节前后部分机构需要更多时间完善项目书",
            by=self.officer,
        )
        self.created += 2
        return call

    def rubric(self, call: Call) -> Rubric:
        rubric = Rubric.objects.create(call=call, title="绿缘计划项目评审标准")
        for order, (name, description, weight) in enumerate(CRITERIA):
            Criterion.objects.create(
                rubric=rubric, name=name, description=description, weight=weight, scale_max=10, order=order
            )
        return rubric

    # --- proposals --------------------------------------------------------------------------
    def _applicant(self, org: Organisation) -> User:
        membership = Membership.objects.filter(organisation=org, role=MemberRole.ADMIN).select_related("user").first()
        return membership.user if membership else self.officer

    def _sections_for(self, org: Organisation) -> dict[str, str]:
        street = org.home_place.name if org.home_place else "社区"
        households = self.rng.choice([80, 120, 150, 200, 300])
        fill = {"org": org.display_name, "street": street, "households": households}
        return {
            Section.NEED: NEED.format(**fill),
            Section.GOALS: GOALS.format(**fill),
            Section.ACTIVITIES: ACTIVITIES,
            Section.BUDGET_NOTES: BUDGET_NOTES,
            Section.MONITORING: MONITORING,
            Section.SUSTAINABILITY: SUSTAINABILITY,
            Section.LINKAGE: LINKAGE,
        }

    def _budget_for(self, total: Decimal) -> list[tuple[str, str, str]]:
        personnel = (total * Decimal("0.40")).quantize(Decimal("1"))
        materials = (total * Decimal("0.25")).quantize(Decimal("1"))
        training = (total * Decimal("0.10")).quantize(Decimal("1"))
        admin = (total * Decimal("0.05")).quantize(Decimal("1"))
        activity = total - personnel - materials - training - admin
        return [
            ("personnel", "项目社工补贴", str(personnel)),
            ("activity", "社区活动与宣传", str(activity)),
            ("materials", "分类设施与活动物资", str(materials)),
            ("training", "志愿者培训与督导", str(training)),
            ("admin", "行政管理费", str(admin)),
        ]

    def _proposal(self, call: Call, org: Organisation, title: str, applicant: User, created: datetime) -> Proposal:
        proposal = Proposal.objects.create(call=call, organisation=org, title=title, created_by=applicant)
        Proposal.objects.filter(pk=proposal.pk).update(created_at=created)
        return proposal

    def _version(
        self, proposal: Proposal, number: int, sections: dict[str, str], budget: list[Any], when: datetime, by: User
    ) -> ProposalVersion:
        total = sum((Decimal(amount) for _c, _i, amount in budget), Decimal("0"))
        return ProposalVersion.objects.create(
            proposal=proposal,
            number=number,
            title=proposal.title,
            sections={str(k): v for k, v in sections.items()},
            budget=[{"category": c, "item": i, "amount": a} for c, i, a in budget],
            total=total,
            submitted_at=when,
            submitted_by=by,
        )

    def _round(
        self,
        proposal: Proposal,
        number: int,
        version: ProposalVersion,
        opened: datetime,
        closed: datetime,
        remarks: list[tuple[str, str, str]],
        summary: str,
        applicant: User,
    ) -> None:
        coaching_round = CoachingRound.objects.create(
            proposal=proposal,
            number=number,
            version=version,
            coach=self.officer,
            opened_at=opened,
            closed_at=closed,
            summary=summary,
        )
        for section, body, reply in remarks:
            comment = CoachComment.objects.create(
                proposal=proposal,
                round=coaching_round,
                version=version,
                section=section,
                body=body,
                author=self.officer,
                reply=reply,
                replied_by=applicant,
                replied_at=closed - timedelta(hours=2),
                addressed=True,
            )
            CoachComment.objects.filter(pk=comment.pk).update(created_at=opened)

    def _finish(
        self, proposal: Proposal, versions: list[ProposalVersion], sections: dict[str, str], budget: list[Any]
    ) -> None:
        """Bring the working copy in line with the last version."""
        last = versions[-1]
        BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, category=c, item=i, amount=Decimal(a), order=n)
            for n, (c, i, a) in enumerate(budget)
        )
        Proposal.objects.filter(pk=proposal.pk).update(
            sections={str(k): v for k, v in sections.items()},
            requested_amount=last.total,
            version_count=len(versions),
            round_count=len(versions) - 1,
            first_submitted_at=versions[0].submitted_at,
        )

    def _review_and_decide(
        self, proposal: Proposal, rubric: Rubric, outcome: str, amount: Decimal | None, reasons: str, decided: datetime
    ) -> None:
        assignment = ReviewAssignment.objects.create(
            proposal=proposal,
            reviewer=self.reviewer,
            assigned_by=self.officer,
            status=AssignmentStatus.SUBMITTED,
            declared_at=decided - timedelta(days=6),
            comment="项目设计扎实,建议立项。" if outcome == "approve" else "与本期资助方向契合度不足。",
            submitted_at=decided - timedelta(days=3),
        )
        base = 8 if outcome == "approve" else 5
        for criterion in rubric.criteria.all():
            Score.objects.create(
                assignment=assignment, criterion=criterion, value=min(10, base + self.rng.randint(0, 2))
            )
        decision = Decision.objects.create(
            proposal=proposal, outcome=outcome, amount=amount, reasons=reasons, decided_by=self.officer
        )
        Decision.objects.filter(pk=decision.pk).update(decided_at=decided, notified_at=decided)
        status = {"approve": ProposalStatus.APPROVED, "reject": ProposalStatus.REJECTED}[outcome]
        Proposal.objects.filter(pk=proposal.pk).update(status=status, decided_at=decided)

    def grantee(self, call: Call, rubric: Rubric, org: Organisation, key: str) -> None:
        applicant = self._applicant(org)
        if key == "sanzheng":
            proposal = self._proposal(call, org, sz.TITLE, applicant, _at("2020-12-28"))
            versions = [
                self._version(proposal, n + 1, sz.VERSIONS[n], sz.BUDGETS[n], _at(sz.SUBMITTED_ON[n], 21), applicant)
                for n in range(4)
            ]
            for n, (opened, closed, remarks, summary) in enumerate(sz.ROUNDS):
                self._round(proposal, n + 1, versions[n], _at(opened), _at(closed, 17), remarks, summary, applicant)
            self._finish(proposal, versions, sz.VERSIONS[-1], sz.BUDGETS[-1])
            approved_on = _at(sz.APPROVED_ON, 15)
        else:
            street = org.home_place.name if org.home_place else ""
            title = self.rng.choice(TITLES).format(street=street)
            total = Decimal(self.rng.choice([60000, 70000, 80000, 90000, 100000]))
            sections = self._sections_for(org)
            budget = self._budget_for(total)
            rounds = self.rng.choice([1, 1, 2, 2, 2, 3])
            first = _at("2021-01-04") + timedelta(days=self.rng.randint(0, 14))
            proposal = self._proposal(call, org, title, applicant, first - timedelta(days=10))
            versions: list[ProposalVersion] = []
            when = first
            for n in range(rounds + 1):
                versions.append(self._version(proposal, n + 1, sections, budget, when, applicant))
                if n < rounds:
                    opened = when + timedelta(days=self.rng.randint(1, 3))
                    closed = opened + timedelta(days=self.rng.randint(4, 10))
                    picks = self.rng.sample(COACH_REMARKS, 2)
                    remarks = [(s, b, "已按意见修改。") for s, b in picks]
                    self._round(proposal, n + 1, versions[-1], opened, closed, remarks, "", applicant)
                    sections = (
                        {**sections, picks[0][0]: sections.get(picks[0][0], "") + "(已根据辅导意见补充完善。)"}
                        if picks[0][0] in Section.values
                        else sections
                    )
                    when = closed + timedelta(hours=3)
            self._finish(proposal, versions, sections, budget)
            approved_on = _at("2021-02-26", 15)
        requested = Proposal.objects.get(pk=proposal.pk).requested_amount
        amount, reasons = requested, "评审通过,同意立项。"
        if key in TRIMMED:
            # Approved for nine tenths of the request, rounded down to the thousand yuan.
            amount = (requested * Decimal("0.9") / 1000).to_integral_value(rounding=ROUND_DOWN) * 1000
            reasons = f"评审通过,同意立项;人员费用测算偏高,核减后资助 {amount:,.0f} 元。"
        self._review_and_decide(proposal, rubric, "approve", amount, reasons, approved_on)
        grant = self.grant(proposal, org, amount, approved_on)
        if amount != requested:
            self.revise_budget(grant, self._applicant(org))
        self.created += 1

    def not_funded(self, call: Call, org: Organisation, i: int) -> None:
        applicant = self._applicant(org)
        total = Decimal("85000")
        sections = self._sections_for(org)
        budget = self._budget_for(total)
        proposal = self._proposal(call, org, f"{org.display_name}社区环保行动项目", applicant, _at("2021-01-05"))
        if i == 1:  # withdrawn during coaching
            version = self._version(proposal, 1, sections, budget, _at("2021-01-12"), applicant)
            self._finish(proposal, [version], sections, budget)
            Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.WITHDRAWN, round_count=0)
        elif i == 2:  # a draft never submitted
            Proposal.objects.filter(pk=proposal.pk).update(sections={Section.NEED: sections[Section.NEED]})
        else:
            version = self._version(proposal, 1, sections, budget, _at("2021-01-20"), applicant)
            self._finish(proposal, [version], sections, budget)
            Proposal.objects.filter(pk=proposal.pk).update(round_count=0)
            self._review_and_decide(
                proposal,
                Rubric.objects.get(call=call),
                "reject",
                None,
                "项目与垃圾分类和减量的关联较弱,活动以一般性社区服务为主;建议参加下一期赋能工作坊后再申请。",
                _at("2021-02-26", 15),
            )
        self.created += 1

    # --- grants -----------------------------------------------------------------------------
    def grant(self, proposal: Proposal, org: Organisation, amount: Decimal, approved_on: datetime) -> Grant:
        seq = Grant.objects.count() + 1
        grant = Grant.objects.create(
            proposal=proposal,
            organisation=org,
            programme=proposal.call.programme,
            agreement_number=f"LY-2021-{seq:04d}",
            title=proposal.title,
            amount=amount,
            starts_on=date(2021, 3, 1),
            ends_on=date(2022, 5, 31),
            signed_at=approved_on + timedelta(days=3),
            created_by=self.officer,
        )
        first = (amount * Decimal("0.5")).quantize(Decimal("0.01"))
        second = (amount * Decimal("0.3")).quantize(Decimal("0.01"))
        plan = [
            ("首期", "签约后", first, date(2021, 3, 15), True),
            ("中期", "中期报告通过后", second, date(2021, 10, 15), True),
            ("尾款", "结项报告通过后", amount - first - second, date(2022, 6, 15), self.rng.random() < 0.6),
        ]
        paid = Decimal("0")
        for number, (label, condition, part, due, is_paid) in enumerate(plan, start=1):
            tranche = Tranche.objects.create(
                grant=grant, number=number, label=label, condition=condition, amount=part, due_on=due
            )
            if is_paid:
                Disbursement.objects.create(
                    grant=grant,
                    tranche=tranche,
                    amount=part,
                    paid_on=due + timedelta(days=self.rng.randint(0, 10)),
                    reference=f"WK-{grant.agreement_number}-{number}",
                    recorded_by=self.officer,
                )
                Tranche.objects.filter(pk=tranche.pk).update(disbursed=part)
                paid += part
        Grant.objects.filter(pk=grant.pk).update(disbursed_total=paid)
        GrantBudgetLine.objects.bulk_create(
            GrantBudgetLine(grant=grant, category=line.category, item=line.item, amount=line.amount, order=n)
            for n, line in enumerate(proposal.budget_lines.all())
        )
        return grant

    def revise_budget(self, grant: Grant, by: User) -> None:
        """A grant approved below its request: its budget scaled to the grant amount a week after
        signing, as the grantee's admin does with the revision page's helper."""
        lines = list(GrantBudgetLine.objects.filter(grant=grant).order_by("order", "pk"))
        before = [line.amount for line in lines]
        after = scaled_budget(before, grant.amount)
        for line, amount in zip(lines, after, strict=True):
            line.amount = amount
        GrantBudgetLine.objects.bulk_update(lines, ["amount"])
        BudgetRevision.objects.create(
            grant=grant,
            reason="按立项金额等比例调整预算,人员费用按核减后的标准执行。",
            total_before=sum(before, Decimal("0")),
            total_after=sum(after, Decimal("0")),
            lines=[
                {"category": line.category, "item": line.item, "before": str(old), "after": str(line.amount)}
                for line, old in zip(lines, before, strict=True)
            ],
            revised_by=by,
            revised_at=grant.signed_at + timedelta(days=7),
        )
