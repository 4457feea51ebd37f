"""Writes for proposals: drafts, budgets, the state machine, versions and coaching.

Every state change goes through :func:`proposal_transition`, which checks the transition
table in ``transitions.py``, the role and the guard, locks the row, writes the audit entry and
changes nothing when refused."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.access.roles import actor_for
from wushe.core.audit import acting_as, audit_event
from wushe.core.money import parse_amount, yuan
from wushe.core.text import local_minute
from wushe.core.uploads import DOCUMENTS, check_upload
from wushe.orgs.models import Organisation
from wushe.programmes.models import Call
from wushe.proposals.models import (
    SECTION_MAX_CHARS,
    BudgetCategory,
    BudgetLine,
    CoachComment,
    CoachingRound,
    Proposal,
    ProposalAttachment,
    ProposalVersion,
    Section,
)
from wushe.proposals.policies import is_applicant, is_officer
from wushe.proposals.transitions import APPLICANT, OFFICER, TRANSITIONS, Transition


class StaleEdit(ValidationError):
    """The draft changed in another tab or by a colleague since this edit began."""


def proposal_create(*, by: Any, call: Call, organisation: Organisation, title: str) -> Proposal:
    require_create(by, Proposal, organisation)
    if not call.is_open():
        raise ValidationError({"call": [_("该征集当前不接受申请。")]})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("请填写项目名称。")]})
    with transaction.atomic(), acting_as(by):
        proposal = Proposal(call=call, organisation=organisation, title=title, created_by=by)
        proposal.full_clean()
        proposal.save()
        return proposal


def _clean_sections(sections: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, str] = {}
    for key, value in sections.items():
        if key not in Section.values:
            errors[key] = [_("未知的章节。")]
            continue
        text = str(value or "").replace("\x00", "")
        if len(text) > SECTION_MAX_CHARS:
            errors[key] = [_("每个章节最多 %(n)s 字。") % {"n": SECTION_MAX_CHARS}]
        clean[key] = text
    if errors:
        raise ValidationError(errors)
    return clean


def proposal_save_draft(
    *,
    proposal: Proposal,
    by: Any,
    edit_version: int,
    title: str | None = None,
    sections: dict[str, Any] | None = None,
    target_places: Iterable[Any] | None = None,
) -> Proposal:
    """Autosave: applies only if nobody saved since ``edit_version`` (no last-write-wins)."""
    require(by, "edit", proposal)
    clean = _clean_sections(sections or {})
    with transaction.atomic(), acting_as(by):
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not locked.is_editable:
            raise ValidationError(_("项目书当前状态为“%(s)s”,不能编辑。") % {"s": locked.get_status_display()})
        if locked.edit_version != edit_version:
            raise StaleEdit(_("这份项目书已在别处被修改(可能是另一个标签页或同事)。请刷新后再编辑,以免覆盖。"))
        if title is not None:
            title = title.strip()
            if not title or len(title) > 100:
                raise ValidationError({"title": [_("项目名称须为 1–100 个字。")]})
            locked.title = title
        locked.sections = {**(locked.sections or {}), **clean}
        locked.edit_version = F("edit_version") + 1
        locked.save(update_fields=["title", "sections", "edit_version", "updated_at"])
        if target_places is not None:
            locked.target_places.set(list(target_places))
        locked.refresh_from_db(fields=["edit_version"])
        return locked


def proposal_set_budget(*, proposal: Proposal, by: Any, lines: Iterable[dict[str, Any]]) -> Proposal:
    """Replace the budget table; totals are computed, lines can't be negative and the total
    can't exceed the call's maximum. All or nothing."""
    require(by, "edit", proposal)
    errors: dict[str, list[str]] = {}
    parsed: list[BudgetLine] = []
    for i, line in enumerate(lines):
        category = str(line.get("category", ""))
        item = str(line.get("item", "")).strip()
        if category not in BudgetCategory.values:
            errors[f"lines.{i}.category"] = [_("请选择预算类别。")]
        if not item or len(item) > 100:
            errors[f"lines.{i}.item"] = [_("请填写明细(最多 100 字)。")]
        try:
            amount = parse_amount(line.get("amount", ""), f"lines.{i}.amount", allow_zero=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        parsed.append(BudgetLine(category=category, item=item, amount=amount, order=i))
    total = sum((line.amount for line in parsed), Decimal("0"))
    if not errors and total > proposal.call.max_amount:
        errors["total"] = [
            _("预算合计 %(total)s,超过了本次征集单个项目最高资助额 %(max)s。")
            % {"total": yuan(total), "max": yuan(proposal.call.max_amount)}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not locked.is_editable:
            raise ValidationError(_("项目书当前状态为“%(s)s”,不能编辑。") % {"s": locked.get_status_display()})
        locked.budget_lines.all().delete()
        for line in parsed:
            line.proposal = locked
        BudgetLine.objects.bulk_create(parsed)
        locked.requested_amount = total
        locked.edit_version = F("edit_version") + 1
        locked.save(update_fields=["requested_amount", "edit_version", "updated_at"])
        locked.refresh_from_db(fields=["edit_version"])
        return locked


def _roles(by: Any, proposal: Proposal) -> set[str]:
    actor = actor_for(by)
    roles = set()
    if is_applicant(actor, proposal):
        roles.add(APPLICANT)
    if is_officer(actor, proposal):
        roles.add(OFFICER)
    return roles


def _freeze(proposal: Proposal, by: Any) -> ProposalVersion:
    """Snapshot the proposal as its next numbered, immutable version."""
    missing = [str(label) for key, label in Section.choices if not proposal.section_text(key).strip()]
    if missing:
        raise ValidationError({"sections": [_("提交前请填写以下章节:%(s)s。") % {"s": "、".join(missing)}]})
    lines = list(proposal.budget_lines.all())
    if not lines:
        raise ValidationError({"budget": [_("提交前请填写预算表。")]})
    total = sum((line.amount for line in lines), Decimal("0"))
    if total > proposal.call.max_amount:
        raise ValidationError({"budget": [_("预算合计超过了本次征集单个项目最高资助额。")]})
    number = proposal.version_count + 1
    return ProposalVersion.objects.create(
        proposal=proposal,
        number=number,
        title=proposal.title,
        sections={key: proposal.section_text(key) for key in Section.values},
        budget=[{"category": li.category, "item": li.item, "amount": str(li.amount)} for li in lines],
        total=total,
        submitted_at=timezone.now(),
        submitted_by=by,
    )


def _guard(t: Transition, proposal: Proposal, by: Any, extra: dict[str, Any]) -> None:
    if t.action == "submit" and not proposal.call.is_open():
        raise ValidationError(
            _("申请已截止(截止时间 %(t)s),不能再提交。") % {"t": local_minute(proposal.call.closes_at)}
        )
    if t.action == "request_revision" and not extra.get("comments"):
        raise ValidationError({"comments": [_("请求修改时请至少写一条针对章节的意见。")]})
    if t.action == "resubmit":
        open_round = proposal.rounds.filter(closed_at__isnull=True).first()
        if open_round and open_round.comments.filter(addressed=False).exists():
            raise ValidationError(_("还有辅导意见未标记为已处理,请逐条回复后再重新提交。"))
    if t.action in ("reject", "waitlist") and not str(extra.get("reason", "")).strip():
        raise ValidationError({"reason": [_("请写明理由,申请机构会看到。")]})


def proposal_transition(*, proposal: Proposal, action: str, by: Any, **extra: Any) -> Proposal:
    """Fire ``action``. Refused (nothing written) if unknown, not allowed from the current
    state, not permitted for the user's role, or its guard fails."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationError({"action": [_("未知的操作。")]})
    with transaction.atomic(), acting_as(by):
        locked = Proposal.objects.select_for_update().select_related("call__programme").get(pk=proposal.pk)
        roles = _roles(by, locked)
        if not roles.intersection(t.roles):
            raise PermissionDenied(_("你的角色不能执行“%(a)s”。") % {"a": t.label})
        if locked.status not in t.sources:
            raise ValidationError(
                {
                    "action": [
                        _("项目书当前状态为“%(s)s”,不能“%(a)s”。") % {"s": locked.get_status_display(), "a": t.label}
                    ]
                }
            )
        _guard(t, locked, by, extra)
        before = locked.status
        now = timezone.now()
        if t.action in ("submit", "resubmit"):
            _freeze(locked, by)
            locked.version_count = F("version_count") + 1
            if locked.first_submitted_at is None:
                locked.first_submitted_at = now
            CoachingRound.objects.filter(proposal=locked, closed_at__isnull=True).update(closed_at=now)
        elif t.action == "request_revision":
            version = locked.versions.order_by("-number").first()
            coaching_round = CoachingRound.objects.create(
                proposal=locked,
                number=locked.round_count + 1,
                version=version,
                coach=by,
                opened_at=now,
                summary=str(extra.get("summary", ""))[:4000],
            )
            for section, body in extra["comments"]:
                _add_comment(locked, coaching_round, version, section, body, by)
            locked.round_count = F("round_count") + 1
        elif t.action in ("approve", "reject", "waitlist"):
            locked.decided_at = now
        locked.status = t.target
        locked.save()
        locked.refresh_from_db()
        audit_event(
            obj=locked,
            actor=by,
            event=f"proposal.{t.action}",
            changes={
                "status": [before, t.target],
                **({"reason": ["", str(extra["reason"])]} if extra.get("reason") else {}),
            },
        )
        return locked


