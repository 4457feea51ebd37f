"""Writes for grants: making one from an approved proposal, paying tranches, booking spending,
and the state machine (revising the budget is in ``budget_services``).

Paying is where money can go wrong, so the limits are kept twice: the service locks the grant and
tranche rows (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions already let
one writer in at a time) and checks what is left, and the totals are then raised with ``F()``
expressions against CHECK constraints, so even a write that slipped past the check could not
pay beyond a tranche or the grant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wushe.access.door import require, require_create
from wushe.access.roles import actor_for
from wushe.core.audit import acting_as, audit_event
from wushe.core.forms import clean_text
from wushe.core.money import CENT, parse_amount, yuan
from wushe.core.text import pinyin_initials
from wushe.grants.models import (
    ZERO,
    AgreementSequence,
    Disbursement,
    Expenditure,
    Grant,
    GrantBudgetLine,
    GrantStatus,
    Tranche,
)
from wushe.grants.policies import manages
from wushe.grants.transitions import OFFICER, TRANSITIONS
from wushe.programmes.models import Programme
from wushe.proposals.models import Proposal, ProposalStatus
from wushe.reviews.models import Decision, DecisionOutcome

MAX_TRANCHES = 12
HUNDRED = Decimal("100")


# --- agreement numbers ------------------------------------------------------------------------


def agreement_prefix(programme: Programme) -> str:
    """The programme's short code: initials of its short name, without a trailing 计划
    (绿缘计划 → LY)."""
    name = programme.short_name or programme.name
    for suffix in ("资助计划", "计划"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    parts = []
    for word in name.split():
        if word.isascii():
            parts.append(word if word.isdigit() else word[:1])  # Green Links 2021 → GL2021
        else:
            parts.append(pinyin_initials(word))
    code = re.sub(r"[^A-Z0-9]", "", "".join(parts).upper())[:8]
    return code or "WS"


def _next_agreement_number(programme: Programme, year: int) -> str:
    """``LY-2021-0007``: the next number for the prefix and year, taken under a row lock."""
    key = f"{agreement_prefix(programme)}-{year}"
    AgreementSequence.objects.get_or_create(key=key)  # a racing insert is retried inside
    AgreementSequence.objects.filter(key=key).update(last=F("last") + 1)  # locks the row until commit
    last = AgreementSequence.objects.filter(key=key).values_list("last", flat=True).get()
    return f"{key}-{last:04d}"


# --- making a grant ---------------------------------------------------------------------------


def approved_amount(proposal: Proposal) -> Decimal:
    """The amount of the latest approve decision, or what was asked for when no decision was
    recorded."""
    decision = (
        Decision.objects.filter(proposal=proposal, outcome=DecisionOutcome.APPROVE, amount__isnull=False)
        .order_by("-decided_at", "-pk")
        .first()
    )
    if decision is not None and decision.amount is not None:
        return decision.amount
    return proposal.requested_amount


def _percent(raw: Any, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        value = Decimal(str(raw).replace("%", "").strip())
    except (InvalidOperation, ValueError):
        errors[field] = [_("请输入百分比,如 50。")]
        return None
    if not value.is_finite() or value <= 0 or value > HUNDRED:
        errors[field] = [_("百分比须大于 0 且不超过 100。")]
        return None
    if value.quantize(CENT) != value:
        errors[field] = [_("百分比最多保留两位小数。")]
        return None
    return value


def _plan_tranches(amount: Decimal, specs: Iterable[Mapping[str, Any]]) -> list[Tranche]:
    """Unsaved tranches whose amounts sum exactly to ``amount``. Each gives an ``amount`` or a
    ``percent`` of the grant; the cents lost rounding percentages go on the last one."""
    specs = list(specs)
    errors: dict[str, list[str]] = {}
    if not specs:
        raise ValidationError({"tranches": [_("请至少设置一期拨款。")]})
    if len(specs) > MAX_TRANCHES:
        raise ValidationError({"tranches": [_("最多 %(n)d 期拨款。") % {"n": MAX_TRANCHES}]})
    planned: list[Tranche] = []
    from_percent: list[int] = []
    for i, spec in enumerate(specs):
        f = f"tranches.{i}"
        label = clean_text(spec.get("label"), f"{f}.label", 40, errors, required=True)
        condition = clean_text(spec.get("condition"), f"{f}.condition", 200, errors, required=False)
        due_on = spec.get("due_on") or None
        if due_on is not None and not isinstance(due_on, date):
            errors[f"{f}.due_on"] = [_("请输入有效的日期。")]
            due_on = None
        raw_amount, raw_percent = spec.get("amount"), spec.get("percent")
        has_amount = raw_amount not in (None, "")
        has_percent = raw_percent not in (None, "")
        part = Decimal("0")
        if has_amount and has_percent:
            errors[f"{f}.amount"] = [_("金额和百分比只填一项。")]
        elif has_amount:
            try:
                part = parse_amount(raw_amount, f"{f}.amount")
            except ValidationError as exc:
                errors.update(exc.message_dict)
        elif has_percent:
            pct = _percent(raw_percent, f"{f}.percent", errors)
            if pct is not None:
                part = (amount * pct / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
                from_percent.append(i)
        else:
            errors[f"{f}.amount"] = [_("请填写本期金额或百分比。")]
        planned.append(Tranche(number=i + 1, label=label, condition=condition, amount=part, due_on=due_on))
    if errors:
        raise ValidationError(errors)
    gap = amount - sum((t.amount for t in planned), Decimal("0"))
    if gap and from_percent and abs(gap) <= CENT * len(from_percent):
        planned[from_percent[-1]].amount += gap  # only the rounding of percentages
        gap = Decimal("0")
    if gap:
        total = amount - gap
        raise ValidationError(
            {
                "tranches": [
                    _("各期金额合计 %(total)s,与资助金额 %(amount)s 不一致(相差 %(gap)s)。")
                    % {"total": yuan(total), "amount": yuan(amount), "gap": yuan(abs(gap))}
                ]
            }
        )
    for i, t in enumerate(planned):
        if t.amount <= 0:
            raise ValidationError({f"tranches.{i}.amount": [_("每期金额须大于 0。")]})
    return planned


def grant_create_from_proposal(
    *,
    proposal: Proposal,
    by: Any,
    starts_on: date | None,
    ends_on: date | None,
    tranches: Iterable[Mapping[str, Any]],
    signed_at: datetime | None = None,
) -> Grant:
    """Sign the grant for an approved proposal: amount from the decision, tranches that sum to
    it, the proposal's budget lines copied as the agreed budget (flagged for revision when they
    do not add up to the amount). All or nothing."""
    require_create(by, Grant, proposal)
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        missing: dict[str, list[str]] = {}
        if not isinstance(starts_on, date):
            missing["starts_on"] = [_("请填写开始日期。")]
        if not isinstance(ends_on, date):
            missing["ends_on"] = [_("请填写结束日期。")]
        raise ValidationError(missing)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("结束日期不能早于开始日期。")]})
    with transaction.atomic(), acting_as(by):
        locked = Proposal.objects.select_for_update(of=("self",)).select_related("call__programme").get(pk=proposal.pk)
        if locked.status != ProposalStatus.APPROVED:
            raise ValidationError(
                {
                    "proposal": [
                        _("只能为已立项的项目书签订资助协议;该项目书当前状态为“%(s)s”。")
                        % {"s": locked.get_status_display()}
                    ]
                }
            )
        if Grant.objects.filter(proposal=locked).exists():
            raise ValidationError({"proposal": [_("该项目书已签订资助协议。")]})
        amount = approved_amount(locked)
        if amount is None or amount <= 0:
            raise ValidationError({"proposal": [_("该项目书没有有效的资助金额。")]})
        planned = _plan_tranches(amount, tranches)
        programme = locked.call.programme
        budget = list(locked.budget_lines.all())
        # Approved for less (or more) than the budget adds up to: the lines are copied as they
        # are and the grant waits for a budget revision (grant_budget_revise) to match them.
        needs_revision = bool(budget) and sum((line.amount for line in budget), ZERO) != amount
        grant = Grant.objects.create(
            proposal=locked,
            organisation_id=locked.organisation_id,
            programme=programme,
            agreement_number=_next_agreement_number(programme, starts_on.year),
            title=locked.title,
            amount=amount,
            starts_on=starts_on,
            ends_on=ends_on,
            status=GrantStatus.ACTIVE,
            signed_at=signed_at or timezone.now(),
            budget_needs_revision=needs_revision,
            created_by=by,
        )
        for t in planned:
            t.grant = grant
        Tranche.objects.bulk_create(planned)
        GrantBudgetLine.objects.bulk_create(
            GrantBudgetLine(grant=grant, category=line.category, item=line.item, amount=line.amount, order=i)
            for i, line in enumerate(budget)
        )
        audit_event(
            obj=grant,
            actor=by,
            event="grant.create",
            changes={
                "status": ["", GrantStatus.ACTIVE],
                "amount": ["", str(amount)],
                "tranches": ["", ", ".join(f"{t.label} {t.amount}" for t in planned)],
                **({"budget_needs_revision": ["", "True"]} if needs_revision else {}),
            },
        )
        return grant


# --- paying -----------------------------------------------------------------------------------


def _over_limit(tranche: Tranche) -> ValidationError:
    return ValidationError(
        {
            "amount": [
                _("超出本期可拨付余额:%(label)s 金额 %(amount)s,已拨付 %(paid)s,剩余 %(left)s。")
                % {
                    "label": tranche.label,
                    "amount": yuan(tranche.amount),
                    "paid": yuan(tranche.disbursed),
                    "left": yuan(tranche.remaining),
                }
            ]
        }
    )


def grant_disburse(
    *, grant: Grant, tranche: Tranche, amount: Any, paid_on: date | None, reference: str, by: Any
) -> Disbursement:
    """Record a payment against a tranche of an active grant; never beyond the tranche or the
    grant. Refused with a field error and nothing written otherwise."""
    require(by, "disburse", grant)
    errors: dict[str, list[str]] = {}
    try:
        value = parse_amount(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        value = Decimal("0")
    if not isinstance(paid_on, date):
        errors["paid_on"] = [_("请填写拨付日期。")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("拨付日期不能晚于今天。")]
    reference = clean_text(reference, "reference", 60, errors, required=True)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        # Grant first, then tranche: every writer takes the locks in the same order.
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        part = Tranche.objects.select_for_update().filter(pk=tranche.pk, grant_id=locked.pk).first()
        if part is None:
            raise ValidationError({"tranche": [_("该批次不属于此资助协议。")]})
        if locked.status != GrantStatus.ACTIVE:
            raise ValidationError(
                {NON_FIELD_ERRORS: [_("协议当前状态为“%(s)s”,不能拨付。") % {"s": locked.get_status_display()}]}
            )
        if value > part.remaining:
            raise _over_limit(part)
        if value > locked.remaining:
            raise ValidationError(
                {
                    "amount": [
                        _("超出协议可拨付余额:资助金额 %(amount)s,已拨付 %(paid)s,剩余 %(left)s。")
                        % {
                            "amount": yuan(locked.amount),
                            "paid": yuan(locked.disbursed_total),
                            "left": yuan(locked.remaining),
                        }
                    ]
                }
            )
        if Disbursement.objects.filter(grant=locked, reference=reference).exists():
            raise ValidationError({"reference": [_("凭证号 %(ref)s 已登记过,请勿重复拨付。") % {"ref": reference}]})
        try:
            with transaction.atomic():
                # F() expressions: the database adds to what is stored, and its CHECK constraints
                # refuse a total beyond the tranche or the grant whatever the service believed.
                Tranche.objects.filter(pk=part.pk).update(disbursed=F("disbursed") + value)
                Grant.objects.filter(pk=locked.pk).update(disbursed_total=F("disbursed_total") + value)
                payment = Disbursement.objects.create(
                    grant=locked,
                    tranche=part,
                    amount=value,
                    paid_on=cast(date, paid_on),
                    reference=reference,
                    recorded_by=by,
                )
        except IntegrityError:
            if Disbursement.objects.filter(grant=locked, reference=reference).exists():
                raise ValidationError(
                    {"reference": [_("凭证号 %(ref)s 已登记过,请勿重复拨付。") % {"ref": reference}]}
                ) from None
            part.refresh_from_db()
            raise _over_limit(part) from None
        audit_event(
            obj=locked,
            actor=by,
            event="grant.disburse",
            changes={
                "disbursed_total": [str(locked.disbursed_total), str(locked.disbursed_total + value)],
                "tranche": ["", part.label],
                "amount": ["", str(value)],
                "reference": ["", reference],
            },
        )
        return payment


# --- spending ---------------------------------------------------------------------------------


def grant_record_expenditure(
    *, grant: Grant, budget_line: GrantBudgetLine, amount: Any, spent_on: date | None, description: str, by: Any
) -> Expenditure:
    """Book money the grantee spent against a line of the agreed budget."""
    require(by, "record_expenditure", grant)
    errors: dict[str, list[str]] = {}
    try:
        value = parse_amount(amount)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        value = Decimal("0")
    if budget_line is None or budget_line.grant_id != grant.pk:
        errors["budget_line"] = [_("请选择本协议的预算行。")]
    if not isinstance(spent_on, date):
        errors["spent_on"] = [_("请填写支出日期。")]
    elif spent_on > timezone.localdate():
        errors["spent_on"] = [_("支出日期不能晚于今天。")]
    elif not grant.starts_on <= spent_on <= grant.ends_on:
        errors["spent_on"] = [
            _("支出日期须在协议期内(%(start)s 至 %(end)s)。") % {"start": grant.starts_on, "end": grant.ends_on}
        ]
    description = clean_text(description, "description", 200, errors, required=True)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        if locked.status == GrantStatus.CLOSED:
            raise ValidationError({NON_FIELD_ERRORS: [_("协议已结项,不能再登记支出。")]})
        return Expenditure.objects.create(
            grant=locked,
            budget_line=budget_line,
            amount=value,
            spent_on=cast(date, spent_on),
            description=description,
            recorded_by=by,
        )


# --- the state machine ------------------------------------------------------------------------


def grant_roles(by: Any, grant: Grant) -> set[str]:
    return {OFFICER} if manages(actor_for(by), grant) else set()


def grant_transition(*, grant: Grant, action: str, by: Any, reason: str = "") -> Grant:
    """Fire ``action`` (suspend, resume, close). Refused, with nothing written, if unknown, not
    allowed from the current state, not permitted for the user's role, or without a reason
    where one is needed."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationError({"action": [_("未知的操作。")]})
    reason = str(reason or "").strip()
    with transaction.atomic(), acting_as(by):
        locked = Grant.objects.select_for_update(of=("self",)).select_related("programme").get(pk=grant.pk)
        if not grant_roles(by, locked).intersection(t.roles):
            raise PermissionDenied(_("你的角色不能执行“%(a)s”。") % {"a": t.label})
        if locked.status not in t.sources:
            raise ValidationError(
                {
                    "action": [
                        _("协议当前状态为“%(s)s”,不能“%(a)s”。") % {"s": locked.get_status_display(), "a": t.label}
                    ]
                }
            )
        if t.needs_reason and not reason:
            raise ValidationError({"reason": [_("请写明“%(a)s”的理由,受资助机构会看到。") % {"a": t.label}]})
        if len(reason) > 500:
            raise ValidationError({"reason": [ngettext("最多 %(n)d 个字。", "最多 %(n)d 个字。", 500) % {"n": 500}]})
        before = locked.status
        locked.status = t.target
        locked.status_reason = reason
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_reason", "status_changed_at"])
        audit_event(
            obj=locked,
            actor=by,
            event=f"grant.{t.action}",
            changes={"status": [before, t.target], **({"reason": ["", reason]} if reason else {})},
        )
        return locked
