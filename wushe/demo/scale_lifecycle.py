"""Generated programme lifecycle at scale: programmes run by support organisations and co-funded,
their calls and rubrics, proposals with numbered versions and coaching rounds, reviews with
scores, decisions, and grants with tranches, disbursements and spending.

Everything is planned in memory first (which organisation applies to which call, each
proposal's status, how many versions and rounds it went through) so that the totals match the
scale exactly, then written with ``bulk_create`` in large batches. Proposals, their versions,
rounds and comments are written in chunks, so the texts of 20,000 proposals are never all in
memory at once; each chunk's reviews and grants follow (``scale_grants``). History carries its
own dates: the ``auto_now`` fields are told to keep the values given (``scale_rows``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wushe.access.models import MemberRole, PlatformRole, PlatformRoleKind
from wushe.accounts.models import User
from wushe.demo.scale_grants import REVIEWED
from wushe.demo.scale_proposals import write_chunk
from wushe.demo.scale_rows import BATCH, at, bulk, keep_timestamps, link
from wushe.demo.scale_text import SectionWriter
from wushe.grants.models import AgreementSequence, Disbursement, Expenditure, Grant, GrantBudgetLine, Tranche
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind
from wushe.programmes.models import Call, Programme, ProgrammeFunder, ProgrammePhase, ProgrammeStatus
from wushe.proposals.models import (
    BudgetLine,
    CoachComment,
    CoachingRound,
    Proposal,
    ProposalStatus,
    ProposalVersion,
)
from wushe.reviews.models import Criterion, Decision, ReviewAssignment, Rubric, Score

CHUNK = 500  # proposals written (with their versions, rounds and comments) at a time
LONG_PROPOSALS = 4  # proposals whose versions are ~6,000 characters a section, for the diff
S = ProposalStatus

THEMES = ("社区营造", "垃圾分类与减量", "环境教育", "为老服务", "儿童友好社区", "邻里互助", "社区治理创新")
PROGRAMME_KINDS = ("资助计划", "赋能计划", "公益创投", "支持计划")
CRITERIA = (
    ("需求与问题分析", "问题是否真实、具体,有调研依据", Decimal("0.25")),
    ("目标与活动设计", "目标可衡量,活动与目标对应", Decimal("0.30")),
    ("预算合理性", "预算与活动匹配,测算有依据", Decimal("0.20")),
    ("可持续性与多方联动", "项目结束后能否持续;五社联动的设计", Decimal("0.25")),
)

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
        self.homes = {o.pk: o.home_place_id for o in orgs}
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
        self.log("lifecycle: " + ", ".join(f"{v} {k}" for k, v in self.counts.items() if k != "programmes"))
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

    def admin_of(self, org_id: int) -> int:
        return self.people[org_id][0][0]

    def home_of(self, org_id: int) -> int | None:
        return self.homes.get(org_id)

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
        for runner in runners:
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
            [(p.pk, f.pk) for p, fs in zip(programmes, themes, strict=True) for f in fs],
        )
        phases = []
        for p in programmes:
            length = (p.ends_on - p.starts_on).days
            cuts = [p.starts_on, p.starts_on + timedelta(days=length // 5), p.ends_on - timedelta(days=length // 8)]
            ends = [cuts[1] - timedelta(days=1), cuts[2] - timedelta(days=1), p.ends_on]
            names_ = ("征集与赋能", "项目实施与专业支持", "总结评估")
            phases += [
                ProgrammePhase(programme=p, name=nm, starts_on=s, ends_on=e, order=k)
                for k, (nm, s, e) in enumerate(zip(names_, cuts, ends, strict=True))
            ]
        bulk(ProgrammePhase, phases)
        self.funder_plans = dict(zip((p.pk for p in programmes), plans, strict=True))
        roles = []
        for org_id in {p.support_organisation_id for p in programmes}:
            officers = self._officers(org_id)
            self.out.officers[org_id] = officers
            roles += [
                PlatformRole(
                    user_id=u, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation_id=org_id, granted_at=self.now
                )
                for u in officers
            ]
        for org in {f.pk: f for fs in plans for f in fs}.values():
            roles += [
                PlatformRole(
                    user_id=u, role=PlatformRoleKind.FUNDER_OFFICER, organisation_id=org.pk, granted_at=self.now
                )
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
        for p, n in zip(programmes, per, strict=True):
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
        for call, size in zip(started, sizes, strict=True):
            pool = pools.setdefault(call.programme.pk, [])
            while len(pool) < size * 1.2 + 5 and len(pool) < len(applicants):
                pool.extend(rng.sample(applicants, k=min(len(applicants), size + 5)))
                pool[:] = list({o.pk: o for o in pool}.values())
            chosen = rng.sample(pool, k=min(size, len(pool)))
            chosen += [rng.choice(pool) for _ in range(size - len(chosen))]
            statuses, status_weights = zip(*self._mix(call), strict=True)
            for org, status in zip(chosen, rng.choices(statuses, weights=status_weights, k=size), strict=True):
                versions = rng.choice(VERSIONS[status][0]) if status in VERSIONS else 0
                plans.append(Plan(call, org.pk, self.admin_of(org.pk), status, versions))
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
            for funder, share in zip(funders, shares, strict=True):
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
            write_chunk(self, plans[start : start + CHUNK])
        AgreementSequence.objects.bulk_create(
            [AgreementSequence(key=k, last=n) for k, n in self.sequences.items()],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["last"],
        )


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
