"""Writes for grants: making one from an approved proposal, paying tranches, booking spending,
and the state machine.

Paying is where money can go wrong, so the limits are kept twice: the service locks the grant and
tranche rows (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions already let
one writer in at a time) and checks what is left, and the totals are then raised with ``F()``
expressions against CHECK constraints, so even a write that slipped past the check could not
pay beyond a tranche or the grant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wushe.access.door import require, require_create
from wushe.access.roles import actor_for
from wushe.core.audit import acting_as, audit_event
from wushe.core.money import CENT, parse_amount, yuan
from wushe.core.text import pinyin_initials
from wushe.grants.models import (
    ZERO,
    AgreementSequence,
    BudgetRevision,
    Disbursement,
    Expenditure,
    Grant,
    GrantBudgetLine,
    GrantStatus,
    Tranche,
)
from wushe.grants.policies import manages
from wushe.grants.transitions import GUARDS, OFFICER, TRANSITIONS, allowed
from wushe.programmes.models import Programme
from wushe.proposals.models import BudgetCategory, Proposal, ProposalStatus
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


def _text(raw: Any, field: str, max_length: int, errors: dict[str, list[str]], *, required: bool) -> str:
    value = str(raw or "").strip()
    if required and not value:
        errors[field] = [_("此项必填。")]
    elif len(value) > max_length:
        errors[field] = [ngettext("最多 %(n)d 个字。", "最多 %(n)d 个字。", max_length) % {"n": max_length}]
    return value


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
        label = _text(spec.get("label"), f"{f}.label", 40, errors, required=True)
        condition = _text(spec.get("condition"), f"{f}.condition", 200, errors, required=False)
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
    reference = _text(reference, "reference", 60, errors, required=True)
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
    description = _text(description, "description", 200, errors, required=True)
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


# --- the budget -------------------------------------------------------------------------------

MAX_BUDGET_LINES = 50
YUAN = Decimal("1")


def scaled_budget(amounts: Sequence[Decimal], total: Decimal, floors: Sequence[Decimal] | None = None) -> list[Decimal]:
    """``amounts`` scaled in proportion so they add up to ``total``: each rounded to whole yuan,
    and what the rounding leaves (cents included) put on the largest line. A line that would fall
    below its floor (what was already spent on it) is kept at the floor and the others share the
    rest. A suggestion for the person revising the budget, who adjusts it before saving; lines
    that add up to nothing, or floors above the total, leave the floors aside."""
    amounts = [Decimal(a) for a in amounts]
    lows = [Decimal(f) for f in floors] if floors is not None else [ZERO] * len(amounts)
    if not amounts or sum(amounts, ZERO) <= 0:
        return amounts
    if sum(lows, ZERO) > total:
        lows = [ZERO] * len(amounts)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(amounts)) if i not in fixed]
        base = sum((amounts[i] for i in free), ZERO)
        left = total - sum((lows[i] for i in fixed), ZERO)
        if base <= 0:
            break
        below = {i for i in free if amounts[i] * left / base < lows[i]}
        if not below:
            break
        fixed |= below
    free = [i for i in range(len(amounts)) if i not in fixed]
    if not free or base <= 0:  # every line held at its floor, or nothing left to share
        return _with_remainder(amounts, lows, total, lambda i, _rounding: lows[i])
    largest = max(free, key=lambda i: (amounts[i], -i))

    def share(i: int, rounding: str) -> Decimal:
        if i in fixed:
            return lows[i]
        return max(lows[i], (amounts[i] * left / base).quantize(YUAN, rounding=rounding))

    return _with_remainder(amounts, lows, total, share, largest)


def _with_remainder(
    amounts: list[Decimal], lows: list[Decimal], total: Decimal, share: Any, largest: int | None = None
) -> list[Decimal]:
    if largest is None:
        largest = max(range(len(amounts)), key=lambda i: (amounts[i], -i))
    scaled: list[Decimal] = []
    for rounding in (ROUND_HALF_UP, ROUND_DOWN):  # rounding down leaves a remainder that is never negative
        scaled = [share(i, rounding) for i in range(len(amounts))]
        scaled[largest] += total - sum(scaled, ZERO)
        if scaled[largest] >= lows[largest]:
            break
    return [a.quantize(CENT) for a in scaled]


def _budget_line_specs(lines: Iterable[Mapping[str, Any]], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Each submitted line as ``{"id", "category", "item", "amount"}``; an ``id`` names a line of
    the grant kept (its category and item stay), no ``id`` adds a line."""
    specs = list(lines)
    if not specs:
        errors["lines"] = [_("请至少保留一行预算。")]
    elif len(specs) > MAX_BUDGET_LINES:
        errors["lines"] = [_("最多 %(n)d 行预算。") % {"n": MAX_BUDGET_LINES}]
        specs = []
    parsed: list[dict[str, Any]] = []
    seen: set[int] = set()
    for i, spec in enumerate(specs):
        f = f"lines.{i}"
        line_id: int | None = None
        raw_id = spec.get("id")
        if raw_id not in (None, ""):
            try:
                line_id = int(raw_id)
            except (TypeError, ValueError):
                errors[f"{f}.id"] = [_("该预算行不属于此资助协议。")]
                line_id = 0  # no line has it: kept out of the checks of new lines
            else:
                if line_id in seen:
                    errors[f"{f}.id"] = [_("同一预算行出现了两次。")]
                seen.add(line_id)
        category = str(spec.get("category") or "")
        item = str(spec.get("item") or "").strip()
        if line_id is None:
            if category not in BudgetCategory.values:
                errors[f"{f}.category"] = [_("请选择预算类别。")]
            item = _text(item, f"{f}.item", 100, errors, required=True)
        amount = None
        try:
            amount = parse_amount(spec.get("amount", ""), f"{f}.amount", allow_zero=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        parsed.append({"id": line_id, "category": category, "item": item, "amount": amount})
    return parsed


def grant_budget_revise(*, grant: Grant, by: Any, lines: Iterable[Mapping[str, Any]], reason: str) -> BudgetRevision:
    """Replace the amounts of the grant's budget lines, add lines and remove lines, so that the
    budget adds up to the grant amount, with a reason. The lines named by ``id`` are kept (their
    category and item stay), lines without one are added, and lines left out are removed.

    Refused, with field errors (``lines.<i>.amount`` …) and nothing written, when the total is
    not the grant amount, a line is negative or below what was already spent on it, a line with
    spending is removed, nothing changes, or the grant is in a state where budgets are not
    revised. The revision is kept with each line before and after, and audited."""
    require(by, "revise_budget", grant)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", 500, errors, required=True)
    parsed = _budget_line_specs(lines, errors)
    if not parsed:
        raise ValidationError(errors)
    # What needs the database (spending, the total) is checked too before refusing, so every
    # problem is reported at once.
    with transaction.atomic(), acting_as(by):
        # Spending is booked under the same lock, so what was spent cannot move underneath.
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        if not allowed("revise_budget", locked.status):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _("协议当前状态为“%(s)s”,不能“%(a)s”。")
                        % {"s": locked.get_status_display(), "a": GUARDS["revise_budget"].label}
                    ]
                }
            )
        existing = {line.pk: line for line in GrantBudgetLine.objects.filter(grant=locked).order_by("order", "pk")}
        spent: dict[int, Decimal] = dict(
            Expenditure.objects.filter(grant=locked)
            .order_by()
            .values_list("budget_line_id")
            .annotate(total=Sum("amount"))
        )
        for i, spec in enumerate(parsed):
            f = f"lines.{i}"
            if spec["id"] is not None and spec["id"] not in existing:
                errors.setdefault(f"{f}.id", [_("该预算行不属于此资助协议。")])
                continue
            used = spent.get(spec["id"], ZERO) if spec["id"] is not None else ZERO
            if spec["amount"] is not None and spec["amount"] < used:
                errors[f"{f}.amount"] = [
                    _("不能低于这一行已支出的 %(spent)s。") % {"spent": yuan(used)},
                ]
        kept = {spec["id"] for spec in parsed}
        removed = [line for pk, line in existing.items() if pk not in kept]
        for line in removed:
            if spent.get(line.pk):
                errors.setdefault("lines", []).append(
                    _("“%(item)s”已支出 %(spent)s,不能删除;可以调低金额,但不能低于已支出。")
                    % {"item": line.item, "spent": yuan(spent[line.pk])}
                )
        total_before = sum((line.amount for line in existing.values()), ZERO)
        total_after = sum((spec["amount"] or ZERO for spec in parsed), ZERO)
        lines_wrong = any(key.startswith("lines.") for key in errors)
        if not lines_wrong and total_after != locked.amount:
            values = {"total": yuan(total_after), "amount": yuan(locked.amount)}
            if total_after > locked.amount:
                message = _("调整后合计 %(total)s,比资助金额 %(amount)s 多 %(diff)s。合计须等于资助金额。")
            else:
                message = _("调整后合计 %(total)s,比资助金额 %(amount)s 少 %(diff)s。合计须等于资助金额。")
            errors["total"] = [message % {**values, "diff": yuan(abs(total_after - locked.amount))}]
        unchanged = not removed and all(
            spec["id"] is not None and existing[spec["id"]].amount == spec["amount"] for spec in parsed
        )
        if not errors and unchanged:
            errors[NON_FIELD_ERRORS] = [_("预算没有变化,无需调整。")]
        if errors:
            raise ValidationError(errors)

        record: list[dict[str, str]] = []
        for order, spec in enumerate(parsed):
            if spec["id"] is not None:
                line = existing[spec["id"]]
                record.append(
                    {
                        "category": line.category,
                        "item": line.item,
                        "before": str(line.amount),
                        "after": str(spec["amount"]),
                    }
                )
                if (line.amount, line.order) != (spec["amount"], order):
                    line.amount, line.order = spec["amount"], order
                    line.save(update_fields=["amount", "order"])
            else:
                GrantBudgetLine.objects.create(
                    grant=locked, category=spec["category"], item=spec["item"], amount=spec["amount"], order=order
                )
                record.append(
                    {"category": spec["category"], "item": spec["item"], "before": "", "after": str(spec["amount"])}
                )
        for line in removed:
            record.append({"category": line.category, "item": line.item, "before": str(line.amount), "after": ""})
            line.delete()
        if locked.budget_needs_revision:
            locked.budget_needs_revision = False
            locked.save(update_fields=["budget_needs_revision"])
        revision = BudgetRevision.objects.create(
            grant=locked,
            reason=reason,
            total_before=total_before,
            total_after=total_after,
            lines=record,
            revised_by=by,
        )
        audit_event(
            obj=locked,
            actor=by,
            event="grant.budget_revise",
            changes={"budget_total": [str(total_before), str(total_after)], "reason": ["", reason]},
        )
        return revision


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
