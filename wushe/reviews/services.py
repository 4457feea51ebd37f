"""Writes for review and decision (立项): the rubric, assigning reviewers, conflict of interest
declarations, submitting scores, and the decision, which fires the proposal's transition and
tells the applicant through the task framework."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.access.models import Membership
from wushe.access.roles import actor_for
from wushe.accounts.services import notify
from wushe.core.audit import acting_as, audit_event
from wushe.programmes.models import Call
from wushe.proposals.models import Proposal, ProposalStatus
from wushe.proposals.services import proposal_transition
from wushe.reviews.models import (
    AssignmentStatus,
    Criterion,
    Decision,
    DecisionOutcome,
    ReviewAssignment,
    Rubric,
    Score,
)
from wushe.reviews.selectors import remaining_budget
from wushe.reviews.tasks import send_decision_notice

MAX_CRITERIA = 20


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _parse_decimal(raw: Any) -> Decimal | None:
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _parse_int(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return None


# --- rubric ---------------------------------------------------------------------------------


def _clean_criteria(criteria: Iterable[Mapping[str, Any]]) -> list[Criterion]:
    errors: dict[str, list[str]] = {}
    parsed: list[Criterion] = []
    names: set[str] = set()
    for i, row in enumerate(criteria):
        name = str(row.get("name") or "").strip()
        description = str(row.get("description") or "").strip()
        if not name or len(name) > 60:
            errors[f"criteria.{i}.name"] = [_("请填写评分项名称(最多 60 字)。")]
        elif name in names:
            errors[f"criteria.{i}.name"] = [_("评分项“%(name)s”重复了。") % {"name": name}]
        names.add(name)
        if len(description) > 300:
            errors[f"criteria.{i}.description"] = [_("说明最多 300 字。")]
        weight = _parse_decimal(row.get("weight", ""))
        if weight is None or weight <= 0 or weight >= 1000:
            errors[f"criteria.{i}.weight"] = [_("权重须为大于 0、小于 1000 的数字。")]
        elif weight != weight.quantize(Decimal("0.01")):
            errors[f"criteria.{i}.weight"] = [_("权重最多保留两位小数。")]
        scale_max = _parse_int(row.get("scale_max", ""))
        if scale_max is None or not 1 <= scale_max <= 100:
            errors[f"criteria.{i}.scale_max"] = [_("满分须为 1 到 100 之间的整数。")]
        if not errors and weight is not None and scale_max is not None:
            parsed.append(Criterion(name=name, description=description, weight=weight, scale_max=scale_max, order=i))
    if not errors and not parsed:
        errors["criteria"] = [_("请至少设定一个评分项。")]
    if len(parsed) > MAX_CRITERIA:
        errors["criteria"] = [_("评分项最多 %(n)s 个。") % {"n": MAX_CRITERIA}]
    if errors:
        raise ValidationError(errors)
    return parsed


def rubric_set(*, call: Call, by: Any, title: str, criteria: Iterable[Mapping[str, Any]]) -> Rubric:
    """Set (or replace) the call's rubric: criteria with weights and a scale each. Refused once
    any review has been scored against it, so every review of a call is scored alike."""
    existing = Rubric.objects.filter(call_id=call.pk).first()
    if existing is None:
        require_create(by, Rubric, call)
    else:
        require(by, "change", existing)
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title or len(title) > 100:
        errors["title"] = [_("请填写评分标准名称(最多 100 字)。")]
    try:
        parsed = _clean_criteria(criteria)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        rubric, _created = Rubric.objects.select_for_update().get_or_create(call=call, defaults={"title": title})
        if Score.objects.filter(criterion__rubric=rubric).exists():
            raise ValidationError(_("已有评审专家按此标准打分,评分标准不能再修改。"))
        before = [f"{c.name}×{c.weight}/{c.scale_max}" for c in rubric.criteria.all()]
        rubric.title = title
        rubric.save(update_fields=["title"])
        rubric.criteria.all().delete()
        for criterion in parsed:
            criterion.rubric = rubric
        Criterion.objects.bulk_create(parsed)
        audit_event(
            obj=rubric,
            actor=by,
            event="rubric.set",
            changes={"criteria": [before, [f"{c.name}×{c.weight}/{c.scale_max}" for c in parsed]]},
        )
        return rubric


# --- assignment and conflict of interest ----------------------------------------------------


def reviewer_assign(*, proposal: Proposal, reviewer: Any, by: Any) -> ReviewAssignment:
    """Assign a reviewer to a proposal under review. The reviewer must hold the reviewer role,
    must not belong to the applicant organisation, and is assigned once."""
    require_create(by, ReviewAssignment, proposal)
    if proposal.status != ProposalStatus.UNDER_REVIEW:
        raise ValidationError(
            {
                "reviewer": [
                    _("项目书当前状态为“%(s)s”,须进入评审后才能指派评审专家。") % {"s": proposal.get_status_display()}
                ]
            }
        )
    if reviewer is None or not reviewer.is_active or not actor_for(reviewer).reviewer:
        raise ValidationError({"reviewer": [_("只能指派具有评审专家角色的用户。")]})
    if Membership.objects.filter(user_id=reviewer.pk, organisation_id=proposal.organisation_id).exists():
        raise ValidationError(
            {"reviewer": [_("%(name)s 是申请机构的成员,不能评审这份项目书。") % {"name": reviewer.name}]}
        )
    duplicate = _("%(name)s 已被指派评审这份项目书。") % {"name": reviewer.name}
    if ReviewAssignment.objects.filter(proposal_id=proposal.pk, reviewer_id=reviewer.pk).exists():
        raise ValidationError({"reviewer": [duplicate]})
    try:
        with transaction.atomic(), acting_as(by):
            assignment = ReviewAssignment.objects.create(proposal=proposal, reviewer=reviewer, assigned_by=by)
            audit_event(obj=assignment, actor=by, event="review.assign", changes={"reviewer": ["", str(reviewer.pk)]})
            notify(
                users=[reviewer],
                title=_("新的评审任务:%(title)s") % {"title": proposal.title},
                body=_("请先声明是否存在利益冲突,再按评分标准打分。"),
                url=reverse("review-form", args=[assignment.pk]),
            )
    except IntegrityError:  # the same reviewer assigned at the same moment from another tab
        raise ValidationError({"reviewer": [duplicate]}) from None
    return assignment


def conflict_declare(
    *, assignment: ReviewAssignment, by: Any, has_conflict: bool, statement: str = ""
) -> ReviewAssignment:
    """The reviewer declares, before scoring, whether they have a conflict of interest. A declared
    conflict removes them from the proposal: they can no longer see or score it."""
    require(by, "declare", assignment)
    statement = (statement or "").strip()
    if len(statement) > 500:
        raise ValidationError({"conflict_statement": [_("说明最多 500 字。")]})
    if has_conflict and not statement:
        raise ValidationError({"conflict_statement": [_("请简要说明利益冲突的情况(例如与申请机构的关系)。")]})
    with transaction.atomic(), acting_as(by):
        locked = ReviewAssignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
        if locked.status == AssignmentStatus.CONFLICT:
            raise ValidationError(_("你已声明存在利益冲突并回避了这份项目书。"))
        if locked.status != AssignmentStatus.PENDING:
            raise ValidationError(_("你已声明不存在利益冲突,声明不能更改。如情况有变,请联系项目官员。"))
        before = locked.status
        locked.has_conflict = bool(has_conflict)
        locked.conflict_statement = statement
        locked.declared_at = timezone.now()
        locked.status = AssignmentStatus.CONFLICT if has_conflict else AssignmentStatus.SCORING
        locked.save(update_fields=["has_conflict", "conflict_statement", "declared_at", "status"])
        audit_event(
            obj=locked,
            actor=by,
            event="review.declare",
            changes={"status": [before, locked.status], "has_conflict": [False, locked.has_conflict]},
        )
        if has_conflict:
            notify(
                users=[locked.assigned_by],
                title=_("评审专家申明回避:%(title)s") % {"title": locked.proposal.title},
                body=_("%(name)s 声明存在利益冲突:%(statement)s") % {"name": by.name, "statement": statement},
                url=reverse("review-panel", args=[locked.proposal_id]),
            )
        return locked


# --- scoring --------------------------------------------------------------------------------


def review_submit(
    *,
    assignment: ReviewAssignment,
    by: Any,
    scores: Mapping[Any, Any],
    comment: str = "",
    notes: Mapping[Any, Any] | None = None,
) -> ReviewAssignment:
    """Submit a score for every criterion of the call's rubric, each within 0…its scale, after
    declaring no conflict. A submitted review can't be changed."""
    require(by, "submit", assignment)
    comment = (comment or "").strip()
    notes = {str(k): str(v or "").strip() for k, v in (notes or {}).items()}
    scores = {str(k): v for k, v in scores.items()}
    with transaction.atomic(), acting_as(by):
        locked = ReviewAssignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
        if locked.status == AssignmentStatus.PENDING:
            raise ValidationError(_("请先声明是否存在利益冲突,再评分。"))
        if locked.status == AssignmentStatus.CONFLICT:
            raise ValidationError(_("你已声明存在利益冲突并回避了这份项目书,不能评分。"))
        if locked.status == AssignmentStatus.SUBMITTED:
            raise ValidationError(_("评审已提交,不能修改。"))
        if locked.proposal.status != ProposalStatus.UNDER_REVIEW:
            raise ValidationError(_("项目书已不在评审阶段,不能再评分。"))
        criteria = list(Criterion.objects.filter(rubric__call_id=locked.proposal.call_id))
        if not criteria:
            raise ValidationError(_("本次征集还没有设定评分标准,请联系项目官员。"))
        errors: dict[str, list[str]] = {}
        rows = []
        for c in criteria:
            key = str(c.pk)
            raw = scores.get(key)
            value = None if raw is None or raw == "" else _parse_int(raw)
            if raw is None or raw == "":
                errors[f"scores.{key}"] = [_("请为“%(name)s”打分。") % {"name": c.name}]
            elif value is None or not 0 <= value <= c.scale_max:
                errors[f"scores.{key}"] = [
                    _("“%(name)s”的得分须为 0 到 %(max)s 之间的整数。") % {"name": c.name, "max": c.scale_max}
                ]
            elif len(notes.get(key, "")) > 500:
                errors[f"notes.{key}"] = [_("备注最多 500 字。")]
            else:
                rows.append(Score(assignment=locked, criterion=c, value=value, note=notes.get(key, "")))
        unknown = set(scores) - {str(c.pk) for c in criteria}
        if unknown:
            errors["scores"] = [_("没有这些评分项:%(ids)s。") % {"ids": "、".join(sorted(unknown))}]
        if len(comment) > 4000:
            errors["comment"] = [_("总体评语最多 4000 字。")]
        if errors:
            raise ValidationError(errors)
        Score.objects.bulk_create(rows)
        locked.comment = comment
        locked.status = AssignmentStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["comment", "status", "submitted_at"])
        audit_event(
            obj=locked,
            actor=by,
            event="review.submit",
            changes={
                "status": [AssignmentStatus.SCORING, AssignmentStatus.SUBMITTED],
                "scores": ["", {r.criterion.name: r.value for r in rows}],
            },
        )
        return locked


