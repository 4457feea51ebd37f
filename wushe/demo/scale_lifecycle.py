"""Generated programme lifecycle at scale: programmes run by support organisations and co-funded,
their calls and rubrics, proposals with numbered versions and coaching rounds, reviews with
scores, decisions, and grants with tranches, disbursements and spending.

Everything is planned in memory first (which organisation applies to which call, each
proposal's status, how many versions and rounds it went through) so that the totals match the
scale exactly, then written with ``bulk_create`` in large batches. Proposals, their versions,
rounds and comments are written in chunks, so the texts of 20,000 proposals are never all in
memory at once. History carries its own dates: the ``auto_now`` fields are told to keep the
values given (:func:`keep_timestamps`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models
from django.utils import timezone

from wushe.access.models import MemberRole, PlatformRole, PlatformRoleKind
from wushe.accounts.models import User
from wushe.demo.scale_text import SectionWriter
from wushe.grants.models import (
    AgreementSequence,
    Disbursement,
    Expenditure,
    Grant,
    GrantBudgetLine,
    GrantStatus,
    Tranche,
)
from wushe.grants.services import agreement_prefix
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind
from wushe.programmes.models import Call, Programme, ProgrammeFunder, ProgrammePhase, ProgrammeStatus
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
BATCH = 2000
CHUNK = 500  # proposals written (with their versions, rounds and comments) at a time
LONG_PROPOSALS = 4  # proposals whose versions are ~6,000 characters a section, for the diff
SECTIONS = [str(s) for s in Section.values]
S = ProposalStatus

THEMES = ("社区营造", "垃圾分类与减量", "环境教育", "为老服务", "儿童友好社区", "邻里互助", "社区治理创新")
PROGRAMME_KINDS = ("资助计划", "赋能计划", "公益创投", "支持计划")
TITLE_TOPICS = (
    "垃圾分类“绿色账户”推广", "厨余垃圾就地减量", "儿童环境教育“自然课堂”", "老旧小区桶前值守志愿服务",
    "共建共享的绿色院落", "“无塑生活”家庭行动", "可回收物社区回收驿站", "独居老人邻里守望", "社区花园共建",
    "楼门文化与邻里议事", "适老化微改造", "青少年社区参与", "社区议事厅建设",
)  # fmt: skip
TITLE_SUFFIXES = ("项目", "试点项目", "行动计划", "推广项目")
CRITERIA = (
    ("需求与问题分析", "问题是否真实、具体,有调研依据", Decimal("0.25")),
    ("目标与活动设计", "目标可衡量,活动与目标对应", Decimal("0.30")),
    ("预算合理性", "预算与活动匹配,测算有依据", Decimal("0.20")),
    ("可持续性与多方联动", "项目结束后能否持续;五社联动的设计", Decimal("0.25")),
)
BUDGET_PLAN = (  # category, item, share of the total
    ("personnel", "项目社工补贴", Decimal("0.38")),
    ("activity", "社区活动与宣传", Decimal("0.24")),
    ("materials", "活动物资与设施", Decimal("0.16")),
    ("training", "志愿者培训与督导", Decimal("0.10")),
    ("travel", "走访与参访交通", Decimal("0.04")),
    ("admin", "行政管理费", Decimal("0.05")),
)
SPENDING = ("社工补贴(当月)", "活动物资采购", "志愿者培训讲师费", "宣传品印制", "场地布置", "交通费报销")

# Status mixes by where the call stands: (status, weight).
MIX_OPEN = ((S.DRAFT, 30), (S.SUBMITTED, 20), (S.REVISION_REQUESTED, 30), (S.RESUBMITTED, 15), (S.WITHDRAWN, 5))
MIX_REVIEWING = ((S.DRAFT, 8), (S.WITHDRAWN, 8), (S.RESUBMITTED, 8), (S.UNDER_REVIEW, 76))
MIX_DECIDED = (
    (S.DRAFT, 7), (S.WITHDRAWN, 7), (S.UNDER_REVIEW, 4), (S.APPROVED, 36), (S.REJECTED, 40), (S.WAITLISTED, 6),
)  # fmt: skip
# Versions a proposal went through, by status: the starting choice and the bounds when adjusting.
VERSIONS = {
    S.SUBMITTED: ((1,), 1, 1),
    S.REVISION_REQUESTED: ((1, 1, 2, 3), 1, 4),
    S.RESUBMITTED: ((2, 2, 3, 4), 2, 5),
    S.UNDER_REVIEW: ((1, 2, 2, 3, 3, 3, 4, 4, 5, 6), 1, 6),
    S.APPROVED: ((1, 2, 2, 3, 3, 3, 4, 4, 5, 6), 1, 6),
    S.REJECTED: ((1, 2, 2, 3, 3, 3, 4, 4, 5, 6), 1, 6),
    S.WAITLISTED: ((1, 2, 2, 3, 3, 3, 4, 4, 5, 6), 1, 6),
    S.WITHDRAWN: ((1, 1, 2, 3), 1, 4),
}
REVIEWED = (S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.WAITLISTED)
DECIDED = {S.APPROVED: "approve", S.REJECTED: "reject", S.WAITLISTED: "waitlist"}
REASONS = {
    "approve": "评审通过,同意立项。请按辅导意见细化监测指标。",
    "reject": "项目与本期资助方向的关联较弱,活动以一般性社区服务为主;建议参加下一期赋能工作坊后再申请。",
    "waitlist": "项目设计扎实,因本期预算有限列入候补,如有机构放弃将依次递补。",
}


@contextmanager
def keep_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Within the block, ``auto_now``/``auto_now_add`` fields of these models keep the values given
    (generated history has its own dates), as if the fields were plain."""
    changed: list[tuple[models.Field[Any, Any], bool, bool]] = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                changed.append((f, f.auto_now, f.auto_now_add))  # type: ignore[attr-defined]
                f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def bulk(model: type[models.Model], rows: list[Any]) -> list[Any]:
    model._default_manager.bulk_create(rows, batch_size=BATCH)
    return rows


