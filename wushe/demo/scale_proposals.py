"""Generated proposals: a chunk of planned proposals written with their text, budget, numbered
versions, coaching rounds and comments, then their reviews and grants (``scale_grants``).

Part of the lifecycle generator (``scale_lifecycle``), which plans the proposals and calls
:func:`write_chunk` for 500 of them at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from wushe.demo.scale_grants import DECIDED, REVIEWED, write_grants, write_reviews
from wushe.demo.scale_rows import bulk
from wushe.proposals.models import (
    BudgetLine,
    CoachComment,
    CoachingRound,
    Proposal,
    ProposalStatus,
    ProposalVersion,
    Section,
)

S = ProposalStatus
SECTIONS = [str(s) for s in Section.values]
TITLE_TOPICS = (
    "垃圾分类“绿色账户”推广", "厨余垃圾就地减量", "儿童环境教育“自然课堂”", "老旧小区桶前值守志愿服务",
    "共建共享的绿色院落", "“无塑生活”家庭行动", "可回收物社区回收驿站", "独居老人邻里守望", "社区花园共建",
    "楼门文化与邻里议事", "适老化微改造", "青少年社区参与", "社区议事厅建设",
)  # fmt: skip
TITLE_SUFFIXES = ("项目", "试点项目", "行动计划", "推广项目")
BUDGET_PLAN = (  # category, item, share of the total
    ("personnel", "项目社工补贴", Decimal("0.38")),
    ("activity", "社区活动与宣传", Decimal("0.24")),
    ("materials", "活动物资与设施", Decimal("0.16")),
    ("training", "志愿者培训与督导", Decimal("0.10")),
    ("travel", "走访与参访交通", Decimal("0.04")),
    ("admin", "行政管理费", Decimal("0.05")),
)


def _timeline(gen: Any, plan: Any) -> dict[str, Any]:
    """When things happened: versions submitted, rounds opened and closed, review, decision."""
    rng, call = gen.rng, plan.call
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
    limit = gen.now - timedelta(hours=2)
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


def _budget(amount: Decimal) -> list[tuple[str, str, Decimal]]:
    lines, left = [], amount
    for category, item, share in BUDGET_PLAN[:-1]:
        part = (amount * share).quantize(Decimal("1"))
        lines.append((category, item, part))
        left -= part
    category, item, _share = BUDGET_PLAN[-1]
    lines.append((category, item, left))
    return lines


def write_chunk(gen: Any, plans: list[Any]) -> None:
    """Write a chunk of planned proposals: each with its text, budget, versions and rounds, then
    their reviews and grants."""
    rng, writer = gen.rng, gen.writer
    proposals, texts, times, budgets = [], [], [], []
    for plan in plans:
        tl = _timeline(gen, plan)
        budget = _budget(plan.amount)
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
        place = gen.place_names.get(gen.home_of(plan.org_id), "社区")
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
            for p, budget in zip(proposals, budgets, strict=True)
            for k, (c, i, a) in enumerate(budget)
        ],
    )
    gen.counts["budget_lines"] += sum(len(b) for b in budgets)
    version_rows = []
    for plan, p, versions, tl, budget in zip(plans, proposals, texts, times, budgets, strict=True):
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
    gen.counts["versions"] += len(version_rows)
    by_proposal: dict[int, list[ProposalVersion]] = {}
    for v in version_rows:
        by_proposal.setdefault(v.proposal_id, []).append(v)
    _rounds(gen, plans, proposals, times, by_proposal)
    write_reviews(gen, plans, proposals, times)
    write_grants(gen, plans, proposals, times, budgets)
    for plan, p in zip(plans, proposals, strict=True):
        if len(gen.out.proposals.setdefault(plan.call.programme.pk, [])) < 200 and p.version_count:
            gen.out.proposals[plan.call.programme.pk].append((p.pk, plan.org_id))


def _rounds(
    gen: Any,
    plans: list[Any],
    proposals: list[Proposal],
    times: list[dict[str, Any]],
    versions: dict[int, list[ProposalVersion]],
) -> None:
    rng, writer = gen.rng, gen.writer
    rounds, comments_for = [], []
    for plan, p, tl in zip(plans, proposals, times, strict=True):
        coaches = gen.out.officers.get(plan.call.programme.support_organisation_id) or [plan.applicant_id]
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
    for r, (plan, p, coach, opened, closed) in zip(rounds, comments_for, strict=True):
        for section in rng.sample([*SECTIONS, "budget"], k=rng.randint(1, 4)):
            answered = closed is not None or rng.random() < 0.4
            replied_at = (closed or gen.now) - timedelta(hours=rng.randint(2, 30)) if answered else None
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
        gen.out.rounds.setdefault(plan.call.programme.pk, []).append((r.pk, plan.org_id, opened))
    bulk(CoachComment, comments)
    gen.counts["rounds"] += len(rounds)
    gen.counts["comments"] += len(comments)