# --- decision -------------------------------------------------------------------------------


def decision_make(*, proposal: Proposal, by: Any, outcome: str, amount: Any = None, reasons: str = "") -> Decision:
    """Approve (with an amount no more than requested and no more than the call's remaining
    budget), reject or waitlist (each with reasons) a proposal under review. Fires the proposal's
    transition, records the decision, and, once committed, tells the applicant organisation's
    admins in the app and by e-mail."""
    require_create(by, Decision, proposal)
    reasons = (reasons or "").strip()
    errors: dict[str, list[str]] = {}
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": [_("请选择立项、不予立项或列入候补。")]})
    if len(reasons) > 4000:
        errors["reasons"] = [_("理由最多 4000 字。")]
    elif outcome != DecisionOutcome.APPROVE and not reasons:
        errors["reasons"] = [_("请写明理由,申请机构会看到。")]
    value: Decimal | None = None
    if outcome == DecisionOutcome.APPROVE:
        value = _parse_decimal(amount) if amount not in (None, "") else None
        if value is None:
            errors["amount"] = [_("请填写资助金额(元),如 80000 或 80000.50。")]
        elif value <= 0:
            errors["amount"] = [_("资助金额须大于 0。")]
        elif value != value.quantize(Decimal("0.01")):
            errors["amount"] = [_("资助金额最多保留两位小数。")]
        elif value > proposal.requested_amount:
            errors["amount"] = [
                _("资助金额不能超过申请金额 %(requested)s 元。") % {"requested": _money(proposal.requested_amount)}
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        call = Call.objects.select_for_update().get(pk=proposal.call_id)  # one approval at a time per call
        if value is not None:
            remaining = remaining_budget(call)
            if value > remaining:
                raise ValidationError(
                    {
                        "amount": [
                            _("资助金额超过了本次征集的剩余预算 %(remaining)s 元。") % {"remaining": _money(remaining)}
                        ]
                    }
                )
        proposal = proposal_transition(proposal=proposal, action=outcome, by=by, reason=reasons)
        decision = Decision.objects.create(
            proposal=proposal, outcome=outcome, amount=value, reasons=reasons, decided_by=by
        )
        audit_event(
            obj=decision,
            actor=by,
            event=f"decision.{outcome}",
            changes={"outcome": ["", outcome], **({"amount": ["", str(value)]} if value is not None else {})},
        )
        decision_id = decision.pk
        transaction.on_commit(lambda: send_decision_notice.enqueue(decision_id=decision_id))
        return decision