def link(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> int:
    """Rows of plain values (ids, numbers) straight into ``model``'s table: many-to-many links
    and the like, hundreds of thousands at a time, without building model instances."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            cursor.executemany(sql, rows[start : start + 20000])
    return len(rows)


@dataclass
class Plan:
    """One proposal, planned before anything is written."""

    call: Call
    org_id: int
    applicant_id: int
    status: str
    versions: int = 0
    long: bool = False
    amount: Decimal = Decimal("0")
    reviewers: int = 0


@dataclass
class Lifecycle:
    """What later steps (support activities, events) need to know about the generated lifecycle."""

    programmes: list[Programme] = field(default_factory=list)
    officers: dict[int, list[int]] = field(default_factory=dict)  # support organisation → officer user ids
    applicants: dict[int, list[int]] = field(default_factory=dict)  # programme → organisations that applied
    grantees: dict[int, dict[int, int]] = field(default_factory=dict)  # programme → {organisation: grant}
    proposals: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # programme → (proposal, organisation)
    rounds: dict[int, list[tuple[int, int, datetime]]] = field(default_factory=dict)  # programme → rounds
    lead_support_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


class LifecycleGenerator:
    def __init__(
        self,
        *,
        scale: Any,
        rng: random.Random,
        orgs: list[Organisation],
        people: dict[int, list[tuple[int, str]]],
        place_names: dict[int, str],
        log: Callable[[str], None],
    ) -> None:
        self.scale = scale
        self.rng = rng
        self.orgs = orgs
        self.people = people
        self.place_names = place_names
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.writer = SectionWriter(rng)
        self.out = Lifecycle()
        self.counts = self.out.counts

    def run(self) -> Lifecycle:
        support = sorted((o for o in self.orgs if o.kind == OrganisationKind.SUPPORT and o.is_active), key=_pk)
        funders = [o for o in self.orgs if o.kind == OrganisationKind.FUNDER and o.is_active]
        applicants = [
            o
            for o in self.orgs
            if o.is_active
            and o.kind in (OrganisationKind.SERVICE, OrganisationKind.COMMUNITY_GROUP, OrganisationKind.PARTNER)
            and self.people.get(o.pk)
        ]
        if not support or not applicants or not self.scale.programmes:
            return self.out
        self.reviewer_ids = self.reviewers()
        with keep_timestamps(
            Programme, Call, Rubric, Proposal, CoachComment, ReviewAssignment, Decision, Grant, Disbursement,
            Expenditure, PlatformRole,
        ):  # fmt: skip
            programmes = self.programmes(support, funders)
            calls = self.calls(programmes)
            plans = self.plan(calls, applicants)
            self.proposals(plans)
        self.log(
            "lifecycle: " + ", ".join(f"{v} {k}" for k, v in self.counts.items() if k != "programmes")
        )
        return self.out

    # --- people ---------------------------------------------------------------------------

    def reviewers(self) -> list[int]:
        """Reviewers: experts from outside the applicant organisations, with the reviewer role."""
        password = User.objects.filter(email__endswith="@scale.wushe").values_list("password", flat=True).first()
        users = bulk(
            User,
            [
                User(name=f"评审专家{i + 1:03d}", email=f"reviewer{i + 1:04d}@scale.wushe", password=password or "!")
                for i in range(self.scale.reviewers)
            ],
        )
        bulk(
            PlatformRole,
            [PlatformRole(user=u, role=PlatformRoleKind.REVIEWER, granted_at=self.now) for u in users],
        )
        self.counts["reviewers"] = len(users)
        return [u.pk for u in users]

    def _officers(self, org_id: int) -> list[int]:
        return [u for u, role in self.people.get(org_id, []) if role in (MemberRole.ADMIN, MemberRole.STAFF)]

    def _admin(self, org_id: int) -> int:
        return self.people[org_id][0][0]

    # --- programmes and calls ----------------------------------------------------------------

    def programmes(self, support: list[Organisation], funders: list[Organisation]) -> list[Programme]:
        """Programmes over the support organisations: the first runs a tenth of them (as a few
        big support organisations do), the rest are spread over up to sixty others."""
        rng, n = self.rng, self.scale.programmes
        lead, others = support[0], support[1:61] or support[:1]
        self.out.lead_support_id = lead.pk
        runners = [lead] * max(1, n // 10)
        runners += [rng.choice(others) for _ in range(n - len(runners))]
        fields = list(FieldOfWork.objects.order_by("order", "pk"))
        government = [o for o in self.orgs if o.kind == OrganisationKind.GOVERNMENT and o.is_active]
        names: set[str] = set(Programme.objects.values_list("name", flat=True))
        programmes, themes, plans = [], [], []
        for i, runner in enumerate(runners):
            theme = rng.choice(THEMES)
            brand = (runner.short_name or runner.name).removesuffix("支持中心")[:6]
            if runner is lead:  # the lead's programmes have started, so they have proposals to show
                starts = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1250))
            else:
                starts = date(2021, 1, 1) + timedelta(days=rng.randint(0, 2100))
            ends = starts + timedelta(days=rng.randint(540, 1100))
            name = f"“{brand}”{theme}{rng.choice(PROGRAMME_KINDS)}({starts.year})"
            serial = 2
            while name in names:
                name = f"“{brand}”{theme}{rng.choice(PROGRAMME_KINDS)}({starts.year}·第{serial}期)"
                serial += 1
            names.add(name)
            status = (
                ProgrammeStatus.CLOSED
                if ends < self.today
                else ProgrammeStatus.ACTIVE
                if starts <= self.today
                else ProgrammeStatus.DRAFT
            )
            programmes.append(
                Programme(
                    name=name[:100],
                    short_name=f"{brand}{theme}"[:30],
                    support_organisation=runner,
                    guidance_organisation=rng.choice(government) if government and rng.random() < 0.5 else None,
                    summary=f"{runner.name}发起,联合资助方支持社会组织在社区开展{theme}工作。",
                    eligibility="在北京市登记或备案、扎根社区开展服务的社会服务机构和社区社会组织。",
                    total_budget=Decimal("0"),  # set from the calls' budgets below
                    starts_on=starts,
                    ends_on=ends,
                    status=status,
                    created_at=at(starts - timedelta(days=30)),
                )
            )
            themes.append(rng.sample(fields, k=min(len(fields), rng.randint(1, 3))) if fields else [])
            plans.append(rng.sample(funders, k=min(len(funders), rng.randint(1, 3))) if funders else [])
        bulk(Programme, programmes)
        link(
            Programme.themes.through,
            ("programme", "fieldofwork"),
            [(p.pk, f.pk) for p, fs in zip(programmes, themes) for f in fs],
        )
        phases = []
        for p in programmes:
            length = (p.ends_on - p.starts_on).days
            cuts = [p.starts_on, p.starts_on + timedelta(days=length // 5), p.ends_on - timedelta(days=length // 8)]
            ends = [cuts[1] - timedelta(days=1), cuts[2] - timedelta(days=1), p.ends_on]
            names_ = ("征集与赋能", "项目实施与专业支持", "总结评估")
            phases += [
                ProgrammePhase(programme=p, name=nm, starts_on=s, ends_on=e, order=k)
                for k, (nm, s, e) in enumerate(zip(names_, cuts, ends))
            ]
        bulk(ProgrammePhase, phases)
        self.funder_plans = dict(zip((p.pk for p in programmes), plans))
        roles = []
        for org_id in {p.support_organisation_id for p in programmes}:
            officers = self._officers(org_id)
            self.out.officers[org_id] = officers
            roles += [
                PlatformRole(user_id=u, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation_id=org_id, granted_at=self.now)
                for u in officers
            ]
        for org in {f.pk: f for fs in plans for f in fs}.values():
            roles += [
                PlatformRole(user_id=u, role=PlatformRoleKind.FUNDER_OFFICER, organisation_id=org.pk, granted_at=self.now)
                for u in self._officers(org.pk)
            ]
        bulk(PlatformRole, roles)
        self.out.programmes = programmes
        self.counts["programmes"] = len(programmes)
        return programmes

    def calls(self, programmes: list[Programme]) -> list[Call]:
        rng = self.rng
        per = [1] * len(programmes)
        for _ in range(max(0, self.scale.calls - len(programmes))):
            per[rng.randrange(len(programmes))] += 1
        calls = []
        for p, n in zip(programmes, per):
            first_phase = max(60, (p.ends_on - p.starts_on).days // 3)
            for j in range(n):
                opens = at(p.starts_on + timedelta(days=j * first_phase // n + rng.randint(0, 10)), 9)
                closes = opens + timedelta(days=rng.randint(45, 75), hours=9)
                calls.append(
                    Call(
                        programme=p,
                        title=f"{p.short_name} {opens.year} 年度项目征集" + (f"(第{j + 1}批)" if n > 1 else ""),
                        rules=(
                            "1. 申请机构须在北京市登记注册或在街道备案,扎根社区开展服务;\n"
                            "2. 项目周期 12 个月左右;\n3. 申请前须参加赋能工作坊;\n"
                            "4. 项目书须经项目官员辅导修改后提交评审。"
                        ),
                        opens_at=opens,
                        closes_at=closes,
                        budget=Decimal("0"),  # set once the proposals are planned
                        max_amount=Decimal(rng.choice((50000, 80000, 100000, 150000, 200000))),
                        is_published=p.status != ProgrammeStatus.DRAFT,
                        created_at=opens - timedelta(days=14),
                    )
                )
        self.counts["calls"] = len(calls)
        return calls  # written by plan(), once their budgets are known

    # --- planning the proposals ----------------------------------------------------------------

    def _mix(self, call: Call) -> tuple[tuple[str, int], ...]:
        if self.now < call.closes_at:
            return MIX_OPEN
        if self.now < call.closes_at + timedelta(days=45):
            return MIX_REVIEWING
        return MIX_DECIDED

    def plan(self, calls: list[Call], applicants: list[Organisation]) -> list[Plan]:
        rng = self.rng
        started = [c for c in calls if c.opens_at < self.now and c.is_published]
        weights = [rng.uniform(0.3, 1.7) for _ in started]
        sizes = [0] * len(started)
        for i in rng.choices(range(len(started)), weights=weights, k=self.scale.proposals):
            sizes[i] += 1
        plans: list[Plan] = []
        pools: dict[int, list[Organisation]] = {}
        for call, size in zip(started, sizes):
            pool = pools.setdefault(call.programme.pk, [])
            while len(pool) < size * 1.2 + 5 and len(pool) < len(applicants):
                pool.extend(rng.sample(applicants, k=min(len(applicants), size + 5)))
                pool[:] = list({o.pk: o for o in pool}.values())
            chosen = rng.sample(pool, k=min(size, len(pool)))
            chosen += [rng.choice(pool) for _ in range(size - len(chosen))]
            statuses, status_weights = zip(*self._mix(call))
            for org, status in zip(chosen, rng.choices(statuses, weights=status_weights, k=size)):
                versions = rng.choice(VERSIONS[status][0]) if status in VERSIONS else 0
                plans.append(Plan(call, org.pk, self._admin(org.pk), status, versions))
        self._long(plans)
        self._fit_versions(plans)
        self._spread_reviews(plans)
        for p in plans:
            p.amount = Decimal(int(p.call.max_amount * Decimal(rng.uniform(0.45, 1.0))) // 100 * 100)
        # Budgets that hold what was approved: each call's approvals fit its budget with room left.
        approved: dict[int, Decimal] = {}
        for p in plans:
            if p.status == S.APPROVED:
                approved[id(p.call)] = approved.get(id(p.call), Decimal("0")) + p.amount
        for call in calls:
            floor = call.max_amount * 10
            call.budget = max(floor, (approved.get(id(call), Decimal("0")) * Decimal("1.15")).quantize(Decimal("1")))
        bulk(Call, calls)
        totals: dict[int, Decimal] = {}
        for call in calls:
            totals[call.programme.pk] = totals.get(call.programme.pk, Decimal("0")) + call.budget
        for programme in self.out.programmes:
            programme.total_budget = totals.get(programme.pk, Decimal("1000000"))
        Programme.objects.bulk_update(self.out.programmes, ["total_budget"], batch_size=BATCH)
        self._funders_and_rubrics(calls)
        for p in plans:
            self.out.applicants.setdefault(p.call.programme.pk, []).append(p.org_id)
        self.counts["proposals"] = len(plans)
        return plans

    def _long(self, plans: list[Plan]) -> None:
        """A few proposals of the lead's programmes went through four long versions."""
        lead = [p for p in plans if p.call.programme.support_organisation_id == self.out.lead_support_id]
        picked = [p for p in lead if p.status in (S.UNDER_REVIEW, S.APPROVED)][:LONG_PROPOSALS]
        for p in picked:
            p.long, p.versions = True, 4

    def _fit_versions(self, plans: list[Plan]) -> None:
        """Nudge version counts (within each status's bounds) until they add up to the scale's."""
        rng = self.rng
        target = self.scale.versions
        movable = [p for p in plans if p.status in VERSIONS and VERSIONS[p.status][1] < VERSIONS[p.status][2]]
        movable = [p for p in movable if not p.long]
        total = sum(p.versions for p in plans)
        guard = 0
        while total != target and movable and guard < 50 * len(plans):
            guard += 1
            p = rng.choice(movable)
            low, high = VERSIONS[p.status][1:]
            if total < target and p.versions < high:
                p.versions += 1
                total += 1
            elif total > target and p.versions > low:
                p.versions -= 1
                total -= 1

    def _spread_reviews(self, plans: list[Plan]) -> None:
        """Two reviewers or more for every proposal that reached review, adding up to the scale's."""
        reviewed = [p for p in plans if p.status in REVIEWED]
        most = len(self.reviewer_ids)
        if not reviewed or not most:
            return
        for p in reviewed:
            p.reviewers = min(2, most)
        left = self.scale.assignments - sum(p.reviewers for p in reviewed)
        while left > 0 and any(p.reviewers < min(5, most) for p in reviewed):
            p = self.rng.choice(reviewed)
            if p.reviewers < min(5, most):
                p.reviewers += 1
                left -= 1
        while left < 0:
            p = self.rng.choice(reviewed)
            if p.reviewers > 1:
                p.reviewers -= 1
                left += 1

    def _funders_and_rubrics(self, calls: list[Call]) -> None:
        rows = []
        for programme in self.out.programmes:
            funders = self.funder_plans.get(programme.pk, [])
            shares = [self.rng.uniform(1, 3) for _ in funders]
            for funder, share in zip(funders, shares):
                amount = (programme.total_budget * Decimal(share / sum(shares))).quantize(Decimal("1"))
                rows.append(ProgrammeFunder(programme=programme, funder=funder, committed_amount=amount))
        bulk(ProgrammeFunder, rows)
        rubrics = bulk(Rubric, [Rubric(call=c, title=f"{c.title}评审标准", created_at=c.created_at) for c in calls])
        criteria = bulk(
            Criterion,
            [
                Criterion(rubric=r, name=name, description=text, weight=weight, scale_max=10, order=k)
                for r in rubrics
                for k, (name, text, weight) in enumerate(CRITERIA)
            ],
        )
        self.criteria: dict[int, list[int]] = {}
        for c in criteria:
            self.criteria.setdefault(c.rubric.call_id, []).append(c.pk)

    # --- proposals, versions, rounds, comments ----------------------------------------------------

    def proposals(self, plans: list[Plan]) -> None:
        for name in ("versions", "rounds", "comments", "budget_lines", "assignments", "scores", "decisions"):
            self.counts[name] = 0
        for name in ("grants", "tranches", "disbursements", "expenditures"):
            self.counts[name] = 0
        # Agreement numbers continue any sequence already there, and the service continues after ours.
        self.sequences: dict[str, int] = dict(AgreementSequence.objects.values_list("key", "last"))
        for start in range(0, len(plans), CHUNK):
            self._chunk(plans[start : start + CHUNK])
        AgreementSequence.objects.bulk_create(
            [AgreementSequence(key=k, last=n) for k, n in self.sequences.items()],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["last"],
        )

    def _timeline(self, plan: Plan) -> dict[str, Any]:
        """When things happened: versions submitted, rounds opened and closed, review, decision."""
        rng, call = self.rng, plan.call
        window = (call.closes_at - call.opens_at).days
        created = call.opens_at + timedelta(days=rng.uniform(0, window * 0.4))
        t = created + timedelta(days=rng.uniform(2, 15))
        submitted, rounds = [], []
        open_last = plan.status == S.REVISION_REQUESTED
        for n in range(plan.versions):
            submitted.append(t)
            if n < plan.versions - 1 or open_last:
                opened = t + timedelta(days=rng.uniform(1, 5))
                closed = opened + timedelta(days=rng.uniform(3, 15))
                rounds.append((opened, closed))
                t = closed
        review = t + timedelta(days=rng.uniform(2, 10))
        decided = max(call.closes_at + timedelta(days=rng.uniform(20, 40)), review + timedelta(days=12))
        last = decided if plan.status in DECIDED else review if plan.status in REVIEWED else t
        limit = self.now - timedelta(hours=2)
        if last > limit:  # squeeze the story into the time that has passed
            factor = max(0.0, (limit - created) / (last - created))

            def squeeze(x: datetime) -> datetime:
                return created + (x - created) * factor

            submitted = [squeeze(x) for x in submitted]
            rounds = [(squeeze(a), squeeze(b)) for a, b in rounds]
            review, decided = squeeze(review), squeeze(decided)
            t = squeeze(t)
        if open_last and rounds:
            rounds[-1] = (rounds[-1][0], None)  # type: ignore[assignment]
        updated = decided if plan.status in DECIDED else review if plan.status in REVIEWED else t
        if plan.status == S.DRAFT:
            updated = created + timedelta(days=rng.uniform(0, 10))
            updated = min(updated, limit)
        return {
            "created": created,
            "submitted": submitted,
            "rounds": rounds,
            "review": review,
            "decided": decided,
            "updated": updated,
        }

    def _budget(self, amount: Decimal) -> list[tuple[str, str, Decimal]]:
        lines, left = [], amount
        for category, item, share in BUDGET_PLAN[:-1]:
            part = (amount * share).quantize(Decimal("1"))
            lines.append((category, item, part))
            left -= part
        category, item, _share = BUDGET_PLAN[-1]
        lines.append((category, item, left))
        return lines

    def _chunk(self, plans: list[Plan]) -> None:
        rng, writer = self.rng, self.writer
        proposals, texts, times, budgets = [], [], [], []
        for plan in plans:
            tl = self._timeline(plan)
            budget = self._budget(plan.amount)
            versions = [writer.sections(long=plan.long)] if plan.versions else []
            for _ in range(1, plan.versions):
                keys = SECTIONS if plan.long else rng.sample(SECTIONS, k=rng.randint(1, 3))
                edits = (3, 6) if plan.long else (1, 3)
                versions.append(
                    {**versions[-1], **{k: writer.revise(versions[-1][k], k, rng.randint(*edits)) for k in keys}}
                )
            if versions:
                current = versions[-1]
            else:  # a draft: some sections written so far
                current = {k: writer.compose(k) for k in rng.sample(SECTIONS, k=rng.randint(1, len(SECTIONS)))}
            place = self.place_names.get(self._home(plan.org_id), "社区")
            topic = rng.choice(TITLE_TOPICS)
            if topic.startswith("社区") and place.endswith("社区"):
                place = place.removesuffix("社区")
            title = f"{place}{topic}{rng.choice(TITLE_SUFFIXES)}"[:100]
            proposals.append(
                Proposal(
                    call=plan.call,
                    organisation_id=plan.org_id,
                    title=title,
                    sections=current,
                    status=plan.status,
                    requested_amount=plan.amount,
                    edit_version=rng.randint(1, 40),
                    version_count=plan.versions,
                    round_count=len(tl["rounds"]),
                    created_by_id=plan.applicant_id,
                    created_at=tl["created"],
                    updated_at=tl["updated"],
                    first_submitted_at=tl["submitted"][0] if tl["submitted"] else None,
                    decided_at=tl["decided"] if plan.status in DECIDED else None,
                )
            )
            texts.append(versions)
            times.append(tl)
            budgets.append(budget)
        bulk(Proposal, proposals)
        bulk(
            BudgetLine,
            [
                BudgetLine(proposal=p, category=c, item=i, amount=a, order=k)
                for p, budget in zip(proposals, budgets)
                for k, (c, i, a) in enumerate(budget)
            ],
        )
        self.counts["budget_lines"] += sum(len(b) for b in budgets)
        version_rows = []
        for plan, p, versions, tl, budget in zip(plans, proposals, texts, times, budgets):
            budget_json = [{"category": c, "item": i, "amount": str(a)} for c, i, a in budget]
            version_rows += [
                ProposalVersion(
                    proposal=p,
                    number=n + 1,
                    title=p.title,
                    sections=sections,
                    budget=budget_json,
                    total=plan.amount,
                    submitted_at=tl["submitted"][n],
                    submitted_by_id=plan.applicant_id,
                )
                for n, sections in enumerate(versions)
            ]
        bulk(ProposalVersion, version_rows)
        self.counts["versions"] += len(version_rows)
        by_proposal: dict[int, list[ProposalVersion]] = {}
        for v in version_rows:
            by_proposal.setdefault(v.proposal_id, []).append(v)
        self._rounds(plans, proposals, times, by_proposal)
        self._reviews(plans, proposals, times)
        self._grants(plans, proposals, times, budgets)
        for plan, p in zip(plans, proposals):
            if len(self.out.proposals.setdefault(plan.call.programme.pk, [])) < 200 and p.version_count:
                self.out.proposals[plan.call.programme.pk].append((p.pk, plan.org_id))

    def _home(self, org_id: int) -> int | None:
        if not hasattr(self, "_homes"):
            self._homes = {o.pk: o.home_place_id for o in self.orgs}
        return self._homes.get(org_id)

    def _rounds(
        self,
        plans: list[Plan],
        proposals: list[Proposal],
        times: list[dict[str, Any]],
        versions: dict[int, list[ProposalVersion]],
    ) -> None:
        rng, writer = self.rng, self.writer
        rounds, comments_for = [], []
        for plan, p, tl in zip(plans, proposals, times):
            coaches = self.out.officers.get(plan.call.programme.support_organisation_id) or [plan.applicant_id]
            for n, (opened, closed) in enumerate(tl["rounds"]):
                coach = rng.choice(coaches)
                rounds.append(
                    CoachingRound(
                        proposal=p,
                        number=n + 1,
                        version=versions[p.pk][n],
                        coach_id=coach,
                        opened_at=opened,
                        closed_at=closed,
                        summary=rng.choice(("", "", "整体思路清晰,请按意见完善以下几处。", "请重点修改目标和监测部分。")),
                    )
                )
                comments_for.append((plan, p, coach, opened, closed))
        bulk(CoachingRound, rounds)
        comments = []
        for r, (plan, p, coach, opened, closed) in zip(rounds, comments_for):
            for section in rng.sample([*SECTIONS, "budget"], k=rng.randint(1, 4)):
                answered = closed is not None or rng.random() < 0.4
                replied_at = (closed or self.now) - timedelta(hours=rng.randint(2, 30)) if answered else None
                comments.append(
                    CoachComment(
                        proposal=p,
                        round=r,
                        version_id=r.version_id,
                        section=section,
                        body=writer.comment(section),
                        author_id=coach,
                        created_at=opened,
                        reply=writer.reply() if answered else "",
                        replied_by_id=plan.applicant_id if answered else None,
                        replied_at=max(opened, replied_at) if replied_at else None,
                        addressed=answered,
                    )
                )
            self.out.rounds.setdefault(plan.call.programme.pk, []).append((r.pk, plan.org_id, opened))
        bulk(CoachComment, comments)
        self.counts["rounds"] += len(rounds)
        self.counts["comments"] += len(comments)

    def _reviews(self, plans: list[Plan], proposals: list[Proposal], times: list[dict[str, Any]]) -> None:
        rng = self.rng
        if not self.reviewer_ids:
            return
        assignments, score_plans, decisions = [], [], []
        for plan, p, tl in zip(plans, proposals, times):
            if plan.status not in REVIEWED:
                continue
            n = plan.reviewers
            officer = rng.choice(self.out.officers.get(plan.call.programme.support_organisation_id) or [plan.applicant_id])
            decided = plan.status in DECIDED
            for reviewer in rng.sample(self.reviewer_ids, k=n):
                assigned = tl["review"]
                roll = rng.random()
                if roll < 0.04:
                    status = AssignmentStatus.CONFLICT
                elif decided or roll < 0.5:
                    status = AssignmentStatus.SUBMITTED
                else:
                    status = AssignmentStatus.SCORING if roll < 0.75 else AssignmentStatus.PENDING
                declared = assigned + (tl["decided"] - assigned) * 0.2 if status != AssignmentStatus.PENDING else None
                submitted = assigned + (tl["decided"] - assigned) * 0.7 if status == AssignmentStatus.SUBMITTED else None
                if submitted and submitted > self.now:
                    submitted = self.now - timedelta(minutes=5)
                if declared and declared > self.now:
                    declared = self.now - timedelta(minutes=10)
                assignments.append(
                    ReviewAssignment(
                        proposal=p,
                        reviewer_id=reviewer,
                        assigned_by_id=officer,
                        assigned_at=min(assigned, self.now - timedelta(minutes=20)),
                        status=status,
                        has_conflict=status == AssignmentStatus.CONFLICT,
                        conflict_statement="曾为该机构提供过付费咨询服务。" if status == AssignmentStatus.CONFLICT else "",
                        declared_at=declared,
                        comment=rng.choice(("项目设计扎实。", "目标清晰,预算基本合理。", "与资助方向契合度一般。", ""))
                        if status == AssignmentStatus.SUBMITTED
                        else "",
                        submitted_at=submitted,
                    )
                )
                score_plans.append((plan, status))
            if decided:
                outcome = DECIDED[plan.status]
                decisions.append(
                    Decision(
                        proposal=p,
                        outcome=outcome,
                        amount=plan.amount if outcome == "approve" else None,
                        reasons=REASONS[outcome],
                        decided_by_id=officer,
                        decided_at=tl["decided"],
                        notified_at=tl["decided"] + timedelta(minutes=3),
                    )
                )
        bulk(ReviewAssignment, assignments)
        scores = []
        for a, (plan, status) in zip(assignments, score_plans):
            if status != AssignmentStatus.SUBMITTED:
                continue
            base = 7 if plan.status == S.APPROVED else 6 if plan.status == S.WAITLISTED else 4
            scores += [(a.pk, c, min(10, base + rng.randint(0, 3)), "") for c in self.criteria.get(plan.call.pk, [])]
        link(Score, ("assignment", "criterion", "value", "note"), scores)
        bulk(Decision, decisions)
        self.counts["assignments"] += len(assignments)
        self.counts["scores"] += len(scores)
        self.counts["decisions"] += len(decisions)

    # --- grants -----------------------------------------------------------------------------

    def _grants(
        self, plans: list[Plan], proposals: list[Proposal], times: list[dict[str, Any]], budgets: list[Any]
    ) -> None:
        rng = self.rng
        grants, grant_budgets = [], []
        for plan, p, tl, budget in zip(plans, proposals, times, budgets):
            if plan.status != S.APPROVED:
                continue
            programme = plan.call.programme
            signed = tl["decided"] + timedelta(days=3)
            starts = timezone.localdate(signed) + timedelta(days=7)
            ends = starts + timedelta(days=364)
            key = f"{agreement_prefix(programme)}-{starts.year}"
            self.sequences[key] = self.sequences.get(key, 0) + 1
            closed = ends < self.today and rng.random() < 0.85
            suspended = not closed and rng.random() < 0.02
            grants.append(
                Grant(
                    proposal=p,
                    organisation_id=plan.org_id,
                    programme=programme,
                    agreement_number=f"{key}-{self.sequences[key]:04d}",
                    title=p.title,
                    amount=plan.amount,
                    starts_on=starts,
                    ends_on=ends,
                    status=GrantStatus.CLOSED if closed else GrantStatus.SUSPENDED if suspended else GrantStatus.ACTIVE,
                    status_reason="结项报告已通过。" if closed else "中期监测发现经费使用不规范,暂停拨付待整改。" if suspended else "",
                    status_changed_at=at(ends) if closed else None,
                    signed_at=min(signed, self.now - timedelta(minutes=30)),
                    created_by_id=(self.out.officers.get(programme.support_organisation_id) or [plan.applicant_id])[0],
                    created_at=min(signed, self.now - timedelta(minutes=30)),
                )
            )
            grant_budgets.append(budget)
        if not grants:
            return
        bulk(Grant, grants)
        tranches, paid_plan = [], []
        for g in grants:
            first = (g.amount * Decimal("0.5")).quantize(Decimal("0.01"))
            second = (g.amount * Decimal("0.3")).quantize(Decimal("0.01"))
            middle = g.starts_on + timedelta(days=180)
            plan_ = (
                ("首期", "签约后", first, g.starts_on + timedelta(days=14)),
                ("中期", "中期报告通过后", second, middle),
                ("尾款", "结项报告通过后", g.amount - first - second, g.ends_on + timedelta(days=30)),
            )
            for number, (label, condition, part, due) in enumerate(plan_, start=1):
                tranches.append(
                    Tranche(grant=g, number=number, label=label, condition=condition, amount=part, due_on=due)
                )
                paid_plan.append(due + timedelta(days=rng.randint(0, 12)))
        payments, paid_by_grant = [], {}
        for t, paid_on in zip(tranches, paid_plan):
            if paid_on > self.today or (t.grant.status == GrantStatus.SUSPENDED and t.number > 1):
                continue
            parts = [t.amount] if rng.random() < 0.85 else [(t.amount / 2).quantize(Decimal("0.01"))] * 2
            parts[-1] = t.amount - sum(parts[:-1])
            for k, part in enumerate(parts):
                payments.append(
                    Disbursement(
                        grant=t.grant,
                        tranche=t,
                        amount=part,
                        paid_on=paid_on + timedelta(days=10 * k),
                        reference=f"{t.grant.agreement_number}-{t.number}{'-' + str(k + 1) if k else ''}",
                        recorded_by_id=t.grant.created_by_id,
                        created_at=at(paid_on, 16),
                    )
                )
            t.disbursed = t.amount
            paid_by_grant[t.grant] = paid_by_grant.get(t.grant, Decimal("0")) + t.amount
        for g in grants:
            g.disbursed_total = paid_by_grant.get(g, Decimal("0"))
        bulk(Tranche, tranches)
        bulk(Disbursement, payments)
        Grant.objects.bulk_update(grants, ["disbursed_total"], batch_size=BATCH)
        lines = bulk(
            GrantBudgetLine,
            [
                GrantBudgetLine(grant=g, category=c, item=i, amount=a, order=k)
                for g, budget in zip(grants, grant_budgets)
                for k, (c, i, a) in enumerate(budget)
            ],
        )
        by_grant: dict[int, list[GrantBudgetLine]] = {}
        for line in lines:
            by_grant.setdefault(line.grant_id, []).append(line)
        spending = []
        for g in grants:
            months = max(0, min(12, (self.today - g.starts_on).days // 30))
            for m in range(rng.randint(0, months) if months else 0):
                line = rng.choice(by_grant[g.pk])
                spent_on = g.starts_on + timedelta(days=30 * m + rng.randint(0, 27))
                spending.append(
                    Expenditure(
                        grant=g,
                        budget_line=line,
                        amount=(line.amount * Decimal(rng.uniform(0.03, 0.12))).quantize(Decimal("0.01")),
                        spent_on=spent_on,
                        description=rng.choice(SPENDING),
                        recorded_by_id=self._admin(g.organisation_id),
                        created_at=at(spent_on, 17),
                    )
                )
        bulk(Expenditure, spending)
        for g in grants:
            self.out.grantees.setdefault(g.programme_id, {})[g.organisation_id] = g.pk
        self.counts["grants"] += len(grants)
        self.counts["tranches"] += len(tranches)
        self.counts["disbursements"] += len(payments)
        self.counts["expenditures"] += len(spending)


def _pk(obj: Any) -> int:
    return obj.pk


def delete_generated_lifecycle(organisations: Any) -> int:
    """Remove the programmes run by generated organisations and everything in them, children
    first (the people who wrote them are protected from deletion until then). Returns how many
    programmes went."""
    from wushe.proposals.models import ProposalAttachment
    from wushe.support.models import Event, EventMaterial, Feedback, FollowUp, Registration, SupportActivity

    programmes = Programme.objects.filter(support_organisation__in=organisations)
    in_programmes = {"programme__in": programmes}
    activities = SupportActivity.objects.filter(**in_programmes)
    for name in ("staff", "organisations", "proposals", "grants", "coaching_rounds"):
        getattr(SupportActivity, name).through.objects.filter(supportactivity__in=activities).delete()
    FollowUp.objects.filter(activity__in=activities).delete()
    activities.delete()
    events = Event.objects.filter(**in_programmes)
    Feedback.objects.filter(registration__event__in=events).delete()
    Registration.objects.filter(event__in=events).delete()
    EventMaterial.objects.filter(event__in=events).delete()
    events.delete()
    grants = Grant.objects.filter(**in_programmes)
    for model in (Expenditure, Disbursement, Tranche, GrantBudgetLine):
        model.objects.filter(grant__in=grants).delete()
    grants.delete()
    proposals = Proposal.objects.filter(call__programme__in=programmes)
    Score.objects.filter(assignment__proposal__in=proposals).delete()
    for model in (ReviewAssignment, Decision, CoachComment):
        model.objects.filter(proposal__in=proposals).delete()
    for model in (CoachingRound, ProposalVersion, BudgetLine, ProposalAttachment):
        model.objects.filter(proposal__in=proposals).delete()
    Proposal.target_places.through.objects.filter(proposal__in=proposals).delete()
    proposals.delete()
    Criterion.objects.filter(rubric__call__programme__in=programmes).delete()
    Rubric.objects.filter(call__programme__in=programmes).delete()
    count = programmes.count()
    programmes.delete()  # calls, phases, funders, own activity kinds go with them
    return count
