"""Generated reviews, decisions and grants: what happened to the proposals that reached review.

Part of the lifecycle generator (``scale_lifecycle``): given a chunk of planned proposals just
written, it writes their reviewers' assignments and scores, the decisions, and for each approved
proposal a grant with three tranches, the payments due by now, its budget and some spending.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wushe.demo.scale_rows import BATCH, at, bulk, link
from wushe.grants.models import Disbursement, Expenditure, Grant, GrantBudgetLine, GrantStatus, Tranche
from wushe.grants.services import agreement_prefix
from wushe.proposals.models import Proposal, ProposalStatus
from wushe.reviews.models import AssignmentStatus, Decision, ReviewAssignment, Score

S = ProposalStatus
REVIEWED = (S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.WAITLISTED)
DECIDED = {S.APPROVED: "approve", S.REJECTED: "reject", S.WAITLISTED: "waitlist"}
REASONS = {
    "approve": "评审通过,同意立项。请按辅导意见细化监测指标。",
    "reject": "项目与本期资助方向的关联较弱,活动以一般性社区服务为主;建议参加下一期赋能工作坊后再申请。",
    "waitlist": "项目设计扎实,因本期预算有限列入候补,如有机构放弃将依次递补。",
}

SPENDING = ("社工补贴(当月)", "活动物资采购", "志愿者培训讲师费", "宣传品印制", "场地布置", "交通费报销")


def write_reviews(gen: Any, plans: list[Any], proposals: list[Proposal], times: list[dict[str, Any]]) -> None:
    """The reviews of the proposals that reached review (assignments, declarations, scores) and the
    decisions on those decided."""
    rng = gen.rng
    if not gen.reviewer_ids:
        return
    assignments, score_plans, decisions = [], [], []
    for plan, p, tl in zip(plans, proposals, times, strict=True):
        if plan.status not in REVIEWED:
            continue
        n = plan.reviewers
        officer = rng.choice(gen.out.officers.get(plan.call.programme.support_organisation_id) or [plan.applicant_id])
        decided = plan.status in DECIDED
        for reviewer in rng.sample(gen.reviewer_ids, k=n):
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
            if submitted and submitted > gen.now:
                submitted = gen.now - timedelta(minutes=5)
            if declared and declared > gen.now:
                declared = gen.now - timedelta(minutes=10)
            assignments.append(
                ReviewAssignment(
                    proposal=p,
                    reviewer_id=reviewer,
                    assigned_by_id=officer,
                    assigned_at=min(assigned, gen.now - timedelta(minutes=20)),
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
    for a, (plan, status) in zip(assignments, score_plans, strict=True):
        if status != AssignmentStatus.SUBMITTED:
            continue
        base = 7 if plan.status == S.APPROVED else 6 if plan.status == S.WAITLISTED else 4
        scores += [(a.pk, c, min(10, base + rng.randint(0, 3)), "") for c in gen.criteria.get(plan.call.pk, [])]
    link(Score, ("assignment", "criterion", "value", "note"), scores)
    bulk(Decision, decisions)
    gen.counts["assignments"] += len(assignments)
    gen.counts["scores"] += len(scores)
    gen.counts["decisions"] += len(decisions)


# --- grants -----------------------------------------------------------------------------


def write_grants(
    gen: Any, plans: list[Any], proposals: list[Proposal], times: list[dict[str, Any]], budgets: list[Any]
) -> None:
    """A grant for each approved proposal, its tranches, the payments due by now, its budget lines
    and some spending against them."""
    rng = gen.rng
    grants, grant_budgets = [], []
    for plan, p, tl, budget in zip(plans, proposals, times, budgets, strict=True):
        if plan.status != S.APPROVED:
            continue
        programme = plan.call.programme
        signed = tl["decided"] + timedelta(days=3)
        starts = timezone.localdate(signed) + timedelta(days=7)
        ends = starts + timedelta(days=364)
        key = f"{agreement_prefix(programme)}-{starts.year}"
        gen.sequences[key] = gen.sequences.get(key, 0) + 1
        closed = ends < gen.today and rng.random() < 0.85
        suspended = not closed and rng.random() < 0.02
        grants.append(
            Grant(
                proposal=p,
                organisation_id=plan.org_id,
                programme=programme,
                agreement_number=f"{key}-{gen.sequences[key]:04d}",
                title=p.title,
                amount=plan.amount,
                starts_on=starts,
                ends_on=ends,
                status=GrantStatus.CLOSED if closed else GrantStatus.SUSPENDED if suspended else GrantStatus.ACTIVE,
                status_reason="结项报告已通过。"
                if closed
                else "中期监测发现经费使用不规范,暂停拨付待整改。"
                if suspended
                else "",
                status_changed_at=at(ends) if closed else None,
                signed_at=min(signed, gen.now - timedelta(minutes=30)),
                created_by_id=(gen.out.officers.get(programme.support_organisation_id) or [plan.applicant_id])[0],
                created_at=min(signed, gen.now - timedelta(minutes=30)),
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
            tranches.append(Tranche(grant=g, number=number, label=label, condition=condition, amount=part, due_on=due))
            paid_plan.append(due + timedelta(days=rng.randint(0, 12)))
    payments, paid_by_grant = [], {}
    for t, paid_on in zip(tranches, paid_plan, strict=True):
        if paid_on > gen.today or (t.grant.status == GrantStatus.SUSPENDED and t.number > 1):
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
            for g, budget in zip(grants, grant_budgets, strict=True)
            for k, (c, i, a) in enumerate(budget)
        ],
    )
    by_grant: dict[int, list[GrantBudgetLine]] = {}
    for line in lines:
        by_grant.setdefault(line.grant_id, []).append(line)
    spending = []
    for g in grants:
        months = max(0, min(12, (gen.today - g.starts_on).days // 30))
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
                    recorded_by_id=gen.admin_of(g.organisation_id),
                    created_at=at(spent_on, 17),
                )
            )
    bulk(Expenditure, spending)
    for g in grants:
        gen.out.grantees.setdefault(g.programme_id, {})[g.organisation_id] = g.pk
    gen.counts["grants"] += len(grants)
    gen.counts["tranches"] += len(tranches)
    gen.counts["disbursements"] += len(payments)
    gen.counts["expenditures"] += len(spending)