def _add_comment(
    proposal: Proposal, coaching_round: CoachingRound | None, version: ProposalVersion, section: str, body: str, by: Any
) -> CoachComment:
    body = (body or "").strip()
    if section not in (*Section.values, "budget"):
        raise ValidationError({"section": [_("未知的章节。")]})
    if not body or len(body) > 2000:
        raise ValidationError({"body": [_("意见须为 1–2000 字。")]})
    return CoachComment.objects.create(
        proposal=proposal, round=coaching_round, version=version, section=section, body=body, author=by
    )


def comment_add(*, proposal: Proposal, by: Any, section: str, body: str) -> CoachComment:
    """A coach's comment on the latest version, outside or inside an open round."""
    require(by, "coach", proposal)
    with transaction.atomic(), acting_as(by):
        version = proposal.versions.order_by("-number").first()
        if version is None:
            raise ValidationError(_("项目书还没有提交过版本,暂不能辅导。"))
        open_round = proposal.rounds.filter(closed_at__isnull=True).first()
        return _add_comment(proposal, open_round, version, section, body, by)


def comment_reply(*, comment: CoachComment, by: Any, reply: str, addressed: bool) -> CoachComment:
    require(by, "reply", comment.proposal)
    reply = (reply or "").strip()
    if len(reply) > 2000:
        raise ValidationError({"reply": [_("回复最多 2000 字。")]})
    if addressed and not reply:
        raise ValidationError({"reply": [_("标记为已处理前,请简要说明如何修改。")]})
    with transaction.atomic(), acting_as(by):
        comment.reply = reply
        comment.addressed = addressed
        comment.replied_by = by
        comment.replied_at = timezone.now()
        comment.save(update_fields=["reply", "addressed", "replied_by", "replied_at"])
        return comment


def attachment_add(*, proposal: Proposal, by: Any, upload: Any) -> ProposalAttachment:
    """Type- and size-checked by extension, declared type and the file's first bytes."""
    require(by, "edit", proposal)
    kind = check_upload(upload, allowed=DOCUMENTS, max_megabytes=10)
    name = str(getattr(upload, "name", "") or "")[:120]
    if not proposal.is_editable:
        raise ValidationError({"file": [_("项目书当前状态不能添加附件。")]})
    with transaction.atomic(), acting_as(by):
        return ProposalAttachment.objects.create(
            proposal=proposal,
            file=upload,
            name=name,
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=by,
        )


def attachment_delete(*, attachment: ProposalAttachment, by: Any) -> None:
    require(by, "delete", attachment)
    with transaction.atomic(), acting_as(by):
        attachment.file.delete(save=False)
        attachment.delete()
